"""The département map: `prepare_map_view` (estimates in -> tidy frame with classes, verdicts,
slots and hover text) then `make_map_figure` (the full figure, sent once) or `make_map_patch`
(only values, colours and hover of the existing traces: STYLE §8 "send values, not figures").

The geometry and the inset layout come from `geo.layout` (one choropleth per panel, trace
index == panel index). Every trace draws the slot of each département (`z`, see
`components.map_classes`) on one shared colour axis, so a change of indicator, period, group
or mode patches `z` and `hovertext` per trace and one colour scale.
"""
from __future__ import annotations

from collections import namedtuple
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from dash import Patch

from components import map_classes as mc
from components.formatting import NBSP, count, estimate_with_ci, number
from data.compare import HIGHER, LOWER, SAME, VERDICT_LABELS, verdicts
from geo.layout import PANELS, Panel, values_by_panel

SHOWN = ("ok", "caution")           # statuses drawn with their value's colour
HOVER_TEMPLATE = "<b>%{text}</b><br>%{hovertext}<extra></extra>"
SELECTED_LINE = {"color": "#161616", "width": 2.5}
BASE_LINE = {"color": "#ffffff", "width": 0.5}
FRAME_COLUMNS = ["code", "name", "estimate", "se", "ci_low", "ci_high", "cv", "n", "n_cases", "status",
                 "status_reason", "display", "verdict", "slot", "color", "label", "hover"]


HoverRow = namedtuple("HoverRow", ["estimate", "ci_low", "ci_high", "se", "cv", "n", "status", "status_reason",
                                   "verdict"])


@dataclass(frozen=True)
class MapView:
    """What one map shows: the tidy frame (one row per département), its classes and France."""
    frame: pd.DataFrame
    classes: mc.Classes
    mode: str
    france: Mapping | None
    adjusted: bool = True

    @property
    def colors(self) -> list[str]:
        return mc.slot_colors(self.mode, len(self.classes.labels))


# --- prepare ------------------------------------------------------------------------------
def prepare_map_view(values: pd.DataFrame, france: Mapping | None, codes: Sequence[str],
                     names: Mapping[str, str], mode: str = "valeur", adjust: bool = True,
                     method: str = "quantiles") -> MapView:
    """One tidy row per département of `codes` from `values` (contract rows indexed by geo_code).

    Départements without a row get status 'absent'. Only `ok`/`caution` values are classed and
    tested against France; comparison p-values are Benjamini–Hochberg adjusted when `adjust`.
    """
    frame = _tidy(values, codes, names)
    shown = frame["status"].isin(SHOWN) & frame["estimate"].notna()
    frame["display"] = np.where(shown, (frame["estimate"] * 100).round(1), np.nan)
    classes = mc.make_classes(frame.loc[shown, "display"].tolist(), method=method)
    frame["verdict"] = _verdicts(frame, shown, france, adjust)
    frame["slot"] = _slots(frame, shown, classes, mode)
    colors = mc.slot_colors(mode, len(classes.labels))
    frame["color"] = [colors[s] for s in frame["slot"]]
    frame["label"] = _labels(frame, classes, mode)
    frame["hover"] = [hover_text(HoverRow(*values), mode)
                      for values in frame[list(HoverRow._fields)].itertuples(index=False, name=None)]
    return MapView(frame[FRAME_COLUMNS], classes, mode, france, adjust)


def _tidy(values: pd.DataFrame, codes: Sequence[str], names: Mapping[str, str]) -> pd.DataFrame:
    rows = values.reindex(list(codes))
    return pd.DataFrame({
        "code": list(codes),
        "name": [names.get(c, c) for c in codes],
        "estimate": rows["estimate"].astype(float).to_numpy() if "estimate" in rows else np.nan,
        "se": rows["se"].astype(float).to_numpy() if "se" in rows else np.nan,
        "ci_low": rows["ci_low"].astype(float).to_numpy() if "ci_low" in rows else np.nan,
        "ci_high": rows["ci_high"].astype(float).to_numpy() if "ci_high" in rows else np.nan,
        "cv": rows["cv"].astype(float).to_numpy() if "cv" in rows else np.nan,
        "n": rows["n_unweighted"].to_numpy() if "n_unweighted" in rows else None,
        "n_cases": rows["n_cases"].to_numpy() if "n_cases" in rows else None,
        "status": rows["status"].fillna(mc.NO_DATA).to_numpy() if "status" in rows else mc.NO_DATA,
        "status_reason": rows["status_reason"].fillna("").to_numpy() if "status_reason" in rows else "",
    })


def _verdicts(frame: pd.DataFrame, shown: pd.Series, france: Mapping | None, adjust: bool) -> np.ndarray:
    if not france or france.get("status") not in SHOWN:
        return np.full(len(frame), "", dtype=object)
    testable = shown & frame["se"].gt(0)   # a zero SE (0 or 100 % in the sample) gives no valid test
    a = frame["estimate"].where(testable)
    se = frame["se"].where(testable)
    return verdicts(a, se, france["estimate"], france["se"], adjust=adjust)


def _slots(frame: pd.DataFrame, shown: pd.Series, classes: mc.Classes, mode: str) -> np.ndarray:
    slots = np.full(len(frame), mc.STATUS_SLOTS[mc.NO_DATA], dtype=int)
    slots[frame["status"].eq("unreliable").to_numpy()] = mc.STATUS_SLOTS[mc.UNRELIABLE]
    slots[frame["status"].eq("suppressed").to_numpy()] = mc.STATUS_SLOTS[mc.SUPPRESSED]
    if mode == "comparaison":
        for i, verdict in enumerate(frame["verdict"]):
            if shown.iloc[i]:
                slot = mc.verdict_slot(verdict)
                slots[i] = mc.UNTESTABLE_SLOT if slot is None else slot
    else:
        mask = shown.to_numpy()
        slots[mask] = mc.classify(frame.loc[mask, "display"], classes.breaks)
    return slots


def _labels(frame: pd.DataFrame, classes: mc.Classes, mode: str) -> list[str]:
    """The legend entry each département falls in (for the legend counts and the table)."""
    out = []
    for slot in frame["slot"]:
        if slot >= mc.K:
            status = {v: k for k, v in mc.STATUS_SLOTS.items()}[slot]
            out.append(mc.STATUS_LEGEND[status])
        elif mode == "comparaison":
            out.append(VERDICT_LABELS[mc.VERDICT_ORDER[slot]] if slot < mc.UNTESTABLE_SLOT else mc.UNTESTABLE_LEGEND)
        else:
            out.append(classes.labels[slot])
    return out


HOVER_VERDICTS = {HIGHER: "Plus élevé que la France (écart significatif)",
                  SAME: "Pas d'écart significatif avec la France",
                  LOWER: "Plus faible que la France (écart significatif)"}


UNTESTABLE_HOVER = "Écart avec la France non testable (erreur type nulle)"
NO_TEST_HOVER = "Comparaison avec la France impossible"


def status_line(row) -> str:
    """The hover's quality line, from the row's status and CV (the reason itself for suppressed)."""
    cv = f" (CV {number(row.cv * 100)}{NBSP}%)" if pd.notna(row.cv) else ""
    if row.status == "caution":
        return f"À interpréter avec prudence{cv}"
    if row.status == "unreliable":
        return f"Estimation peu fiable{cv}, non cartographiée"
    return row.status_reason or ""


def hover_text(row, mode: str = "valeur") -> str:
    """The hover lines under the département's name: value with CI, respondents, verdict, quality."""
    respondents = f"{count(row.n)} répondants" if pd.notna(row.n) else ""
    if row.status == "suppressed":
        return "<br>".join(x for x in ("Valeur non diffusée", row.status_reason, respondents) if x)
    if row.status == mc.NO_DATA:
        return "Pas de donnée pour ce département"
    lines = [estimate_with_ci(row.estimate, row.ci_low, row.ci_high), respondents]
    if mode == "comparaison" and row.status in SHOWN:
        lines.append(HOVER_VERDICTS.get(row.verdict, UNTESTABLE_HOVER if row.se == 0 else NO_TEST_HOVER))
    lines.append(status_line(row))
    return "<br>".join(x for x in lines if x)


# --- make ---------------------------------------------------------------------------------
def trace_arrays(view: MapView, panels: Sequence[Panel] = PANELS) -> tuple[list[list], list[list]]:
    """Per-trace `z` (slots) and `hovertext`, in each panel's locations order."""
    frame = view.frame.set_index("code")
    z = values_by_panel(frame["slot"].astype(int).to_dict(), panels, missing=mc.STATUS_SLOTS[mc.NO_DATA])
    hover = values_by_panel(frame["hover"].to_dict(), panels, missing="")
    return z, hover


def line_arrays(selected: str | None, panels: Sequence[Panel] = PANELS) -> list[dict]:
    """Per-trace `marker.line` drawing the selected département's outline (black, thicker)."""
    lines = []
    for panel in panels:
        hit = [code == selected for code in panel.codes]
        lines.append({"color": [SELECTED_LINE["color"] if h else BASE_LINE["color"] for h in hit],
                      "width": [SELECTED_LINE["width"] if h else BASE_LINE["width"] for h in hit]})
    return lines


def make_map_figure(base: Mapping, view: MapView, selected: str | None = None, panels: Sequence[Panel] = PANELS) -> dict:
    """The full map as a figure dict: `base` (`make_base_figure(...).to_plotly_json()`, not
    mutated, its geometry shared) with slots, hover text and the colour axis set."""
    z, hover = trace_arrays(view, panels)
    lines = line_arrays(selected, panels)
    names = dict(zip(view.frame["code"], view.frame["name"]))
    data = []
    for i, panel in enumerate(panels):
        trace = base["data"][i]
        data.append({**trace, "z": z[i], "hovertext": hover[i], "coloraxis": "coloraxis",
                     "text": [f"{names.get(code, code)} ({code})" for code in panel.codes],
                     "hovertemplate": HOVER_TEMPLATE,
                     "marker": {**trace.get("marker", {}), "line": lines[i]}})
    layout = {**base["layout"], "coloraxis": _coloraxis(view.colors), "separators": ", ",
              "hoverlabel": {"bgcolor": "#ffffff", "font": {"size": 13}}}
    return {"data": data, "layout": layout}


def make_map_patch(view: MapView, panels: Sequence[Panel] = PANELS) -> Patch:
    """Only what changes with indicator, period, group or mode: z, hover text, colour scale."""
    patch = Patch()
    z, hover = trace_arrays(view, panels)
    for i in range(len(panels)):
        patch["data"][i]["z"] = z[i]
        patch["data"][i]["hovertext"] = hover[i]
    patch["layout"]["coloraxis"]["colorscale"] = mc.stepped_colorscale(view.colors)
    return patch


def make_selection_patch(selected: str | None, panels: Sequence[Panel] = PANELS) -> Patch:
    """Outline the selected département (all its occurrences, e.g. 75 in metro and the zoom)."""
    patch = Patch()
    for i, line in enumerate(line_arrays(selected, panels)):
        patch["data"][i]["marker"]["line"] = line
    return patch


def _coloraxis(colors: Sequence[str]) -> dict:
    return {"colorscale": mc.stepped_colorscale(colors), "cmin": mc.Z_RANGE[0], "cmax": mc.Z_RANGE[1],
            "showscale": False}
