"""The built département geometry (geo.build) and its loading by the app (geo.loader).

Uses the files at the configured geometry path when they exist (`make test` builds them),
otherwise builds into a temporary folder (~7 s). Reference areas are from BRIEF §3 (IGN /
Insee figures); they are measured here in the EASE-Grid 2.0 equal-area projection (EPSG:6933).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo import build, loader, territories

MAX_BYTES = 400_000
REFERENCE_AREAS_KM2 = {  # BRIEF §3
    "75": 105.4, "59": 5743, "48": 5167, "974": 2504, "971": 1628,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    paths = build.output_paths()
    if all(path.exists() for path in paths.values()):
        return paths
    return build.build(out_dir=tmp_path_factory.mktemp("geo"), verbose=False)


def _frame(path: Path) -> gpd.GeoDataFrame:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return gpd.GeoDataFrame.from_features(features, crs=4326)


@pytest.fixture(scope="module")
def departements(built) -> gpd.GeoDataFrame:
    return _frame(built[build.DEPARTEMENTS_FILE])


@pytest.fixture(scope="module")
def regions(built) -> gpd.GeoDataFrame:
    return _frame(built[build.REGIONS_FILE])


def _exteriors_clockwise(geometries) -> bool:
    polygons = shapely.get_parts(np.asarray(geometries))
    interiors = [ring for p in polygons for ring in p.interiors]
    return (not shapely.is_ccw(shapely.get_exterior_ring(polygons)).any()
            and all(shapely.is_ccw(ring) for ring in interiors))


# --- departements.geojson ---------------------------------------------------------------------

def test_the_99_departements_of_the_scope(departements):
    assert sorted(departements["code"]) == sorted(territories.departement_codes())
    assert len(departements) == 99
    assert not {"973", "976", "20"} & set(departements["code"])


def test_properties_match_the_territory_reference(departements):
    reference = territories.departements()
    for column in ("nom", "region_code", "region_nom"):
        assert departements.set_index("code")[column].to_dict() == reference[column].to_dict()


def test_file_is_small_enough_for_the_browser(built):
    assert built[build.DEPARTEMENTS_FILE].stat().st_size <= MAX_BYTES


def test_every_geometry_is_a_valid_polygon(departements):
    assert departements.geometry.is_valid.all()
    assert set(departements.geom_type) <= {"Polygon", "MultiPolygon"}


def test_exterior_rings_are_clockwise_for_plotly(departements):
    assert _exteriors_clockwise(departements.geometry)


def test_coordinates_are_rounded(departements):
    coords = shapely.get_coordinates(departements.geometry.to_numpy())
    assert np.allclose(coords, np.round(coords, build.DECIMALS), rtol=0, atol=1e-12)


@pytest.mark.parametrize("code, area_km2", sorted(REFERENCE_AREAS_KM2.items()))
def test_areas_match_the_reference_within_2_percent(departements, code, area_km2):
    area = departements.to_crs(6933).set_index("code").area[code] / 1e6
    assert area == pytest.approx(area_km2, rel=0.02)


def test_neighbours_share_exact_borders_without_overlap(departements):
    geoms = departements.to_crs(6933).geometry.to_numpy()
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = left < right
    overlap = shapely.area(shapely.intersection(geoms[left[pairs]], geoms[right[pairs]])).sum()
    assert overlap / 1e6 < 1.0
    assert pairs.sum() > 200          # the metropolitan départements do touch each other


def test_no_gaps_inside_metropolitan_france(departements):
    metro = departements[~departements["code"].str.startswith("97")].to_crs(6933)
    union = shapely.union_all(metro.geometry.to_numpy())
    holes = [shapely.Polygon(ring).area for part in shapely.get_parts(union) for ring in part.interiors]
    assert sum(holes) / 1e6 < 0.01


# --- regions.geojson and hors_champ.geojson ----------------------------------------------------

def test_sixteen_regions(regions):
    assert sorted(regions["code"]) == sorted(territories.region_codes())
    assert regions.geometry.is_valid.all()
    assert _exteriors_clockwise(regions.geometry)


def test_hors_champ_holds_guyane_and_mayotte(built):
    hors_champ = _frame(built[build.HORS_CHAMP_FILE])
    assert sorted(hors_champ["code"]) == ["973", "976"]
    assert hors_champ.geometry.is_valid.all() and _exteriors_clockwise(hors_champ.geometry)


# --- build helpers -----------------------------------------------------------------------------

def test_paris_warp_is_undone_exactly_enough():
    rng = np.random.default_rng(0)
    coords = np.array(build.PARIS_CENTER_L93) + rng.uniform(-1e6, 1e6, (2000, 2)) * rng.uniform(0, 1, (2000, 1)) ** 3
    coords = np.vstack([coords, build.PARIS_CENTER_L93])
    back = build._radial_warp(build._radial_warp(coords), inverse=True)
    assert np.abs(back - coords).max() < 1e-6


def test_paris_warp_magnifies_the_centre_only():
    center = np.array(build.PARIS_CENTER_L93)
    near, far = center + [[50.0, 0.0]], center + [[800_000.0, 0.0]]
    assert (build._radial_warp(near) - center)[0, 0] / 50 == pytest.approx(build.PARIS_MAGNIFICATION, rel=1e-3)
    assert (build._radial_warp(far) - center)[0, 0] / 800_000 < 1.1


def test_counter_clockwise_square_is_reoriented():
    square = shapely.Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
    assert shapely.is_ccw(square.exterior)
    assert not shapely.is_ccw(build._valid_clockwise(square).exterior)


def test_existing_outputs_are_not_rebuilt(tmp_path, capsys):
    for name in build.OUTPUT_FILES:
        (tmp_path / name).write_text("{}")
    build.build(out_dir=tmp_path)
    assert "up to date" in capsys.readouterr().out
    assert (tmp_path / build.DEPARTEMENTS_FILE).read_text() == "{}"


# --- geo.loader ---------------------------------------------------------------------------------

def test_loader_reads_the_built_file_once(built):
    loader.clear_cache()
    first = loader.load_geojson(built[build.DEPARTEMENTS_FILE])
    assert first is loader.load_geojson(built[build.DEPARTEMENTS_FILE])
    assert len(first["features"]) == 99


@pytest.mark.parametrize("content, message", [
    (None, "not found"),
    ("{not json", "not valid JSON"),
    ('{"type": "FeatureCollection", "features": []}', "non-empty"),
    ('[1, 2]', "non-empty"),
    ('{"type": "FeatureCollection", "features": [{"properties": {}}]}', "properties.code"),
])
def test_loader_errors_name_the_file(tmp_path, content, message):
    path = tmp_path / "geometry.geojson"
    if content is not None:
        path.write_text(content)
    loader.clear_cache()
    with pytest.raises(loader.GeometryError, match=message) as error:
        loader.load_geojson(path)
    assert str(path) in str(error.value)


def test_app_side_modules_do_not_import_geopandas():
    code = "import sys, geo.loader, geo.layout; print('geopandas' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
