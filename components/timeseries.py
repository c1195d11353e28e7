"""Time series since 2022: the évolutions chart, its change table, and the fiche's sparklines.

Two steps: `prepare_evolution` (rows of `data.fiche_queries.evolution_rows` -> tidy frame with
hover texts and plotting columns), then `make_evolution_figure` (tidy frame -> plotly figure
with a CI band per territory, markers by quality status, suppressed points absent).
`change_table` states the change between consecutive editions and first -> last in words,
with `data.compare`. Sparklines are small SVG images (36 per fiche: cheaper than 36 plotly
graphs, printable, and the same geometry is drawn in the PDF). Pure functions, no I/O.
"""
from __future__ import annotations

from urllib.parse import quote

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import html

from components.formatting import NBSP, count, estimate_with_ci, percent, percent_points
from data.compare import change_label, difference_pvalue
from data.schema import STATUS_LABELS

SHOWN = ("ok", "caution", "unreliable")
PALETTE = ["#000091", "#C9191E", "#009081", "#A558A0", "#B34000", "#417DC4", "#716043", "#3a3a3a"]
SYMBOLS = {"ok": "circle", "caution": "circle-open", "unreliable": "x-thin-open"}
MARKER_LEGEND = {"caution": "Cercle vide : à interpréter avec prudence (E)",
                 "unreliable": "Croix : estimation peu fiable (F)"}


def edition_tick(period: str, reference_period: str = "annee_precedente") -> str:
    """'2024<br>(faits de 2023)' for offences, '2024' for opinions at the time of the survey."""
    if reference_period == "annee_precedente":
        return f"{period}<br>(faits de {int(period) - 1})"
    return period


def _hover(row) -> str:
    quality = STATUS_LABELS.get(row["status"], "")
    if row["status"] == "caution" or row["status"] == "unreliable":
        quality = row["status_reason"] or quality
    return (f"<b>{row['name']}</b><br>Édition {row['period']}<br>{estimate_with_ci(row['estimate'], row['ci_low'], row['ci_high'])}"
            f"<br>{count(row['n_unweighted'])} répondants<br>{quality}")


def prepare_evolution(rows: pd.DataFrame) -> pd.DataFrame:
    """Tidy frame for the chart: percent columns, shown flag, hover text (a new frame)."""
    out = rows.copy()
    out["shown"] = out["status"].isin(SHOWN) & out["estimate"].notna()
    for column in ("estimate", "ci_low", "ci_high"):
        out[f"{column}_pct"] = np.where(out["shown"], out[column].astype(float) * 100, np.nan)
    out["hover"] = [_hover(r) if r["shown"] else "" for _, r in out.iterrows()]
    out["symbol"] = out["status"].map(SYMBOLS).fillna("circle")
    return out


def missing_notes(tidy: pd.DataFrame) -> list[str]:
    """Why points are absent: 'Corse-du-Sud, édition 2022 : secret statistique (…)'."""
    notes = []
    for _, row in tidy[~tidy["shown"]].iterrows():
        if row["status"] == "suppressed":
            reason = row["status_reason"] or STATUS_LABELS["suppressed"]
            notes.append(f"{row['name']}, édition {row['period']} : point absent, secret statistique "
                         f"({lower(reason)}).")
        else:
            notes.append(f"{row['name']}, édition {row['period']} : aucune estimation pour cette population "
                         f"à ce niveau géographique.")
    return notes


def lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _segments(mask: np.ndarray) -> list[np.ndarray]:
    """Runs of consecutive True positions."""
    runs, current = [], []
    for position, flag in enumerate(mask):
        if flag:
            current.append(position)
        elif current:
            runs.append(np.array(current))
            current = []
    if current:
        runs.append(np.array(current))
    return runs


def _band_xy(x: list, low: np.ndarray, high: np.ndarray, shown: np.ndarray) -> tuple[list, list]:
    """One closed polygon per run of shown points, separated by None (plotly fills each)."""
    xs, ys = [], []
    for run in _segments(shown):
        if len(run) < 2:
            continue
        xs += [x[i] for i in run] + [x[i] for i in run[::-1]] + [None]
        ys += [high[i] for i in run] + [low[i] for i in run[::-1]] + [None]
    return xs, ys


def make_evolution_figure(tidy: pd.DataFrame, title: str, reference_period: str = "annee_precedente",
                          unit: str = "") -> go.Figure:
    """Lines with 95 % CI bands per territory; marker shape by status; suppressed points absent."""
    fig = go.Figure()
    periods = sorted(tidy["period"].unique())
    for position, (token, group) in enumerate(tidy.groupby("token", sort=False)):
        group = group.set_index("period").reindex(periods).reset_index()
        colour = PALETTE[position % len(PALETTE)]
        name = group["name"].dropna().iloc[0]
        shown = group["shown"].fillna(False).to_numpy(bool)
        low, high = group["ci_low_pct"].to_numpy(float), group["ci_high_pct"].to_numpy(float)
        band_x, band_y = _band_xy(periods, low, high, shown)
        fig.add_trace(go.Scatter(x=band_x, y=band_y, fill="toself", mode="lines", line={"width": 0},
                                 fillcolor=_rgba(colour, 0.14), hoverinfo="skip", showlegend=False,
                                 legendgroup=token, name=f"IC 95 % – {name}"))
        single = [i for run in _segments(shown) if len(run) == 1 for i in run]
        error = _lone_errors(group, single)
        fig.add_trace(go.Scatter(
            x=periods, y=group["estimate_pct"], mode="lines+markers", name=name, legendgroup=token,
            line={"color": colour, "width": 2.5}, connectgaps=False, text=group["hover"],
            hovertemplate="%{text}<extra></extra>",
            marker={"symbol": group["symbol"].tolist(), "size": 9, "color": colour, "line": {"width": 2, "color": colour}},
            error_y=error))
    for status, label in MARKER_LEGEND.items():
        if (tidy["status"] == status).any():
            fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=label, hoverinfo="skip",
                                     marker={"symbol": SYMBOLS[status], "size": 9, "color": "#555",
                                             "line": {"width": 2, "color": "#555"}}))
    ticks = [edition_tick(p, reference_period) for p in periods]
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        separators=f",{NBSP}", template="plotly_white", hovermode="closest", margin={"l": 60, "r": 20, "t": 60, "b": 40},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
        xaxis={"type": "category", "tickmode": "array", "tickvals": periods, "ticktext": ticks, "title": None},
        yaxis={"title": {"text": unit}, "ticksuffix": f"{NBSP}%", "rangemode": "tozero"},
        height=480)
    return fig


def _lone_errors(group: pd.DataFrame, single: list[int]) -> dict:
    """Error bars only for points without neighbours (a band needs two points)."""
    if not single:
        return {"visible": False}
    est = group["estimate_pct"].to_numpy(float)
    plus = [group["ci_high_pct"][i] - est[i] if i in single else None for i in range(len(group))]
    minus = [est[i] - group["ci_low_pct"][i] if i in single else None for i in range(len(group))]
    return {"type": "data", "symmetric": False, "array": plus, "arrayminus": minus, "thickness": 1.5, "width": 6}


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def graph_config(filename: str) -> dict:
    """dcc.Graph config: PNG export with a meaningful file name, no plotly logo."""
    return {"displaylogo": False, "responsive": True,
            "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
            "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def change_table(tidy: pd.DataFrame) -> pd.DataFrame:
    """Per territory: change between consecutive editions and first -> last, in words.

    Columns: name, from_period, to_period, difference (text), label ('hausse significative'...),
    or 'non testable' when a value is absent or has a zero SE."""
    rows = []
    for _, group in tidy.groupby("token", sort=False):
        group = group.sort_values("period").reset_index(drop=True)
        pairs = [(i, i + 1) for i in range(len(group) - 1)]
        if len(group) > 2:
            pairs.append((0, len(group) - 1))
        for a, b in pairs:
            first, last = group.loc[a], group.loc[b]
            ok = bool(first["shown"] and last["shown"] and first["se"] > 0 and last["se"] > 0)
            rows.append({"name": first["name"], "from_period": first["period"], "to_period": last["period"],
                         "difference": percent_points(round(last["estimate"] - first["estimate"], 3)) if ok else "",
                         "label": change_label(first["estimate"], first["se"], last["estimate"], last["se"])
                         if ok else "non testable",
                         "p_value": float(difference_pvalue(last["estimate"], last["se"], first["estimate"],
                                                            first["se"])[1]) if ok else np.nan,
                         "overall": (a, b) == (0, len(group) - 1) and len(group) > 2})
    return pd.DataFrame(rows, columns=["name", "from_period", "to_period", "difference", "label", "p_value", "overall"])


# --- sparklines -----------------------------------------------------------------------------
def _by_period(frame: pd.DataFrame | None, periods: list[str]) -> tuple[np.ndarray, ...]:
    """estimate, ci_low, ci_high arrays and a shown mask, aligned on `periods` (NaN when absent)."""
    found = {} if frame is None else {r["period"]: r for r in frame.to_dict("records")}
    rows = [found.get(p) for p in periods]
    shown = np.array([r is not None and r["status"] in SHOWN and pd.notna(r["estimate"]) for r in rows], dtype=bool)
    columns = [np.array([float(r[c]) if r is not None and pd.notna(r[c]) else np.nan for r in rows])
               for c in ("estimate", "ci_low", "ci_high")]
    statuses = [r["status"] if r is not None else "absent" for r in rows]
    return (*columns, shown, statuses)


def sparkline_geometry(series: pd.DataFrame, periods: list[str], reference: pd.DataFrame | None = None,
                       width: float = 120, height: float = 30, pad: float = 3) -> dict:
    """Coordinates (origin top-left, y down) of a sparkline: CI band polygons, line segments,
    points with status, and a reference line (France). Absent editions break the line."""
    est, lo, hi, shown, statuses = _by_period(series, periods)
    ref, _, _, ref_shown, _ = _by_period(reference, periods)
    ref_shown = ref_shown & np.isfinite(ref)
    pool = np.concatenate([lo[shown], hi[shown], est[shown], ref[ref_shown]])
    low, high = (float(pool.min()), float(pool.max())) if pool.size else (0.0, 1.0)
    span = high - low or max(high, 1e-6)
    step = (width - 2 * pad) / max(len(periods) - 1, 1)

    def xy(i: int, value: float) -> tuple[float, float]:
        return round(pad + i * step, 2), round(height - pad - (value - low) / span * (height - 2 * pad), 2)

    runs = _segments(shown)
    return {"width": width, "height": height,
            "bands": [[xy(i, hi[i]) for i in run] + [xy(i, lo[i]) for i in run[::-1]] for run in runs if len(run) > 1],
            "lines": [[xy(i, est[i]) for i in run] for run in runs if len(run) > 1],
            "whiskers": [(xy(i, lo[i]), xy(i, hi[i])) for run in runs if len(run) == 1 for i in run],
            "points": [(*xy(i, est[i]), statuses[i]) for i in np.flatnonzero(shown)],
            "reference": [[xy(i, ref[i]) for i in run] for run in _segments(ref_shown) if len(run) > 1]}


def sparkline_svg(geometry: dict, colour: str = "#000091") -> str:
    """The geometry as a standalone SVG document (band, France dashed, line, points)."""
    def pts(points) -> str:
        return " ".join(f"{x},{y}" for x, y in points)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{geometry["width"]}" height="{geometry["height"]}" '
             f'viewBox="0 0 {geometry["width"]} {geometry["height"]}">']
    parts += [f'<polygon points="{pts(b)}" fill="{colour}" fill-opacity="0.15" stroke="none"/>' for b in geometry["bands"]]
    parts += [f'<polyline points="{pts(r)}" fill="none" stroke="#777" stroke-width="1" stroke-dasharray="3,2"/>'
              for r in geometry["reference"]]
    parts += [f'<line x1="{a[0]}" y1="{a[1]}" x2="{b[0]}" y2="{b[1]}" stroke="{colour}" stroke-width="1"/>'
              for a, b in geometry["whiskers"]]
    parts += [f'<polyline points="{pts(line)}" fill="none" stroke="{colour}" stroke-width="1.6"/>' for line in geometry["lines"]]
    for x, y, status in geometry["points"]:
        fill = colour if status == "ok" else "#fff"
        parts.append(f'<circle cx="{x}" cy="{y}" r="2.2" fill="{fill}" stroke="{colour}" stroke-width="1"/>')
    parts.append("</svg>")
    return "".join(parts)


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;charset=utf-8," + quote(svg)


def sparkline_alt(series: pd.DataFrame, periods: list[str]) -> str:
    """Text alternative: 'Éditions 2022 à 2025 : 3,1 % ; 2,9 % ; secret ; 3,3 %'."""
    own = series.set_index("period").reindex(periods)
    values = [percent(own.loc[p, "estimate"]) if own.loc[p, "status"] in SHOWN else "non publié" for p in periods]
    return f"Éditions {periods[0]} à {periods[-1]} : " + " ; ".join(values) if periods else ""


# --- Dash tables under the chart ---------------------------------------------------------------
def make_change_table(changes: pd.DataFrame):
    """The changes in words, one row per territory, one column per pair of editions (the first ->
    last column last): '+1,2 pt' over 'hausse significative'."""
    if changes.empty:
        return html.P("Aucune évolution à tester.", className="text-muted")
    pairs = list(dict.fromkeys(zip(changes["from_period"], changes["to_period"], changes["overall"])))
    pairs.sort(key=lambda pair: (pair[2], pair[0]))
    head = html.Thead(html.Tr([html.Th("Territoire", scope="col")] + [
        html.Th(f"{a} → {b}" + (" (ensemble)" if overall else ""), scope="col") for a, b, overall in pairs]))
    body = []
    for name, group in changes.groupby("name", sort=False):
        indexed = {(r["from_period"], r["to_period"]): r for _, r in group.iterrows()}
        cells = [html.Th(name, scope="row")]
        for a, b, _ in pairs:
            row = indexed.get((a, b))
            if row is None:
                cells.append(html.Td("—"))
                continue
            css = "change-hausse" if row["label"].startswith("hausse") else \
                "change-baisse" if row["label"].startswith("baisse") else "text-muted"
            cells.append(html.Td([html.Span(row["difference"] or "—"), html.Br(),
                                  html.Span(row["label"], className=css)]))
        body.append(html.Tr(cells))
    return html.Div(html.Table([head, html.Tbody(body)], className="table table-sm evol-changes"),
                    className="table-responsive")


def make_values_table(tidy: pd.DataFrame, periods: list[str]):
    """Every value of the chart with its CI, n and quality (the chart's table alternative)."""
    head = html.Thead(html.Tr([html.Th("Territoire", scope="col")] + [html.Th(f"Édition {p}", scope="col")
                                                                      for p in periods]))
    body = []
    for _, group in tidy.groupby("token", sort=False):
        cells = [html.Th(group["name"].iloc[0], scope="row")]
        indexed = group.set_index("period")
        for period in periods:
            if period not in indexed.index or not indexed.loc[period, "shown"]:
                status = indexed.loc[period, "status"] if period in indexed.index else "absent"
                cells.append(html.Td("secret statistique" if status == "suppressed" else "—", className="text-muted"))
                continue
            row = indexed.loc[period]
            flag = {"caution": " (E)", "unreliable": " (F)"}.get(row["status"], "")
            cells.append(html.Td([estimate_with_ci(row["estimate"], row["ci_low"], row["ci_high"]) + flag, html.Br(),
                                  html.Span(f"{count(row['n_unweighted'])} répondants", className="small text-muted")]))
        body.append(html.Tr(cells))
    return html.Div(html.Table([head, html.Tbody(body)], className="table table-sm"), className="table-responsive")
