"""The inset layout (geo.layout): panels, trace order, code look-ups, the empty base figure.

Uses a synthetic FeatureCollection (one small square per département), not the built file.
"""
from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest

from geo import layout, territories

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def square_geojson(codes) -> dict:
    """One clockwise unit square per code, named after it."""
    features = []
    for i, code in enumerate(codes):
        x = float(i)
        ring = [[x, 0.0], [x, 1.0], [x + 1, 1.0], [x + 1, 0.0], [x, 0.0]]
        features.append({"type": "Feature", "properties": {"code": code, "nom": f"Nom {code}"},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return {"type": "FeatureCollection", "features": features}


@pytest.fixture(scope="module")
def figure():
    return layout.make_base_figure(square_geojson(territories.departement_codes()))


# --- panels --------------------------------------------------------------------------------------

def test_panels_in_documented_order():
    assert [p.id for p in layout.PANELS] == ["metropole", "paris", "971", "972", "974"]
    assert [p.title for p in layout.PANELS] == [
        "France métropolitaine", "Paris et petite couronne", "Guadeloupe", "Martinique", "La Réunion"]


def test_panels_draw_every_departement_of_the_scope_and_nothing_else():
    drawn = set(itertools.chain.from_iterable(p.codes for p in layout.PANELS))
    assert drawn == set(territories.departement_codes())
    assert len(layout.PANELS[0].codes) == 96
    assert layout.PANELS[1].codes == ("75", "92", "93", "94")


def test_panel_domains_fit_the_figure_and_do_not_overlap():
    for panel in layout.PANELS:
        assert 0 <= panel.x[0] < panel.x[1] <= 1 and 0 <= panel.y[0] < panel.y[1] <= 1
    for a, b in itertools.combinations(layout.PANELS, 2):
        apart = a.x[1] <= b.x[0] or b.x[1] <= a.x[0] or a.y[1] <= b.y[0] or b.y[1] <= a.y[0]
        assert apart, (a.id, b.id)


def test_metropolitan_map_is_the_largest_panel():
    areas = [(p.x[1] - p.x[0]) * (p.y[1] - p.y[0]) for p in layout.PANELS]
    assert areas[0] > 3 * max(areas[1:])


# --- look-ups -------------------------------------------------------------------------------------

@pytest.mark.parametrize("code, expected", [
    ("01", (0, 0)), ("2A", (0, layout.PANELS[0].codes.index("2A"))),
    ("75", (0, layout.PANELS[0].codes.index("75"))), ("971", (2, 0)), ("972", (3, 0)), ("974", (4, 0)),
])
def test_panel_of(code, expected):
    assert layout.panel_of(code) == expected


@pytest.mark.parametrize("code", ["973", "976", "20", ""])
def test_panel_of_unknown_code_raises(code):
    with pytest.raises(KeyError):
        layout.panel_of(code)


def test_paris_is_drawn_twice():
    assert layout.occurrences("75") == [layout.panel_of("75"), (1, 0)]
    assert layout.occurrences("94") == [layout.panel_of("94"), (1, 3)]
    assert layout.occurrences("973") == []


def test_values_by_panel_follows_locations_order():
    arrays = layout.values_by_panel({"75": 1.5, "971": 2.0}, missing="-")
    assert [len(a) for a in arrays] == [len(p.codes) for p in layout.PANELS]
    assert arrays[1] == [1.5, "-", "-", "-"]
    assert arrays[2] == [2.0]
    trace, position = layout.panel_of("75")
    assert arrays[trace][position] == 1.5


# --- base figure ----------------------------------------------------------------------------------

def test_one_trace_per_panel_on_its_own_geo(figure):
    assert len(figure.data) == len(layout.PANELS)
    for index, (trace, panel) in enumerate(zip(figure.data, layout.PANELS)):
        assert trace.type == "choropleth"
        assert trace.geo == layout.geo_key(index)
        assert list(trace.locations) == list(panel.codes)
        assert trace.featureidkey == "properties.code"
        assert trace.showscale is False
        assert all(math.isnan(z) for z in trace.z)


def test_each_trace_carries_only_its_own_features(figure):
    for trace, panel in zip(figure.data, layout.PANELS):
        assert [f["properties"]["code"] for f in trace.geojson["features"]] == list(panel.codes)


def test_hover_names_come_from_the_geojson(figure):
    assert figure.data[2].text == ("Nom 971",)


def test_geo_subplots_hide_the_basemap(figure):
    for index, panel in enumerate(layout.PANELS):
        geo = figure.layout[layout.geo_key(index)]
        assert geo.visible is False
        assert list(geo.domain.x) == list(panel.x) and list(geo.domain.y) == list(panel.y)
        assert geo.fitbounds == "locations" or (geo.lonaxis.range and geo.lataxis.range)
    assert figure.layout.geo.projection.type == "conic conformal"


def test_panel_titles_are_annotations(figure):
    assert [a.text for a in figure.layout.annotations] == [p.title for p in layout.PANELS]


def test_missing_feature_is_reported():
    with pytest.raises(KeyError, match="971"):
        layout.make_base_figure(square_geojson([c for c in territories.departement_codes() if c != "971"]))


# --- offline topojson -----------------------------------------------------------------------------

def test_topojson_plotly_will_request_is_served_locally(figure):
    assert layout.TOPOJSON_URL == "/assets/topojson/"
    assert layout.graph_config()["topojsonURL"] == layout.TOPOJSON_URL
    for index in range(len(layout.PANELS)):
        geo = figure.layout[layout.geo_key(index)]
        name = f"{geo.scope.replace(' ', '-')}_{geo.resolution}m.json"   # plotly.js getTopojsonName
        assert (ASSETS / "topojson" / name).is_file(), name
