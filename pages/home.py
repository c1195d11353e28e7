"""Accueil: the key national figures of the latest edition, each with its CI, its change since
the previous edition (significant or not) and a link to its map; the data version."""
from __future__ import annotations

import dash
from dash import dcc, html

from components.key_figures import make_key_figures
from data import map_queries as q
from data.loader import store

dash.register_page(__name__, path="/", name="Accueil", order=0, title="Accueil – VRS")

FIGURES = "home-chiffres-cles"
VERSION = "home-version"


def _version(manifest: dict) -> html.P:
    simulated = manifest.get("origin") == "simulation"
    return html.P([
        html.Strong("Données simulées. ") if simulated else None,
        f"Version des données : {manifest.get('data_version', 'inconnue')}",
        f", construite le {manifest['built_at'][:10]}." if manifest.get("built_at") else ".",
    ], id=VERSION, className="data-version")


def layout(**_params):
    data = store()
    items = q.build_key_figures(data)
    edition = items[0]["edition"] if items else None
    previous = items[0]["previous_edition"] if items else None
    intro = (f"Chiffres clés de l'édition {edition} pour la France (France métropolitaine, Guadeloupe, "
             f"Martinique et La Réunion), personnes de 18 ans ou plus. L'évolution est comparée à "
             f"l'édition {previous} ; elle est dite significative quand le test à 5\u00a0% la distingue "
             "des fluctuations d'échantillonnage.") if edition else "Aucune donnée chargée."
    return html.Div([
        html.H1("Vécu et ressenti en matière de sécurité"),
        html.P("Les résultats de l'enquête annuelle de victimation du SSMSI : atteintes subies, sentiment "
               "d'insécurité et opinion sur les forces de sécurité, pour la France et chaque département, depuis 2022."),
        _version(data.manifest),
        html.H2(f"Chiffres clés – édition {edition}" if edition else "Chiffres clés"),
        html.P(intro, className="chart-note"),
        make_key_figures(items, element_id=FIGURES),
        html.H2("Explorer"),
        html.Ul([
            html.Li([dcc.Link("Carte des départements", href="/carte"), " : un indicateur, une période, un groupe "
                     "de population ; valeurs ou comparaison avec la France."]),
            html.Li([dcc.Link("Méthodologie", href="/methodologie"), " : l'enquête, les intervalles de confiance "
                     "et les règles de diffusion."]),
        ]),
    ], className="home-page")
