"""API benchmark: all départements × one indicator × all periods (`/api/v1/donnees`), JSON and CSV.

Two measures on the built data:
- in process (Flask test client): the first call of a fresh process (the store indexes each
  group it meets for the first time), warm calls with the selection's rows not yet cached
  (`api.routes.selected_rows`), and the median of warm calls;
- over HTTP against gunicorn (1 worker, on a free local port): median of warm calls, what a
  script on the same machine sees (no network latency).
Also the table page's own work for the same selection (build + CSV + XLSX).

Run: `python bench/bench_api.py` (or `make bench`). Target: warm JSON answer < 200 ms.
"""
from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

INDICATOR = "cambriolage"
QUERY = f"/api/v1/donnees?indicateur={INDICATOR}&niveau=departement"
TARGET_MS = 200.0
REPEAT = 15


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def _timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def in_process() -> float:
    from app import server

    client = server.test_client()
    first, response = _timed(lambda: client.get(QUERY))
    body = response.get_json()
    print(f"rows: {body['pagination']['total']} (99 départements × {len(body['donnees']) // 99} périodes), "
          f"JSON {len(response.data) / 1024:.0f} KB")
    print(f"in process, first call (cold groups) : {_ms(first)}")
    from api.routes import selected_rows

    def uncached():
        selected_rows.cache_clear()
        return client.get(QUERY)
    times = [_timed(uncached)[0] for _ in range(REPEAT)]
    print(f"in process, warm store, answer not cached: {_ms(statistics.median(times))}")
    results = {}
    for fmt in ("json", "csv"):
        times = [_timed(lambda: client.get(f"{QUERY}&format={fmt}"))[0] for _ in range(REPEAT)]
        results[fmt] = statistics.median(times)
        print(f"in process, warm {fmt:<4} (median of {REPEAT}) : {_ms(results[fmt])}  (max {_ms(max(times)).strip()})")
    return results["json"]


def over_http() -> float | None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "app:server", "--bind",
                                f"127.0.0.1:{port}", "--workers", "1"], cwd=ROOT, env=dict(os.environ),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}{QUERY}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                if time.time() > deadline or process.poll() is not None:
                    print("over HTTP: gunicorn did not answer, skipped")
                    return None
                time.sleep(0.3)
        for fmt, encoding in (("json", "identity"), ("json", "gzip"), ("csv", "identity")):
            request = urllib.request.Request(f"{url}&format={fmt}", headers={"Accept-Encoding": encoding})
            times, size = [], 0
            for _ in range(REPEAT):
                elapsed, data = _timed(lambda: urllib.request.urlopen(request, timeout=30).read())
                times.append(elapsed)
                size = len(data)
            print(f"over HTTP (gunicorn), {fmt} {encoding:<8}    : {_ms(statistics.median(times))}  "
                  f"({size / 1024:.0f} KB on the wire)")
        return None
    finally:
        process.terminate()
        process.wait(timeout=10)


def page_work() -> None:
    import pages.tableaux as page
    from components.exports import export_metadata, to_csv_bytes, to_xlsx_bytes
    from data.catalogue import load_catalogue
    from data.loader import store

    periods = ",".join(store().periods())
    state = page.state_from_search(f"?indicateur={INDICATOR}&periode={periods}&niveau=departement&expert=1")
    elapsed, (table, _) = _timed(lambda: page.build(state))
    print(f"page: build table ({len(table.frame)} rows × {len(table.columns)} columns) : {_ms(elapsed)}")
    print(f"page: CSV                               : {_ms(_timed(lambda: to_csv_bytes(table))[0])}")
    meta = export_metadata(store().manifest, load_catalogue(), [INDICATOR], {})
    print(f"page: XLSX                              : {_ms(_timed(lambda: to_xlsx_bytes(table, meta))[0])}")


def main() -> int:
    warm = in_process()
    over_http()
    page_work()
    ok = warm * 1000 < TARGET_MS
    print(f"{'OK' if ok else 'SLOW'}: warm JSON {warm * 1000:.0f} ms (target < {TARGET_MS:.0f} ms)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
