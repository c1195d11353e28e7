"""'Départements comparables': the fiche's département beside the five départements most
similar to it by settlement structure (`data.similar`), on a few headline indicators.

Pure builder in two steps, like `components.recorded_table`: `prepare_similar_rows` turns
store rows (dicts of `IndicatorStore.row`, or None) into display rows; `make_similar_table`
renders them. Every shown value carries its 95 % CI; an unreliable estimate (F) or a
suppressed one (s) shows only its mark, with the reason as a tooltip — a suppressed value is
never put in the page. ▲/▼ marks a comparable significantly above/below the fiche's
département (`data.compare.verdict`, both standard errors, 5 %, no multiplicity correction).
"""
from __future__ import annotations

from dash import dcc, html

from components.formatting import NBSP, estimate_with_ci
from components.fiche import of_name
from data.compare import HIGHER, LOWER, verdict
from data.similar import HEADLINE_INDICATORS
from geo.territories import DROM_IN_SCOPE

VALUED = ("ok", "caution")  # shown with a value and CI; unreliable and suppressed show a mark only
MARK_TITLES = {"F": "Estimation peu fiable (F)", "s": "Secret statistique (s)", "—": "Non disponible"}
ARROWS = {HIGHER: "▲", LOWER: "▼"}
ARROW_WORDS = {HIGHER: "valeur significativement plus élevée", LOWER: "valeur significativement plus faible"}


def _has_value(row: dict | None) -> bool:
    return row is not None and row.get("status") in VALUED and (row.get("se") or 0) > 0


def _cell(row: dict | None, reference: dict | None, compare: bool) -> dict:
    """One display cell: text (value and CI), flag, tooltip, status, ▲/▼ mark against `reference`."""
    if row is None:
        return {"text": "", "flag": "—", "title": MARK_TITLES["—"], "status": "absent", "mark": ""}
    status = row.get("status")
    if status == "suppressed":
        return {"text": "", "flag": "s", "title": row.get("status_reason") or MARK_TITLES["s"], "status": status,
                "mark": ""}
    if not _has_value(row):
        return {"text": "", "flag": "F", "title": row.get("status_reason") or MARK_TITLES["F"],
                "status": "unreliable", "mark": ""}
    mark = ""
    if compare and _has_value(reference):
        mark = verdict(row["estimate"], row["se"], reference["estimate"], reference["se"])
        mark = mark if mark in ARROWS else ""
    return {"text": estimate_with_ci(row["estimate"], row["ci_low"], row["ci_high"]),
            "flag": "E" if status == "caution" else "", "title": row.get("status_reason") or "", "status": status,
            "mark": mark}


def prepare_similar_rows(focus: str, comparables: list[str], indicators: list[str], estimates: dict,
                         names: dict, period: str) -> list[dict]:
    """Display rows: the fiche's département (`focus`) first, then each comparable.

    estimates: {(code, indicator): store row dict or None}; names: {code: display name}.
    Each row: code, name, href (its fiche, same period), focus (bool), cells (one per indicator).
    """
    rows = []
    for code in [focus, *comparables]:
        is_focus = code == focus
        cells = [dict(_cell(estimates.get((code, ind)), estimates.get((focus, ind)), not is_focus), indicator=ind)
                 for ind in indicators]
        rows.append({"code": code, "name": names[code], "focus": is_focus, "cells": cells,
                     "href": f"/departement/{code}?periode={period}"})
    return rows


def fiche_similar_inputs(data, catalogue, names: dict, indicators=HEADLINE_INDICATORS) -> dict:
    """What the page and the PDF both need, from a `data.fiche_queries.FicheData` (duck-typed):
    rows, column labels, unit, the département's 'de' form, the sentence saying how they were chosen."""
    indicators = [i for i in indicators if i in catalogue.index]
    units = catalogue.loc[indicators, "unit_fr"].unique()
    focus_of = of_name(data.name, data.tncc)
    return {"rows": prepare_similar_rows(data.code, list(data.comparables), indicators, data.comparable_rows, names,
                                         data.period),
            "labels": catalogue.loc[indicators, "label_fr"].tolist(), "unit": units[0] if len(units) == 1 else "%",
            "focus_of": focus_of, "sentence": similar_sentence(focus_of, data.code in DROM_IN_SCOPE)}


def similar_sentence(focus_of: str, drom: bool) -> str:
    """How the comparables were chosen (printed above the table, on the page and in the PDF)."""
    return (f"Les cinq départements les plus proches {focus_of} par leurs caractéristiques de peuplement : part de "
            "la population dans les grandes agglomérations (100 000 habitants ou plus), densité, taille ; pas "
            "d'après les résultats de l'enquête." + (" Les départements d'outre-mer sont d'abord comparés entre eux."
                                                       if drom else ""))


def has_unpublished(rows: list[dict]) -> bool:
    """Whether some cell shows a mark instead of a value (the page then suggests the pooled period)."""
    return any(cell["status"] in ("unreliable", "suppressed") for row in rows for cell in row["cells"])


def _td(cell: dict, label: str, focus_of: str) -> html.Td:
    flag = html.Abbr(cell["flag"], title=cell["title"], className=f"dep-flag dep-flag-{cell['flag']}") \
        if cell["flag"] in ("E", "F", "s") else None
    if not cell["text"]:
        body = [flag or html.Span(cell["flag"], title=cell["title"])]
    else:
        value, _, ci = cell["text"].partition(" [")
        body = [html.Span(value, className="dep-comparables-value"), " ", flag,
                html.Span(f"[{ci}", className="dep-comparables-ci")]
    if cell["mark"]:
        words = f"{ARROW_WORDS[cell['mark']]} que celle {focus_of}"
        body.insert(0, html.Span([html.Span(ARROWS[cell["mark"]], **{"aria-hidden": "true"}),
                                  html.Span(f" ({words})", className="visually-hidden")],
                                 title=words[:1].upper() + words[1:], className=f"dep-comparables-mark mark-{cell['mark']}"))
    return html.Td(body, className=f"dep-comparables-cell status-{cell['status']}", **{"data-label": label})


def make_caption_text(focus_of: str, unit: str = "% des personnes de 18 ans ou plus", hover: bool = True) -> str:
    """What the CI brackets and the ▲/▼, E, F, s marks mean (page caption and PDF)."""
    text = (f"En {unit}, intervalle de confiance à 95 % entre crochets. ▲ / ▼ : valeur significativement plus "
            f"élevée / plus faible que celle {focus_of} (test au seuil de 5 %, avec les erreurs-types des deux "
            "estimations, sans correction pour tests multiples). E : à interpréter avec prudence ; F : estimation "
            "peu fiable, non affichée ; s : secret statistique" + (" (survoler la marque pour la raison)." if hover else "."))
    return text.replace(" :", f"{NBSP}:").replace(" ;", f"{NBSP};").replace("95 %", f"95{NBSP}%").replace("5 %", f"5{NBSP}%")


def make_similar_table(rows: list[dict], labels: list[str], focus_of: str, table_id: str,
                       unit: str = "% des personnes de 18 ans ou plus") -> html.Div:
    """The comparison table (scrolls sideways on phones), then the text explaining CI and marks.

    labels: column headers (catalogue `label_fr`, in the order of the cells); focus_of: the
    fiche's département in 'de' form ('de la Lozère'), for the marks' wording.
    """
    if not rows:
        return html.Div()
    head = html.Thead(html.Tr([html.Th("Département", scope="col"),
                               *[html.Th(label, scope="col") for label in labels]]))
    body = []
    for row in rows:
        name = f"{row['name']} ({row['code']})"
        title = html.Strong(name) if row["focus"] else dcc.Link(name, href=row["href"])
        body.append(html.Tr([html.Th(title, scope="row"), *[_td(cell, label, focus_of) for cell, label in
                                                            zip(row["cells"], labels)]],
                            className="dep-comparables-focus" if row["focus"] else None))
    # the explanation sits below the scrolling box, so that phones show it whole
    caption = html.Caption(f"Départements comparables : valeurs et intervalles de confiance ({unit})",
                           className="visually-hidden")
    return html.Div([
        html.Div(html.Table([caption, head, html.Tbody(body)], className="table table-sm dep-comparables-table",
                            id=table_id), className="table-responsive"),
        html.P(make_caption_text(focus_of, unit), className="small text-muted dep-comparables-caption"),
    ])
