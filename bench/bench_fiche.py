"""Server time of the département fiche and its PDF, and of the évolutions view.

Run: `python bench/bench_fiche.py` (or `make bench`). Prints median / p95 over RUNS runs,
no assertion (target: fiche and PDF each under a second). Goes through the real page
functions (the app is imported, the store read once, as in a worker):
- fiche layout, uncached: query + verdicts + ranks + summary + components + JSON for the browser;
- fiche layout, cached: the page memoises the fiche per (code, period, data version);
- PDF: from the cached fiche (what the download button costs after the page was seen),
  and end to end (query + PDF) for a fiche not seen yet;
- évolutions: layout for France, a région and five départements.
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

RUNS = 20
CODES = ["13", "2A", "974", "59", "93", "48", "75", "29", "971", "01"]


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return 1000 * (time.perf_counter() - start)


def report(label: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"{label:<52} median {statistics.median(ordered):7.0f} ms   p95 {p95:7.0f} ms   (n={len(ordered)})")


def main() -> int:
    start = time.perf_counter()
    import dash
    from plotly.utils import PlotlyJSONEncoder

    import app  # noqa: F401  (registers the pages, reads the store once)
    from components.pdf_fiche import fiche_pdf
    from data.loader import store

    print(f"app import + store load: {time.perf_counter() - start:.2f} s")
    page = sys.modules["pages.departement"]
    fiche_layout = dash.page_registry["pages.departement"]["layout"]
    evolutions_layout = dash.page_registry["pages.evolutions"]["layout"]
    version = store().manifest.get("data_version", "")
    latest = store().latest_edition()

    page.cached_fiche.cache_clear()
    first = timed(lambda: json.dumps(fiche_layout(code="13"), cls=PlotlyJSONEncoder))
    print(f"first fiche of the process (store groups indexed on first use): {first:.0f} ms")

    def layout_json(code, period=None):
        return json.dumps(fiche_layout(code=code, periode=period), cls=PlotlyJSONEncoder)

    uncached, cached, pdf_cached, pdf_total = [], [], [], []
    for run in range(RUNS):
        code = CODES[run % len(CODES)]
        period = latest if run % 2 == 0 else "2022-2025"
        page.cached_fiche.cache_clear()
        uncached.append(timed(lambda: layout_json(code, period)))
        cached.append(timed(lambda: layout_json(code, period)))
        pdf_cached.append(timed(lambda: fiche_pdf(*page.cached_fiche(code, period, version))))
        page.cached_fiche.cache_clear()
        pdf_total.append(timed(lambda: fiche_pdf(*page.cached_fiche(code, period, version))))
    payload = layout_json("13")
    report("fiche layout + JSON, not cached", uncached)
    report("fiche layout + JSON, cached fiche", cached)
    report("PDF from the cached fiche", pdf_cached)
    report("PDF end to end (query + PDF)", pdf_total)
    pdf = fiche_pdf(*page.cached_fiche("13", latest, version))
    print(f"sizes: fiche JSON {len(payload) / 1024:.0f} KB (before compression), PDF {len(pdf) / 1024:.0f} KB")

    evolutions = [timed(lambda: json.dumps(evolutions_layout(indicateur="insecurite_quartier",
                                                             territoires="FE,R93,13,2A,974,59,93"),
                                           cls=PlotlyJSONEncoder)) for _ in range(RUNS)]
    report("évolutions layout + JSON (7 territories)", evolutions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
