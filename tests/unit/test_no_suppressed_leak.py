"""No value of a suppressed cell ever leaves the server: whole API output, grid rows, every download.

- API: every row of the built table, for all indicators, periods, levels and breakdowns, in JSON
  and in CSV, is compared with the store: a `suppressed` row has every secret column empty.
- Page: the grid's rows and the CSV/XLSX downloads (both layouts, expert on and off, sorted and
  filtered) of tables chosen for their many suppressed cells have no value beside an « s ».
"""
import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from app import server
from data.loader import store
from data.schema import COLUMNS, KEY, SECRET_COLUMNS

import pages.tableaux as page  # noqa: E402  (registered by the app import above)

SECRET_HEADERS = ("Estimation (%)", "IC 95 % bas (%)", "IC 95 % haut (%)", "Erreur type (pt)", "CV (%)")
LEVEL_BREAKDOWNS = [("france", "ensemble,sexe,age,tuu,sexe_age"), ("metropole", "ensemble,sexe,age,tuu,sexe_age"),
                    ("region", "ensemble,sexe,age,tuu"), ("departement", "ensemble,sexe,age,tuu")]


@pytest.fixture(scope="module")
def client():
    return server.test_client()


@pytest.fixture(scope="module")
def statuses() -> pd.DataFrame:
    return store().frame[KEY + ["status"]].rename(columns={"status": "stored_status"})


def api_pages(client, level, breakdown, fmt):
    indicators = ",".join(store().indicators())
    page_number = 1
    while True:
        response = client.get(f"/api/v1/donnees?indicateur={indicators}&niveau={level}&ventilation={breakdown}"
                              f"&format={fmt}&par_page=10000&page={page_number}")
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        if fmt == "json":
            body = response.get_json()
            yield body["donnees"]
            if not body["pagination"]["suivante"]:
                return
        else:
            yield list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
            if 'rel="next"' not in response.headers.get("Link", ""):
                return
        page_number += 1


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_whole_api_output_has_no_value_in_a_suppressed_cell(client, statuses, fmt):
    parts = []
    for level, breakdowns in LEVEL_BREAKDOWNS:
        for breakdown in breakdowns.split(","):
            for rows in api_pages(client, level, breakdown, fmt):
                assert all(list(row) == list(COLUMNS) for row in rows)  # status always there
                parts.append(pd.DataFrame(rows, dtype=object))
    seen = pd.concat(parts, ignore_index=True)
    for column in KEY:
        seen[column] = seen[column].astype(str)
    checked = seen.merge(statuses, on=KEY, how="left", validate="one_to_one")
    assert len(checked) == len(store().frame)  # the scan covered every row of the table, once
    assert (checked["status"] == checked["stored_status"]).all()
    hidden = checked[checked["stored_status"] == "suppressed"]
    assert len(hidden) == (store().frame["status"] == "suppressed").sum() > 0
    empty = hidden[SECRET_COLUMNS].isna() if fmt == "json" else hidden[SECRET_COLUMNS] == ""
    leaks = hidden[~empty.all(axis=1)]
    assert leaks.empty, leaks.head().to_dict("records")


# --- the page: grid rows and downloads ------------------------------------------------------------
SEARCHES = [
    "?indicateur=violences_sexuelles_physiques,vol_violent,plainte_violences_sexuelles,cambriolage"
    "&periode=2022,2023,2024,2025,2022-2025&niveau=departement&ventilation=age",
    "?indicateur=vol_deux_roues,violences_conjugales&periode=2024,2025&niveau=region&ventilation=tuu",
    "?indicateur=plainte_vol_violent,violences_sexuelles_physiques&periode=2025&niveau=france&ventilation=sexe_age",
]
VARIANTS = [("croise", "0"), ("croise", "1"), ("long", "0"), ("long", "1")]


def table_of(search, layout, expert):
    search = f"{search}&disposition={layout}&expert={expert}"
    table, _ = page.build(page.state_from_search(search))
    return search, table


def suppressed_count(search) -> int:
    selection = page.state_from_search(search).selection
    return int((selection.query(store())["status"] == "suppressed").sum())


def assert_no_value_beside_s(header: list[str], rows: list[list]) -> int:
    """Every value column of a cell flagged « s » is empty; return how many « s » were seen."""
    flags = [i for i, h in enumerate(header) if h.endswith("Statut")]
    found = 0
    for row in rows:
        for flag in flags:
            if row[flag] != "s":
                continue
            found += 1
            prefix = header[flag][: -len("Statut")]
            for i, name in enumerate(header):
                if name.startswith(prefix) and name[len(prefix):] in SECRET_HEADERS:
                    assert row[i] in ("", None), f"{name} = {row[i]!r} in a suppressed cell"
    return found


@pytest.mark.parametrize("layout, expert", VARIANTS)
@pytest.mark.parametrize("search", SEARCHES)
def test_grid_rows_and_downloads_have_no_value_in_a_suppressed_cell(search, layout, expert):
    search, table = table_of(search, layout, expert)
    expected = suppressed_count(search)
    assert expected > 0
    header = [c.title for c in table.columns]

    records = page.row_data(table)  # what the browser receives
    fields = [c.field for c in table.columns]
    assert assert_no_value_beside_s(header, [[r[f] for f in fields] for r in records]) == expected

    ids = list(table.frame["row_id"])[::-1]  # the grid sorted the other way round
    csv_file = page.download_csv(1, search, ids)
    text = io.BytesIO(__import__("base64").b64decode(csv_file["content"])).read().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == header
    assert assert_no_value_beside_s(header, rows[1:]) == expected

    xlsx_file = page.download_xlsx(1, search, ids[:40])  # a filtered grid
    book = load_workbook(io.BytesIO(__import__("base64").b64decode(xlsx_file["content"])), read_only=True)
    sheet_rows = [list(r) for r in book["Données"].iter_rows(values_only=True)]
    assert sheet_rows[0] == header and len(sheet_rows) == 1 + min(40, len(ids))
    assert_no_value_beside_s(header, sheet_rows[1:])


def test_long_download_matches_the_store_status_row_by_row():
    search, table = table_of(SEARCHES[0], "long", "1")
    content = page.download_csv(1, search, None)["content"]
    frame = pd.read_csv(io.BytesIO(__import__("base64").b64decode(content)), sep=";", decimal=",", dtype={"Code": str},
                        encoding="utf-8-sig", keep_default_na=False, na_values=[""])
    assert (frame["Statut"] == "s").sum() == suppressed_count(search)
    assert frame.loc[frame["Statut"] == "s", list(SECRET_HEADERS)].isna().all().all()
    assert frame.loc[frame["Statut"] != "s", "Estimation (%)"].notna().all()
