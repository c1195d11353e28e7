"""The keyboard- and screen-reader-usable alternative to the map: an HTML table of the 99
départements (caption, header cells with scope, sorted by value, links to each page).

Rows shown on the map come first, highest value first; then unreliable, suppressed and
missing rows, in code order, with the reason in the status column.
"""
from __future__ import annotations

import pandas as pd
from dash import dcc, html

from components.formatting import count, estimate_with_ci
from components.map_figure import SHOWN, MapView
from data.schema import STATUS_FLAGS

STATUS_ORDER = {"ok": 0, "caution": 0, "unreliable": 1, "suppressed": 2, "absent": 3}


def prepare_table(view: MapView) -> pd.DataFrame:
    """Rows in reading order with their rank (shown values only) and display strings."""
    frame = view.frame.assign(order=view.frame["status"].map(STATUS_ORDER).fillna(3),
                              sort_value=-view.frame["estimate"].fillna(0))
    frame = frame.sort_values(["order", "sort_value", "code"]).reset_index(drop=True)
    shown = frame["status"].isin(SHOWN) & frame["estimate"].notna()
    frame["rank"] = [str(i + 1) if s else "" for i, s in enumerate(shown)]
    frame["value_text"] = [
        estimate_with_ci(r.estimate, r.ci_low, r.ci_high) if r.status != "suppressed" else "–"
        for r in frame.itertuples()]
    frame["flag"] = frame["status"].map(STATUS_FLAGS).fillna("")
    frame["n_text"] = [count(n) if pd.notna(n) else "" for n in frame["n"]]
    frame["verdict_text"] = [label if status in SHOWN else "" for label, status in zip(frame["label"], frame["status"])]
    return frame


def make_table(view: MapView, caption: str, element_id: str | None = None) -> html.Table:
    """The table; in comparison mode a column gives the verdict vs France."""
    rows = prepare_table(view)
    comparison = view.mode == "comparaison"
    head = ["Rang", "Département", "Valeur [IC à 95\u00a0%]", "Répondants"]
    head += ["Comparaison avec la France"] if comparison else []
    head += ["Qualité"]
    body = []
    for r in rows.itertuples():
        value = [r.value_text, html.Sup(r.flag, className="flag")] if r.flag and r.flag != "s" else r.value_text
        cells = [html.Td(r.rank), html.Th(dcc.Link(f"{r.name} ({r.code})", href=f"/departement/{r.code}"), scope="row"),
                 html.Td(value, className="num"), html.Td(r.n_text, className="num")]
        if comparison:
            cells.append(html.Td(r.verdict_text))
        cells.append(html.Td(r.status_reason or "Estimation fiable", className=f"status-{r.status}"))
        body.append(html.Tr(cells))
    kwargs = {"id": element_id} if element_id else {}
    return html.Table([
        html.Caption(caption),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
        html.Tbody(body),
    ], className="table table-sm map-table", **kwargs)
