"""Ranked chart of the départements: one point per département, sorted, with its 95 % CI, the
France value as a line with its band, and each point coloured as on the map.

`prepare_ranked` keeps the départements whose value is shown on the map (ok / caution),
sorted from highest to lowest; `make_ranked_figure` draws it once, `make_ranked_patch`
replaces only the arrays when the indicator, period, group, mode or selection change.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from dash import Patch

from components.formatting import percent
from components.map_figure import SHOWN, MapView

POINT = {"size": 7, "line": 0.5}
SELECTED = {"size": 13, "line": 2.5}
FRANCE_COLOR = "#000091"
HOVER = "<b>%{customdata}</b><br>%{hovertext}<extra></extra>"


def prepare_ranked(view: MapView) -> pd.DataFrame:
    """Shown départements sorted by value (highest first), in percent, with hover text."""
    frame = view.frame[view.frame["status"].isin(SHOWN) & view.frame["estimate"].notna()]
    frame = frame.sort_values(["estimate", "code"], ascending=[False, True])
    return pd.DataFrame({
        "code": frame["code"].to_numpy(),
        "label": [f"{n} ({c})" for n, c in zip(frame["name"], frame["code"])],
        "pct": (frame["estimate"] * 100).round(2).to_numpy(),
        "minus": ((frame["estimate"] - frame["ci_low"]) * 100).clip(lower=0).round(2).to_numpy(),
        "plus": ((frame["ci_high"] - frame["estimate"]) * 100).clip(lower=0).round(2).to_numpy(),
        "color": frame["color"].to_numpy(),
        "hover": frame["hover"].to_numpy(),
    })


def _arrays(ranked: pd.DataFrame, selected: str | None) -> dict:
    hit = ranked["code"].eq(selected).to_numpy()
    return {
        "x": ranked["code"].tolist(), "y": ranked["pct"].tolist(),
        "customdata": ranked["label"].tolist(), "hovertext": ranked["hover"].tolist(),
        "error_y": {"type": "data", "symmetric": False, "array": ranked["plus"].tolist(),
                    "arrayminus": ranked["minus"].tolist(), "color": "#6a6a6a", "thickness": 1, "width": 0},
        "marker": {"color": ranked["color"].tolist(), "opacity": 1,
                   "size": [SELECTED["size"] if h else POINT["size"] for h in hit],
                   "line": {"color": "#161616", "width": [SELECTED["line"] if h else POINT["line"] for h in hit]}},
    }


def _france_shapes(france: Mapping | None) -> list[dict]:
    if not france or france.get("estimate") is None or pd.isna(france.get("estimate")):
        return []
    band = {"type": "rect", "xref": "paper", "x0": 0, "x1": 1, "y0": france["ci_low"] * 100,
            "y1": france["ci_high"] * 100, "fillcolor": FRANCE_COLOR, "opacity": 0.12, "line": {"width": 0},
            "layer": "below"}
    line = {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": france["estimate"] * 100,
            "y1": france["estimate"] * 100, "line": {"color": FRANCE_COLOR, "width": 1.5, "dash": "dash"}}
    return [band, line]


def _france_annotation(france: Mapping | None) -> list[dict]:
    if not _france_shapes(france):
        return []
    return [{"text": f"France : {percent(france['estimate'])}", "xref": "paper", "x": 1, "xanchor": "right",
             "y": france["estimate"] * 100, "yanchor": "bottom", "showarrow": False,
             "font": {"color": FRANCE_COLOR, "size": 12}}]


def make_ranked_figure(ranked: pd.DataFrame, france: Mapping | None, selected: str | None = None,
                       y_title: str = "%") -> go.Figure:
    """Points with CI bars, sorted; the France value as a dashed line over its CI band."""
    figure = go.Figure(go.Scatter(mode="markers", hovertemplate=HOVER, name="Départements", **_arrays(ranked, selected)))
    figure.update_layout(
        height=360, margin={"l": 50, "r": 10, "t": 10, "b": 50}, showlegend=False,
        separators=", ", plot_bgcolor="#ffffff", paper_bgcolor="#ffffff",
        xaxis={"type": "category", "tickangle": -90, "tickfont": {"size": 9}, "title": None,
               "showgrid": False, "fixedrange": True},
        yaxis={"title": {"text": y_title}, "rangemode": "tozero", "gridcolor": "#e5e5e5", "fixedrange": True,
               "ticksuffix": "\u00a0%"},
        shapes=_france_shapes(france), annotations=_france_annotation(france),
        hoverlabel={"bgcolor": "#ffffff"},
    )
    return figure


def make_ranked_patch(ranked: pd.DataFrame, france: Mapping | None, selected: str | None = None) -> Patch:
    patch = Patch()
    for key, value in _arrays(ranked, selected).items():
        patch["data"][0][key] = value
    patch["layout"]["shapes"] = _france_shapes(france)
    patch["layout"]["annotations"] = _france_annotation(france)
    return patch
