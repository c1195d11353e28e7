"""Times the whole data build (simulation + estimation of every row) and reports precision.

Prints: build time split, row count, statuses, and the median CV of département `ensemble`
cells for rare offences, per edition vs the pooled period (CV computed before suppression,
from the same design, so that suppressed cells do not bias the comparison).
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402

from data.build import build  # noqa: E402
from data.catalogue import load_catalogue  # noqa: E402
from data.estimate import estimate_period  # noqa: E402
from data.microdata import as_estimation_frame  # noqa: E402

RARE = ["vol_violent", "violences_sexuelles_physiques", "vol_deux_roues", "violences_conjugales"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        report = build(force=True, out_dir=Path(tmp))
        total = time.perf_counter() - start
        print(f"build: {total:.1f} s in all (simulation {report['simulation_s']:.1f} s, "
              f"estimation {report['estimation_s']:.1f} s), {report['rows']} rows, "
              f"{report['respondents']} respondents")
        print(f"statuses: {report['statuses']}")
        micro = pd.read_parquet(Path(tmp) / "microdata_demo.parquet")
    micro = as_estimation_frame(micro, load_catalogue().index.tolist())
    years = sorted(micro["year"].unique().tolist())
    rows = []
    for period in [[y] for y in years] + [years]:
        est = estimate_period(micro, period, RARE)
        dep = est[(est["geo_level"] == "departement") & (est["breakdown"] == "ensemble")]
        rows.append(dep.groupby("indicator")["cv"].median().rename(dep["period"].iloc[0]))
    table = pd.concat(rows, axis=1).loc[RARE]
    print("median CV of département 'ensemble' cells (before suppression), rare offences:")
    print(table.map(lambda v: f"{v:.2f}").to_string())


if __name__ == "__main__":
    main()
