"""Dash rendering of the département diagnostic: summary, one table per theme, notes.

Pure builders (tidy frame of `components.fiche.prepare_fiche` in, Dash components out). Every
value carries its CI and quality flag; rows stack on phones (CSS in assets/print.css reads
`data-label`); sparklines are SVG images with a text alternative.
"""
from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
from dash import dcc, html

from components.fiche import Summary
from components.timeseries import data_uri, sparkline_alt, sparkline_geometry, sparkline_svg
from data.catalogue import THEMES
from data.compare import HIGHER, LOWER
from data.ranks import DIRECTION_FR

SHOWN = ("ok", "caution", "unreliable")

FLAG_TITLES = {"E": "À interpréter avec prudence (E)", "F": "Estimation peu fiable (F)", "s": "Secret statistique"}


def make_summary(summary: Summary, heading: str) -> html.Section:
    """'En bref': who stands out, with values and CIs, counts, changes."""
    body: list = [html.H2(heading, className="h4")]
    for lead, items in ((summary.higher_lead, summary.higher), (summary.lower_lead, summary.lower)):
        if lead:
            body.append(html.P(lead, className="mb-1"))
        if items:
            body.append(html.Ul([html.Li(item) for item in items]))
    body += [html.P(summary.counts, className="small text-muted"), html.P(summary.changes)] if summary.changes \
        else [html.P(summary.counts, className="small text-muted")]
    return html.Section(body, className="dep-summary", id="dep-synthese", **{"aria-live": "polite"})


def _flag(flag: str, reason: str) -> html.Abbr | None:
    if not flag:
        return None
    return html.Abbr(flag, title=reason or FLAG_TITLES.get(flag, ""), className=f"dep-flag dep-flag-{flag}")


def _value_cell(row: pd.Series, prefix: str, label: str) -> html.Td:
    status = row[f"{prefix}status"]
    return html.Td([html.Span(row[f"{prefix}text"]), " ", _flag(row[f"{prefix}flag"], row[f"{prefix}status_reason"])],
                   className=f"dep-value status-{status}", **{"data-label": label})


def _verdict_cell(row: pd.Series) -> html.Td:
    verdict = row["verdict"]
    arrow = {HIGHER: "▲ ", LOWER: "▼ "}.get(verdict, "")
    return html.Td(arrow + row["verdict_label"], className=f"dep-verdict verdict-{verdict or 'none'}",
                   **{"data-label": "Écart à la France"})


def _change_cell(row: pd.Series, label: str) -> html.Td:
    text = row["change_label"]
    points = f" ({row['change_points']})" if row["change_points"] else ""
    return html.Td(text + points, className=f"dep-change change-{row['change'] or 'none'}", **{"data-label": label})


def _sparkline(series: pd.DataFrame, reference: pd.DataFrame, periods: list[str]) -> html.Img | str:
    if not series["status"].isin(SHOWN).any():
        return "—"
    geometry = sparkline_geometry(series, periods, reference)
    alt = sparkline_alt(series, periods)
    return html.Img(src=data_uri(sparkline_svg(geometry)), alt=alt, title=alt, className="dep-sparkline",
                    width=geometry["width"], height=geometry["height"])


def evolution_href(indicator: str, tokens: list[str]) -> str:
    return "/evolutions?" + urlencode({"indicateur": indicator, "territoires": ",".join(tokens)})


def make_theme_table(tidy: pd.DataFrame, theme: str, names: dict, sparks: pd.DataFrame,
                     reference: pd.DataFrame, periods: list[str], tokens: list[str]) -> html.Section:
    """One theme: a table row per indicator, with the département, its région, France, the
    verdict, the change since the previous edition, the rank range and the sparkline."""
    rows = tidy[tidy["theme"] == theme]
    units = rows["unit_fr"].unique()
    shared_unit = units[0] if len(units) == 1 else ""
    previous = next((p for p in rows["previous_period"] if p), "")
    change_header = f"Évolution depuis {previous}" if previous else "Évolution"
    header = html.Thead(html.Tr([
        html.Th("Indicateur", scope="col"), html.Th(names["departement"], scope="col"),
        html.Th(f"Région ({names['region']})", scope="col"), html.Th("France", scope="col"),
        html.Th("Écart à la France", scope="col"), html.Th(change_header, scope="col"),
        html.Th(["Rang ", html.Span(f"({DIRECTION_FR})", className="small fw-normal")], scope="col"),
        html.Th(f"{periods[0]}–{periods[-1]}" if periods else "", scope="col")]))
    body = []
    for _, row in rows.iterrows():
        label = [dcc.Link(row["label_fr"], href=evolution_href(row["indicator"], tokens), className="dep-indicator-link",
                          title="Voir l'évolution depuis 2022"),
                 None if shared_unit else html.Div(row["unit_fr"], className="small text-muted")]
        body.append(html.Tr([
            html.Th(label, scope="row", className="dep-indicator"),
            _value_cell(row, "dep_", names["departement"]), _value_cell(row, "reg_", "Région"),
            _value_cell(row, "fr_", "France"), _verdict_cell(row), _change_cell(row, change_header),
            html.Td(row["rank_text"] or "—", className="dep-rank", **{"data-label": "Rang"}),
            html.Td(_sparkline(sparks[sparks["indicator"] == row["indicator"]],
                               reference[reference["indicator"] == row["indicator"]], periods),
                    className="dep-spark", **{"data-label": f"{periods[0]}–{periods[-1]}" if periods else ""}),
        ], id=f"dep-ligne-{row['indicator']}"))
    return html.Section([html.H2(THEMES[theme], className="h4"),
                         html.P(f"En {shared_unit}.", className="small text-muted dep-unit") if shared_unit else None,
                         html.Div(html.Table([header, html.Tbody(body)], className="table table-sm dep-table"),
                                  className="dep-table-wrap")], className="dep-theme")


def make_notes(rank_direction: str = DIRECTION_FR) -> html.Section:
    """How to read the fiche: CI, flags, verdicts, ranks, absent values."""
    return html.Section([
        html.H2("Lecture", className="h5"),
        html.Ul([
            html.Li("Chaque valeur est suivie de son intervalle de confiance à 95 % entre crochets."),
            html.Li("E : estimation à interpréter avec prudence (coefficient de variation entre 15 et 30 %) ; "
                    "F : estimation peu fiable (coefficient de variation supérieur à 30 %) — jamais mise en avant "
                    "dans la synthèse."),
            html.Li("Secret statistique : moins de 30 répondants, ou de 1 à 4 répondants concernés ; la valeur n'est "
                    "pas diffusée. « Aucun répondant concerné » : l'estimation vaut 0 sans marge d'erreur calculable, "
                    "elle n'est ni testée ni classée."),
            html.Li("Écart à la France et évolution : test de la différence au seuil de 5 %, avec les erreurs-types "
                    "des deux estimations, sans correction pour tests multiples."),
            html.Li(f"Rang parmi les départements dont la valeur est publiée ({rank_direction}). La fourchette "
                    "(« entre … et … ») contient 90 % des rangs obtenus en tirant 1 000 fois chaque estimation "
                    "dans sa loi d'incertitude : un rang sans fourchette serait trompeur."),
            html.Li("Courbes : l'estimation à chaque édition, bande = intervalle de confiance, pointillés = France ; "
                    "point vide = estimation à interpréter avec prudence ou peu fiable ; "
                    "une édition sans valeur publiée interrompt la courbe."),
        ], className="small"),
    ], className="dep-notes")
