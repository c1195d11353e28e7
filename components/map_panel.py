"""What sits beside the map: the view's title, the France value and the selected département.

Pure builders (dicts and frames in, Dash components out). Every number comes with its 95 %
confidence interval and its number of respondents (STYLE §6).
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from dash import dcc, html

from components.formatting import count, estimate_with_ci
from components.map_figure import HOVER_VERDICTS, SHOWN, MapView
from data.schema import CATEGORY_LABELS


def period_label(period: str, reference_period: str = "annee_precedente") -> str:
    """'édition 2024 (faits de 2023)', 'édition 2024', 'éditions 2022 à 2025 cumulées (faits de 2021 à 2024)'."""
    first, _, last = period.partition("-")
    if not last:
        if reference_period == "annee_precedente" and first.isdigit():
            return f"édition {first} (faits de {int(first) - 1})"
        return f"édition {first}"
    text = f"éditions {first} à {last} cumulées"
    if reference_period == "annee_precedente" and first.isdigit() and last.isdigit():
        text += f" (faits de {int(first) - 1} à {int(last) - 1})"
    return text


def population_label(category: str) -> str:
    return "" if category == "ensemble" else CATEGORY_LABELS.get(category, category)


def view_title(indicator_label: str, period: str, category: str, reference_period: str) -> str:
    """'Cambriolage ou tentative – édition 2024 (faits de 2023) – Femmes'."""
    parts = [indicator_label, period_label(period, reference_period), population_label(category)]
    return " – ".join(p for p in parts if p)


def _value_lines(row: Mapping | None) -> list:
    if not row:
        return [html.P("Pas de donnée.", className="text-muted")]
    if row.get("status") == "suppressed":
        return [html.P(["Valeur non diffusée : ", row.get("status_reason", "")], className="status-suppressed")]
    lines = [html.P(estimate_with_ci(row["estimate"], row["ci_low"], row["ci_high"]), className="big-value"),
             html.P(f"Intervalle de confiance à 95\u00a0% · {count(row.get('n_unweighted', row.get('n')))} répondants",
                    className="value-detail")]
    if row.get("status_reason"):
        lines.append(html.P(row["status_reason"], className=f"status-{row['status']}"))
    return lines


def make_france_box(france: Mapping | None, unit: str) -> html.Div:
    """The France value with its CI and respondents."""
    return html.Div([html.H2("France", className="box-title"), *_value_lines(france),
                     html.P(unit, className="value-detail")], className="value-box france-box")


def make_selected_box(view: MapView, code: str | None) -> html.Div:
    """The selected département: value with CI, respondents, verdict vs France, link to its page."""
    if not code or code not in set(view.frame["code"]):
        return html.Div([html.H2("Département", className="box-title"),
                         html.P("Cliquez sur la carte ou cherchez un département par son nom ou son numéro.",
                                className="value-detail")], className="value-box selected-box")
    row = view.frame.set_index("code").loc[code]
    record = {"estimate": row["estimate"], "ci_low": row["ci_low"], "ci_high": row["ci_high"],
              "n_unweighted": row["n"], "status": row["status"], "status_reason": row["status_reason"]}
    lines = _value_lines(record) if row["status"] != "absent" else [html.P("Pas de donnée.")]
    if row["verdict"] and row["status"] in SHOWN and pd.notna(row["estimate"]):
        adjusted = " (test ajusté, Benjamini–Hochberg)" if view.adjusted else ""
        lines.append(html.P(f"{HOVER_VERDICTS[row['verdict']]}{adjusted}", className="verdict"))
    return html.Div([
        html.H2(f"{row['name']} ({code})", className="box-title"), *lines,
        dcc.Link("Voir le diagnostic du département →", href=f"/departement/{code}", className="dep-link"),
    ], className="value-box selected-box")
