"""Every tunable of the project, in one place.

Precedence for each setting: explicit argument > environment variable > default.
`get(name)` reads one setting; `Settings` documents them all. Paths are resolved
relative to the project root so the app runs from any working directory.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Setting:
    env: str
    default: object
    doc: str


SETTINGS: dict[str, Setting] = {
    "indicators_path": Setting("VRS_INDICATORS", ROOT / "data/build/indicators.parquet",
                               "Tidy indicator table read by the app (data contract: data/SCHEMA.md)."),
    "manifest_path": Setting("VRS_MANIFEST", None,
                             "Manifest beside the indicator table (default: manifest.json in its folder)."),
    "catalogue_path": Setting("VRS_CATALOGUE", ROOT / "data/catalogue.csv",
                              "Indicator catalogue: ids, labels, definitions, units."),
    "geometry_path": Setting("VRS_GEOMETRY", ROOT / "geo/build/departements.geojson",
                             "Prebuilt département geometry (built by `make data`)."),
    "microdata_path": Setting("VRS_MICRODATA", ROOT / "data/build/microdata_demo.parquet",
                              "Simulated microdata written by the build."),
    "cache_type": Setting("CACHE_TYPE", "SimpleCache", "flask-caching backend (RedisCache when REDIS_URL is set)."),
    "redis_url": Setting("REDIS_URL", None, "Redis URL; switches the cache to Redis when set."),
    "cache_timeout": Setting("CACHE_TIMEOUT", 3600, "Seconds a cached query result lives."),
    "seed": Setting("VRS_SEED", 20240214, "Seed of the survey simulation (deterministic builds)."),
    "sample_size": Setting("VRS_SAMPLE_SIZE", 200_000, "People sampled per simulated edition."),
    "response_rate": Setting("VRS_RESPONSE_RATE", 0.5, "Mean response rate of the simulated survey."),
    "min_respondents": Setting("VRS_MIN_RESPONDENTS", 30, "Below this many respondents in a domain: suppressed."),
    "min_cases": Setting("VRS_MIN_CASES", 5, "1 to min_cases-1 respondents with the attribute: suppressed."),
    "cv_caution": Setting("VRS_CV_CAUTION", 0.15, "CV above this: caution (E)."),
    "cv_unreliable": Setting("VRS_CV_UNRELIABLE", 0.30, "CV above this: unreliable (F)."),
}


def get(name: str, explicit: object = None) -> object:
    """Return a setting: `explicit` if given, else its environment variable, else its default."""
    setting = SETTINGS[name]
    if explicit is not None:
        return _coerce(explicit, setting.default)
    raw = os.environ.get(setting.env)
    if raw not in (None, ""):
        return _coerce(raw, setting.default)
    return setting.default


def _coerce(value: object, default: object) -> object:
    if isinstance(default, Path):
        path = Path(value)
        return path if path.is_absolute() else ROOT / path
    if isinstance(default, bool):
        return str(value).lower() in {"1", "true", "yes", "oui"}
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    return value


def manifest_path(indicators_path: Path | None = None) -> Path:
    """The manifest lives beside the indicator table unless VRS_MANIFEST says otherwise."""
    explicit = get("manifest_path")
    if explicit:
        return Path(explicit)
    return Path(indicators_path or get("indicators_path")).with_name("manifest.json")


def quality_thresholds() -> dict[str, float]:
    """The quality rules' thresholds as one dict (written to the manifest)."""
    return {name: get(name) for name in ("min_respondents", "min_cases", "cv_caution", "cv_unreliable")}


SETTINGS["recorded_crime_path"] = Setting(
    "VRS_RECORDED_CRIME",
    ROOT.parent / "shared/data/donnee-dep-data.gouv-2024-geographie2025-produit-le2025-06-04.csv",
    "SSMSI open data: offences recorded by police and gendarmerie per département (Licence Ouverte 2.0).")
