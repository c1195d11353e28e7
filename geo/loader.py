"""The app's way to the built département geometry: plain JSON, read once per process.

The file is produced by `python -m geo.build` (build time, geopandas); the app's workers only
read it here, never import geopandas. The returned dict is shared by every caller: treat it as
read-only (STYLE "load once, never mutate"); `geo.layout.make_base_figure` copies what it needs.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import config


class GeometryError(RuntimeError):
    """The geometry file is missing or is not a GeoJSON FeatureCollection with codes."""


def load_geojson(path: str | Path | None = None) -> dict:
    """The FeatureCollection at `path` (default: `config.get("geometry_path")`), cached per path."""
    resolved = Path(config.get("geometry_path", path)).resolve()
    return _read(resolved)


@lru_cache(maxsize=4)
def _read(path: Path) -> dict:
    if not path.is_file():
        raise GeometryError(f"geometry file not found: {path} (build it with `python -m geo.build`)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GeometryError(f"geometry file {path} is not valid JSON: {exc}") from exc
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features or data.get("type") != "FeatureCollection":
        raise GeometryError(f"geometry file {path} is not a non-empty GeoJSON FeatureCollection")
    unnamed = [i for i, f in enumerate(features)
               if not isinstance(f, dict) or not (f.get("properties") or {}).get("code")]
    if unnamed:
        raise GeometryError(f"geometry file {path}: features {unnamed[:5]} have no properties.code")
    return data


def clear_cache() -> None:
    """Forget loaded files (tests, or after a rebuild in a long-lived process)."""
    _read.cache_clear()
