"""The inset layout every département map uses: metropolitan France plus "cartouches".

French maps show the overseas départements as insets beside metropolitan France, and a zoom on
Paris and its inner suburbs (75, 92, 93, 94), too small to see or click otherwise. A *panel* is
one geo subplot of the figure: its title, the département codes drawn in it, its projection and
its place (domain) in the figure.

`make_base_figure(geojson)` builds the empty map once; pages then patch values only (STYLE §8):

- trace order: **one `go.Choropleth` trace per panel, trace index == panel index** in `panels`
  (default `PANELS`: 0 metropole, 1 Paris et petite couronne, 2 Guadeloupe, 3 Martinique,
  4 La Réunion); trace i is drawn on geo subplot `geo_key(i)` ("geo", "geo2", ...);
- each trace's `locations` is its panel's `codes`, in that order; `panel_of(code)` gives
  (trace index, position) and `values_by_panel(values)` the per-trace `z` arrays;
- 75, 92, 93 and 94 are in two traces (metropole and the Paris zoom): patch both.

Each trace carries only its own panel's features, so the geometry is sent to the browser once.
plotly.js geo fetches a world topojson even with the base map hidden: pass
`graph_config()` (it sets `topojsonURL` to the locally served `TOPOJSON_URL`) to `dcc.Graph`.
Pure plotly: no geopandas, no I/O.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import plotly.graph_objects as go

from geo import territories

TOPOJSON_URL = "/assets/topojson/"   # Dash serves assets/ at /assets/; holds world_110m.json
FEATURE_ID_KEY = "properties.code"
BORDER_COLOR = "#ffffff"
FRAME_COLOR = "#b8b8b8"
TITLE_FONT = {"size": 11, "color": "#444444"}
PARIS_ZOOM = ("75", "92", "93", "94")


@dataclass(frozen=True)
class Panel:
    """One geo subplot: what it draws and where. Domains are fractions of the figure."""
    id: str
    title: str
    codes: tuple[str, ...]
    x: tuple[float, float]
    y: tuple[float, float]
    projection: str = "mercator"
    parallels: tuple[float, float] | None = None   # conic projections only
    rotation_lon: float | None = None
    lon_range: tuple[float, float] | None = None   # explicit view; else fitbounds="locations"
    lat_range: tuple[float, float] | None = None
    framed: bool = True                            # thin frame around insets


def _metro_codes() -> tuple[str, ...]:
    return tuple(c for c in territories.departement_codes() if territories.is_metropolitan(c))


# Left column of insets (Paris zoom on top, then the DROM from west to east), metro on the right.
PANELS: tuple[Panel, ...] = (
    Panel("metropole", "France métropolitaine", _metro_codes(), x=(0.25, 1.0), y=(0.0, 0.96),
          projection="conic conformal", parallels=(44.0, 49.0), rotation_lon=3.0,
          lon_range=(-5.5, 10.0), lat_range=(41.2, 51.2), framed=False),
    Panel("paris", "Paris et petite couronne", PARIS_ZOOM, x=(0.0, 0.22), y=(0.72, 0.96)),
    Panel("971", "Guadeloupe", ("971",), x=(0.0, 0.22), y=(0.48, 0.67)),
    Panel("972", "Martinique", ("972",), x=(0.0, 0.22), y=(0.24, 0.43)),
    Panel("974", "La Réunion", ("974",), x=(0.0, 0.22), y=(0.0, 0.19)),
)


def geo_key(index: int) -> str:
    """Layout key of the geo subplot of trace `index`: 'geo', 'geo2', 'geo3'..."""
    return "geo" if index == 0 else f"geo{index + 1}"


@lru_cache(maxsize=8)
def _index(panels: tuple[Panel, ...]) -> dict[str, list[tuple[int, int]]]:
    where: dict[str, list[tuple[int, int]]] = {}
    for i, panel in enumerate(panels):
        for j, code in enumerate(panel.codes):
            where.setdefault(code, []).append((i, j))
    return where


def occurrences(code: str, panels: Sequence[Panel] = PANELS) -> list[tuple[int, int]]:
    """Every (trace index, position in its locations) where `code` is drawn; [] if nowhere."""
    return list(_index(tuple(panels)).get(code, []))


def panel_of(code: str, panels: Sequence[Panel] = PANELS) -> tuple[int, int]:
    """(trace index, position in that trace's locations) of `code` in its main panel.

    The main panel is the first one drawing it (metropole for 75/92/93/94; see `occurrences`
    for the Paris zoom too). Raises KeyError for a code no panel draws (973, 976, '20'...).
    """
    found = _index(tuple(panels)).get(code)
    if not found:
        raise KeyError(f"département {code!r} is drawn in no panel")
    return found[0]


def values_by_panel(values: Mapping[str, object], panels: Sequence[Panel] = PANELS,
                    missing: object = None) -> list[list[object]]:
    """Per-trace arrays (trace index == panel index) of `values[code]`, in locations order.

    Ready for `patch["data"][i]["z"] = arrays[i]` (or customdata, text...); codes absent
    from `values` get `missing`.
    """
    return [[values.get(code, missing) for code in panel.codes] for panel in panels]


def _panel_geojson(features: Mapping[str, dict], panel: Panel) -> dict:
    absent = [c for c in panel.codes if c not in features]
    if absent:
        raise KeyError(f"panel {panel.id!r}: no feature with properties.code in {absent}")
    return {"type": "FeatureCollection", "features": [features[c] for c in panel.codes]}


def _trace(panel: Panel, index: int, geojson: dict, names: Mapping[str, str]) -> go.Choropleth:
    return go.Choropleth(
        name=panel.title, geo=geo_key(index), geojson=geojson, featureidkey=FEATURE_ID_KEY,
        locations=list(panel.codes), z=[math.nan] * len(panel.codes),
        text=[names.get(c, c) for c in panel.codes], hovertemplate="%{text}<extra></extra>",
        showscale=False, marker={"line": {"color": BORDER_COLOR, "width": 0.5}},
    )


def _geo_layout(panel: Panel) -> dict:
    projection: dict = {"type": panel.projection}
    if panel.parallels:
        projection["parallels"] = list(panel.parallels)
    if panel.rotation_lon is not None:
        projection["rotation"] = {"lon": panel.rotation_lon}
    view: dict = {"fitbounds": "locations"}
    if panel.lon_range and panel.lat_range:   # fitbounds mis-scales conic projections
        view = {"fitbounds": False, "lonaxis": {"range": list(panel.lon_range)},
                "lataxis": {"range": list(panel.lat_range)}}
    return {"domain": {"x": list(panel.x), "y": list(panel.y)}, "projection": projection,
            "visible": False, "scope": "world", "resolution": 110, "bgcolor": "rgba(0,0,0,0)", **view}


def _decorations(panel: Panel) -> tuple[dict, dict | None]:
    """Title annotation just above the panel, and its frame (insets only)."""
    title = {"text": panel.title, "x": panel.x[0], "y": panel.y[1], "xref": "paper", "yref": "paper",
             "xanchor": "left", "yanchor": "bottom", "showarrow": False, "font": TITLE_FONT}
    frame = None
    if panel.framed:
        frame = {"type": "rect", "xref": "paper", "yref": "paper", "x0": panel.x[0], "x1": panel.x[1],
                 "y0": panel.y[0], "y1": panel.y[1], "line": {"color": FRAME_COLOR, "width": 1},
                 "layer": "below"}
    return title, frame


def make_base_figure(geojson: dict, panels: Sequence[Panel] = PANELS) -> go.Figure:
    """Empty multi-panel map: one choropleth per panel (trace index == panel index), z = NaN.

    `geojson` is the FeatureCollection of `geo.loader.load_geojson()`; each trace receives the
    subset of features its panel draws. Raises KeyError if a panel's code has no feature.
    """
    features = {f["properties"]["code"]: f for f in geojson["features"]}
    names = {code: f["properties"].get("nom", code) for code, f in features.items()}
    figure = go.Figure()
    annotations, shapes = [], []
    for index, panel in enumerate(panels):
        figure.add_trace(_trace(panel, index, _panel_geojson(features, panel), names))
        figure.update_layout({geo_key(index): _geo_layout(panel)})
        title, frame = _decorations(panel)
        annotations.append(title)
        if frame:
            shapes.append(frame)
    figure.update_layout(annotations=annotations, shapes=shapes, showlegend=False, dragmode=False,
                         margin={"l": 4, "r": 4, "t": 4, "b": 4},
                         paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)")
    return figure


def graph_config(**extra: object) -> dict:
    """`dcc.Graph(config=...)` for maps: local topojson, no plotly logo; `extra` keys override."""
    return {"topojsonURL": TOPOJSON_URL, "displaylogo": False, **extra}
