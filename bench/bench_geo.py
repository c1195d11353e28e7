"""Geometry benchmark: full build (forced, into a temporary folder), output sizes, and the
app-side costs (reading the GeoJSON, building the empty map, its JSON size for the browser).

Run: `python bench/bench_geo.py` (or `make bench`). Targets: build < 30 s,
departements.geojson <= 400 KB.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo import build, layout, loader  # noqa: E402

BUILD_TARGET_S = 30.0
SIZE_TARGET_BYTES = 400_000


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        paths = build.build(out_dir=Path(folder), force=True, verbose=False)
        elapsed = time.perf_counter() - start
        print(f"build (forced, tmp dir): {elapsed:.1f} s (target < {BUILD_TARGET_S:.0f} s)")
        for name, path in paths.items():
            print(f"  {name:<22} {path.stat().st_size / 1024:7.1f} KB")
        size = paths[build.DEPARTEMENTS_FILE].stat().st_size

        start = time.perf_counter()
        geojson = loader.load_geojson(paths[build.DEPARTEMENTS_FILE])
        print(f"load_geojson (cold): {1000 * (time.perf_counter() - start):.0f} ms")
        start = time.perf_counter()
        figure = layout.make_base_figure(geojson)
        payload = figure.to_json()
        print(f"make_base_figure + to_json: {1000 * (time.perf_counter() - start):.0f} ms, "
              f"figure JSON {len(payload) / 1024:.0f} KB")
    ok = elapsed < BUILD_TARGET_S and size <= SIZE_TARGET_BYTES
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
