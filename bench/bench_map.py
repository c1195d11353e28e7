"""Speed of /carte on this machine: what changing the indicator costs, patch vs whole figure,
and what the first page load weighs. Prints figures; asserts nothing.

1. The callback that changes the indicator (`pages.carte.update_map`: map values as a
   `dash.Patch`, legend, title, France box, PNG file name), posted 100 times through Flask's
   test client to `/_dash-update-component`, each call a new (indicator, period) so the
   query cache is cold, then the same 100 again (warm). Response size raw and gzip
   (flask-compress), server time p50/p95 (targets: ≤ 10 KB, p95 ≤ 30 ms).
2. The same for a naive callback registered here for the bench only, returning the whole
   new figure (geometry included) with the same other outputs: same inputs, same run.
3. The other callbacks an indicator change triggers (ranked chart, table, selection, URL):
   their total size, for the record.
4. First page load of a permalink in headless Chromium (fresh profile), from the Resource
   Timing API: compressed bytes of the HTML, scripts, CSS, layout and callback responses,
   topojson; and the time until the 99 départements are drawn. Needs /usr/bin/chromium
   and chromedriver; skipped with a note otherwise.
"""
from __future__ import annotations

import gzip
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dash import Input, Output  # noqa: E402

import app as dash_app  # noqa: E402
from components.map_figure import make_map_figure  # noqa: E402
from data import map_queries as q  # noqa: E402
from pages import carte  # noqa: E402

CALLS = 100
PERMALINK = "/carte?indicateur=insecurite_quartier&periode=2024&ventilation=sexe&categorie=femme&mode=valeur&dep=13"
CONTROL_IDS = [carte.INDICATOR, carte.PERIOD, carte.BREAKDOWN, carte.CATEGORY, carte.MODE]


def naive_update_map(indicator, period, breakdown, category, mode):
    """What a callback without Patch would send: the whole figure, geometry included."""
    patch, config, legend, title, france = carte.update_map(indicator, period, breakdown, category, mode)
    view = q.map_view(indicator, period, breakdown, category, mode)
    return make_map_figure(q.base_figure(), view), config, legend, title, france


NAIVE_OUTPUTS = [Output(carte.MAP, "figure", allow_duplicate=True), Output(carte.MAP, "config", allow_duplicate=True),
                 Output(carte.LEGEND, "children", allow_duplicate=True), Output(carte.TITLE, "children", allow_duplicate=True),
                 Output(carte.FRANCE, "children", allow_duplicate=True)]
dash_app.app.callback(*NAIVE_OUTPUTS, *[Input(i, "value") for i in CONTROL_IDS], prevent_initial_call=True)(naive_update_map)


def outputs_key(outputs: list[dict]) -> str:
    parts = [f"{o['id']}.{o['property']}" for o in outputs]
    return parts[0] if len(parts) == 1 else ".." + "...".join(parts) + ".."


def callbacks(client) -> list[dict]:
    return client.get("/_dash-dependencies").get_json()


def find(deps: list[dict], first_output: str, exclude_duplicate: bool) -> dict:
    for dep in deps:
        first = dep["output"].strip(".").split("...")[0]
        if first.split("@")[0] == first_output and ("@" in first) != exclude_duplicate:
            return dep
    raise KeyError(first_output)


def payload(dep: dict, values: dict, changed: str) -> dict:
    outputs = []
    for part in dep["output"].strip(".").split("..."):
        ident, prop = part.rsplit(".", 1)
        outputs.append({"id": ident, "property": prop})
    inputs = [{"id": i["id"], "property": i["property"], "value": values.get(i["id"])} for i in dep["inputs"]]
    return {"output": dep["output"], "outputs": outputs if len(outputs) > 1 else outputs[0], "inputs": inputs,
            "changedPropIds": [f"{changed}.value"], "state": []}


def combos(n: int) -> list[dict]:
    data = q.store()
    indicators, periods = data.indicators(), data.periods()
    out = []
    for i in range(n):
        out.append({carte.INDICATOR: indicators[i % len(indicators)], carte.PERIOD: periods[(i // len(indicators)) % len(periods)],
                    carte.BREAKDOWN: "sexe", carte.CATEGORY: "femme", carte.MODE: "valeur", carte.DEP: "13"})
    return out


def post(client, body: dict) -> tuple[float, int, int]:
    """(server time in ms, raw bytes, gzip bytes as sent by flask-compress)."""
    start = time.perf_counter()
    response = client.post("/_dash-update-component", json=body, headers={"Accept-Encoding": "gzip"})
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, response.data[:300]
    sent = len(response.data)
    raw = len(gzip.decompress(response.data)) if response.headers.get("Content-Encoding") == "gzip" else sent
    return elapsed, raw, sent


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run(client, dep: dict, label: str) -> None:
    for phase in ("cold", "warm"):
        times, raws, sents = [], [], []
        for values in combos(CALLS):
            elapsed, raw, sent = post(client, payload(dep, values, carte.INDICATOR))
            times.append(elapsed)
            raws.append(raw)
            sents.append(sent)
        print(f"{label:<28} {phase:<5} size raw p50 {statistics.median(raws) / 1024:6.1f} KB, max {max(raws) / 1024:6.1f} KB | "
              f"gzip p50 {statistics.median(sents) / 1024:6.1f} KB, max {max(sents) / 1024:6.1f} KB | "
              f"server time p50 {percentile(times, 50):6.1f} ms, p95 {percentile(times, 95):6.1f} ms")
        q.cache.clear() if phase == "warm" else None


def other_callbacks(client, deps: list[dict]) -> None:
    values = combos(1)[0]
    total_raw = total_sent = 0
    names = []
    for first in (carte.RANKED + ".figure", carte.TABLE + ".children", carte.SELECTED + ".children", carte.URL + ".search"):
        _, raw, sent = post(client, payload(find(deps, first, True), values, carte.INDICATOR))
        total_raw += raw
        total_sent += sent
        names.append(f"{first.split('.')[0]} {raw / 1024:.1f}/{sent / 1024:.1f}")
    print(f"other callbacks of an indicator change (raw/gzip KB): {', '.join(names)}; "
          f"total {total_raw / 1024:.1f} KB raw, {total_sent / 1024:.1f} KB gzip")


def first_load() -> None:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from tests.integration.conftest import OFFLINE_ARGS, start_server
    except ImportError as error:
        print(f"first page load: skipped ({error})")
        return
    process, url = start_server()
    try:
        options = Options()
        for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", *OFFLINE_ARGS]:
            options.add_argument(arg)
        options.binary_location = "/usr/bin/chromium"
        driver = webdriver.Chrome(options=options)
        try:
            start = time.perf_counter()
            driver.get(url + PERMALINK)
            deadline = time.time() + 60
            while driver.execute_script("return document.querySelectorAll('#carte-map path.choroplethlocation').length") < 99:
                if time.time() > deadline:
                    raise TimeoutError("map not drawn in 60 s")
                time.sleep(0.05)
            drawn = time.perf_counter() - start
            time.sleep(1.0)
            entries = driver.execute_script("""
                var nav = performance.getEntriesByType('navigation')[0];
                var out = [{name: nav.name, type: 'document', encoded: nav.encodedBodySize, decoded: nav.decodedBodySize}];
                performance.getEntriesByType('resource').forEach(e => out.push(
                    {name: e.name, type: e.initiatorType, encoded: e.encodedBodySize, decoded: e.decodedBodySize}));
                return out;""")
        finally:
            driver.quit()
    finally:
        process.terminate()
        process.wait(timeout=10)
    groups: dict[str, list[int]] = {}
    for entry in entries:
        name = entry["name"]
        kind = ("callbacks" if "_dash-update-component" in name else "layout+deps" if "_dash-layout" in name or "_dash-dependencies" in name
                else "topojson" if "topojson" in name else "css" if name.endswith(".css") or ".css?" in name
                else "document" if entry["type"] == "document" else "scripts" if ".js" in name else entry["type"])
        groups.setdefault(kind, [0, 0, 0])
        groups[kind][0] += entry["encoded"]
        groups[kind][1] += entry["decoded"]
        groups[kind][2] += 1
    encoded = sum(g[0] for g in groups.values())
    decoded = sum(g[1] for g in groups.values())
    print(f"first load of {PERMALINK}: {encoded / 1024:.0f} KB compressed ({decoded / 1024:.0f} KB uncompressed) "
          f"in {len(entries)} requests; map drawn after {drawn:.2f} s (headless, local)")
    for kind, (enc, dec, count) in sorted(groups.items(), key=lambda item: -item[1][0]):
        print(f"    {kind:<12} {count:3d} requests {enc / 1024:8.1f} KB compressed {dec / 1024:8.1f} KB uncompressed")


def main() -> None:
    client = dash_app.server.test_client()
    client.get("/")  # first request: Dash registers the callbacks
    deps = callbacks(client)
    patch_dep = find(deps, carte.MAP + ".figure", exclude_duplicate=True)
    naive_dep = next(d for d in deps if d["output"].startswith("..carte-map.figure@")
                     and len(d["inputs"]) == len(CONTROL_IDS))
    with dash_app.server.app_context():
        q.cache.clear()
    print(f"indicator change, {CALLS} calls through /_dash-update-component (Flask test client):")
    with dash_app.server.app_context():
        run(client, patch_dep, "patch (pages.carte)")
        run(client, naive_dep, "naive (whole figure)")
    other_callbacks(client, deps)
    body = json.dumps(q.base_figure()["data"][0]["geojson"]).encode()
    print(f"geometry of the metropolitan trace alone: {len(body) / 1024:.0f} KB raw, {len(gzip.compress(body)) / 1024:.0f} KB gzip")
    first_load()


if __name__ == "__main__":
    main()
