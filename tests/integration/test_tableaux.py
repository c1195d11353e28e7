"""/tableaux in a real browser: build a table, sort it, download CSV and XLSX, find exactly the grid in both.

The grid is read through AG Grid's own API (`dash_ag_grid.getApi`): displayed columns with their
group, and displayed rows after sort and filter with the text each cell shows.
"""
import csv
import io
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from openpyxl import load_workbook
from selenium.webdriver.common.by import By

from tests.integration.conftest import console_errors

GRID = "tab-grille"
START = ("/tableaux?indicateur=cambriolage,insecurite_quartier&periode=2024,2025&niveau=departement"
         "&code=13,2A,75&ventilation=ensemble")
NBSP = "\u00a0"

READ_GRID = """
const api = dash_ag_grid.getApi(arguments[0]);
const columns = api.getAllDisplayedColumns();
const header = columns.map(c => {
    const group = c.getParent() && c.getParent().getColGroupDef() ? c.getParent().getColGroupDef().headerName : '';
    return group ? group + ' – ' + c.getColDef().headerName : c.getColDef().headerName;
});
const shown = [], raw = [];
api.forEachNodeAfterFilterAndSort(node => {
    shown.push(columns.map(c => {
        const text = api.getCellValue({rowNode: node, colKey: c, useFormatter: true});
        return text == null ? '' : String(text);
    }));
    raw.push(columns.map(c => node.data[c.getColDef().field]));
});
return {header: header, shown: shown, raw: raw};
"""


def read_grid(dash_br) -> dict:
    return dash_br.driver.execute_script(READ_GRID, GRID)


def wait_for(condition, timeout=15, message="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {message}")


def downloaded(folder: str, extension: str, timeout=20) -> Path:
    def found():
        files = [p for p in Path(folder).glob(f"*.{extension}")]
        return files[0] if files and files[0].stat().st_size > 0 else None
    return wait_for(found, timeout, f"a .{extension} download in {folder}")


def click(dash_br, element) -> None:
    """Scroll the element to the middle of the window (at once: Bootstrap scrolls smoothly), then click it."""
    dash_br.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
    element.click()


def grid_rows(dash_br) -> int:
    return dash_br.driver.execute_script(
        "const api = dash_ag_grid.getApi(arguments[0]); return api ? api.getDisplayedRowCount() : -1;", GRID)


def choose_breakdown(dash_br, label: str) -> None:
    click(dash_br, dash_br.find_element("#tab-ventilation"))
    option = wait_for(lambda: [o for o in dash_br.driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")
                               if o.text.strip() == label], message=f"option {label}")
    option[0].click()


def test_table_downloads_hold_exactly_the_grid(dash_br, live_server):
    dash_br.driver.get(live_server + START)
    dash_br.wait_for_text_to_equal("h1", "Tableaux personnalisés")
    wait_for(lambda: grid_rows(dash_br) == 3, message="3 départements in the grid")

    choose_breakdown(dash_br, "Sexe")  # 2 indicators × sexe × 3 départements
    wait_for(lambda: grid_rows(dash_br) == 6, message="6 rows (3 départements × 2 sexes)")
    assert "ventilation=sexe" in dash_br.driver.current_url
    click(dash_br, dash_br.find_element("#tab-expert"))
    wait_for(lambda: len(read_grid(dash_br)["header"]) == 3 + 4 * 8, message="expert columns")
    query = parse_qs(urlsplit(dash_br.driver.current_url).query)
    assert query["expert"] == ["1"] and query["code"] == ["13,2A,75"]

    # sort by territory, descending: the files must follow the grid's order
    header_cell = dash_br.driver.find_element(By.CSS_SELECTOR, '.ag-header-cell[col-id="territory"] .ag-header-cell-label')
    click(dash_br, header_cell)
    click(dash_br, header_cell)
    wait_for(lambda: read_grid(dash_br)["shown"][0][0] == "Paris", message="grid sorted Z→A")
    grid = read_grid(dash_br)
    assert [row[2] for row in grid["shown"]] == ["Femmes", "Hommes"] * 3
    assert "s" in {cell for row in grid["shown"] for cell in row}  # a suppressed cell is on screen

    click(dash_br, dash_br.find_element("#tab-bouton-csv"))
    csv_path = downloaded(dash_br.download_path, "csv")
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == grid["header"]
    assert rows[1:] == [[cell.replace(NBSP, "") for cell in row] for row in grid["shown"]]

    click(dash_br, dash_br.find_element("#tab-bouton-xlsx"))
    book = load_workbook(downloaded(dash_br.download_path, "xlsx"))
    sheet = [list(r) for r in book["Données"].iter_rows(values_only=True)]
    assert sheet[0] == grid["header"]
    expected = [[None if value in (None, "") else value for value in row] for row in grid["raw"]]
    assert sheet[1:] == expected
    metadata = "\n".join(str(v) for row in book["Métadonnées"].iter_rows(values_only=True) for v in row if v)
    assert "Données simulées" in metadata and "Cambriolage ou tentative" in metadata

    assert console_errors(dash_br) == []


def test_unknown_parameter_message_legend_and_nothing_from_a_cdn(dash_br, live_server):
    dash_br.driver.get(live_server + "/tableaux?indicateur=cambriolage&niveau=region&annee=2024")
    dash_br.wait_for_contains_text("#tab-message", "Paramètre « annee » inconnu")
    wait_for(lambda: grid_rows(dash_br) == 16, message="16 régions")
    assert "secret statistique" in dash_br.find_element("#tab-legende").text
    resources = dash_br.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name);")
    assert resources and all(name.startswith(live_server) for name in resources), resources
    assert console_errors(dash_br) == []


def test_too_large_request_gets_a_clear_message(dash_br, live_server):
    dash_br.driver.get(live_server + "/tableaux?indicateur=cambriolage,injures,menaces,vol_velo,escroquerie,"
                                     "vol_voiture,vol_violent,discrimination&periode=2022,2023,2024,2025,2022-2025"
                                     "&niveau=departement&ventilation=age")  # 8 × 5 × 99 × 6 = 23 760 estimations
    dash_br.wait_for_contains_text("#tab-message", "au-delà de la limite de 20")
    assert grid_rows(dash_br) == 0
    assert console_errors(dash_br) == []
