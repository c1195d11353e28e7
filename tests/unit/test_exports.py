"""CSV and XLSX downloads: exactly the displayed table (rows, columns, order, rounded numbers) plus metadata.

Tables come from the test factory (`tests/factories.py`) through the same builder as the grid.
"""
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from components.crosstab import Order, make_table, prepare_rows
from components.exports import export_metadata, status_legend, to_csv_bytes, to_xlsx_bytes
from data.catalogue import load_catalogue
from tests.factories import RULES, make_indicator_frame

INDICATORS = ["cambriolage", "insecurite_quartier"]
CODES = ["13", "2A", "75", "974"]


@pytest.fixture(scope="module")
def tidy():
    frame = make_indicator_frame()
    rows = frame[(frame["geo_level"] == "departement") & (frame["breakdown"] == "sexe") & frame["period"].isin(["2024", "2025"])]
    return prepare_rows(rows, load_catalogue(), Order(INDICATORS, ["2024", "2025"], CODES, ["femme", "homme"]))


def meta(simulated=True):
    manifest = {"data_version": "v-test", "built_at": "2025-06-04T09:30:00Z",
                "origin": "simulation" if simulated else "SSMSI", "thresholds": dict(RULES)}
    return export_metadata(manifest, load_catalogue(), INDICATORS, {"Indicateurs": ", ".join(INDICATORS)},
                           permalink="/tableaux?indicateur=cambriolage", extracted_at="2025-06-05T10:00:00+00:00")


def expected_cells(table) -> list[list[str]]:
    """The displayed cells as text, written the French way (the screen's decimals)."""
    out = []
    for _, row in table.frame.iterrows():
        cells = []
        for column in table.columns:
            value = row[column.field]
            if pd.isna(value):
                cells.append("")
            elif column.kind == "pct":
                cells.append(f"{value:.1f}".replace(".", ","))
            elif column.kind == "pt":
                cells.append(f"{value:.2f}".replace(".", ","))
            elif column.kind == "int":
                cells.append(str(int(value)))
            else:
                cells.append(str(value))
        out.append(cells)
    return out


LAYOUTS = [("croise", False), ("croise", True), ("long", False), ("long", True)]


@pytest.mark.parametrize("layout, expert", LAYOUTS)
def test_csv_is_french_excel_csv_of_exactly_the_table(tidy, layout, expert):
    table = make_table(tidy, layout, expert, "sexe")
    raw = to_csv_bytes(table)
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    parsed = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False)
    assert list(parsed.columns) == [c.title for c in table.columns]
    assert parsed.values.tolist() == expected_cells(table)


def test_csv_numbers_use_a_decimal_comma_and_read_back_as_numbers(tidy):
    table = make_table(tidy, "long", True, "sexe")
    parsed = pd.read_csv(io.BytesIO(to_csv_bytes(table)), sep=";", decimal=",", encoding="utf-8-sig")
    shown = table.shown()
    for column in ("Estimation (%)", "Erreur type (pt)", "n (répondants)"):
        assert pd.api.types.is_numeric_dtype(parsed[column])
        pd.testing.assert_series_equal(parsed[column].astype(float), shown[column].astype(float), check_names=False)


def test_csv_follows_the_grid_order_and_filter(tidy):
    table = make_table(tidy, "croise", False, "sexe")
    ids = list(table.frame["row_id"])
    shown = table.in_order([ids[5], ids[0]])
    parsed = pd.read_csv(io.BytesIO(to_csv_bytes(shown)), sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    assert parsed["Code"].tolist() == [table.frame.loc[5, "geo_code"], table.frame.loc[0, "geo_code"]]


@pytest.mark.parametrize("layout, expert", LAYOUTS)
def test_xlsx_data_sheet_is_exactly_the_table(tidy, layout, expert):
    table = make_table(tidy, layout, expert, "sexe")
    book = load_workbook(io.BytesIO(to_xlsx_bytes(table, meta())))
    assert book.sheetnames == ["Données", "Métadonnées"]
    rows = list(book["Données"].iter_rows(values_only=True))
    assert list(rows[0]) == [c.title for c in table.columns]
    assert len(rows) - 1 == len(table.frame)
    for got, (_, want) in zip(rows[1:], table.frame.iterrows()):
        for value, column in zip(got, table.columns):
            expected = want[column.field]
            if pd.isna(expected) or expected == "":
                assert value is None  # an empty cell (no value, or no quality mark)
            elif column.kind in ("pct", "pt", "int"):
                assert value == pytest.approx(float(expected), abs=1e-9)
            else:
                assert value == expected


def test_xlsx_numbers_are_numbers_with_the_screen_decimals(tidy):
    table = make_table(tidy, "long", True, "sexe")
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes(table, meta())))["Données"]
    header = [c.value for c in sheet[1]]
    formats = {header[i]: sheet.cell(row=2, column=i + 1).number_format for i in range(len(header))}
    assert formats["Estimation (%)"] == "0.0"
    assert formats["Erreur type (pt)"] == "0.00"
    assert formats["n (répondants)"] == "#,##0"


def metadata_text(table, simulated=True) -> str:
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes(table, meta(simulated))))["Métadonnées"]
    return "\n".join(" | ".join(str(v) for v in row if v is not None) for row in sheet.iter_rows(values_only=True))


def test_xlsx_metadata_sheet_has_source_version_simulation_definitions_and_legend(tidy):
    table = make_table(tidy, "croise", True, "sexe")
    text = metadata_text(table)
    catalogue = load_catalogue()
    assert "SSMSI, enquête « Vécu et ressenti en matière de sécurité » (VRS)" in text
    assert "Version des données | v-test" in text
    assert "Données simulées | Oui" in text
    for indicator in INDICATORS:
        assert catalogue.loc[indicator, "definition_fr"] in text
    for mark, meaning, _rule in status_legend(RULES):
        assert f"{mark} | {meaning}" in text
    assert "moins de 30 répondants, ou 1 à 4 répondants concernés" in text
    assert "Lien permanent | /tableaux?indicateur=cambriolage" in text
    assert "Degrés de liberté" in text  # expert columns are explained


def test_xlsx_metadata_says_when_data_are_real(tidy):
    assert "Données simulées | Non" in metadata_text(make_table(tidy, "croise"), simulated=False)


def test_status_legend_uses_the_manifest_thresholds():
    legend = dict((mark, rule) for mark, _, rule in status_legend(
        {"min_respondents": 50, "min_cases": 10, "cv_caution": 0.2, "cv_unreliable": 0.35}))
    assert legend["E"] == "CV entre 20 % et 35 %"
    assert legend["s"].startswith("moins de 50 répondants, ou 1 à 9 répondants")
