"""Downloads of exactly what the grid shows: CSV for French spreadsheets, XLSX with metadata.

Both take a `components.crosstab.GridTable` (the same object the grid renders) and write its
`columns`, in order, for its rows, in order, with the numbers rounded as on screen:
- CSV: UTF-8 with BOM, `;` separator, decimal comma, no thousands separator (so that Excel and
  LibreOffice in French read numbers as numbers), CRLF line ends, empty cell for a missing value;
- XLSX: sheet « Données » (numbers as numbers, displayed with the grid's decimals) and sheet
  « Métadonnées » (source, data version, simulated or not, the selection, the definitions of
  the indicators in the table, the status legend, the meaning of the columns).
A suppressed cell has no value in the table, so it has none in either file. Pure: bytes out.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from components.crosstab import COLUMN_NOTES, DECIMALS, FLAG_LABELS, GridTable
from data.catalogue import REFERENCE_PERIODS, THEMES

SOURCE = "SSMSI, enquête « Vécu et ressenti en matière de sécurité » (VRS)"
LICENCE = "Licence Ouverte 2.0 (Etalab)"
SIMULATED_NOTE = ("Oui : chiffres issus d'une simulation réaliste de l'enquête, pas des microdonnées réelles "
                  "(confidentielles). Ils ne doivent pas être cités.")
XLSX_FORMATS = {"pct": "0.0", "pt": "0.00", "int": "#,##0"}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportMetadata:
    """What the metadata sheet says besides the table (built by `export_metadata`)."""

    data_version: str
    built_at: str
    origin: str
    simulated: bool
    thresholds: dict
    selection: dict[str, str]
    indicators: pd.DataFrame  # catalogue rows of the indicators in the table, in table order
    permalink: str = ""
    extracted_at: str = ""
    notes: list[str] = field(default_factory=list)


def export_metadata(manifest: dict, catalogue: pd.DataFrame, indicator_ids: list[str], selection: dict[str, str],
                    permalink: str = "", extracted_at: str = "", notes: list[str] | None = None) -> ExportMetadata:
    """Metadata from the manifest and the catalogue (pure: everything comes in as arguments)."""
    known = [i for i in indicator_ids if i in catalogue.index]
    return ExportMetadata(
        data_version=str(manifest.get("data_version", "inconnue")), built_at=str(manifest.get("built_at", "")),
        origin=str(manifest.get("origin", "inconnue")), simulated=manifest.get("origin") == "simulation",
        thresholds=dict(manifest.get("thresholds") or {}), selection=dict(selection),
        indicators=catalogue.loc[known], permalink=permalink, extracted_at=extracted_at, notes=list(notes or []))


# --- CSV -------------------------------------------------------------------------------------------
def _csv_cell(value, kind: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if kind in DECIMALS:
        return f"{float(value):.{DECIMALS[kind]}f}".replace(".", ",")
    return str(value)


def to_csv_bytes(table: GridTable) -> bytes:
    """The displayed table as CSV bytes (UTF-8 with BOM, `;`, decimal comma)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([c.title for c in table.columns])
    fields = [(c.field, c.kind) for c in table.columns]
    for record in table.frame[[f for f, _ in fields]].itertuples(index=False, name=None):
        writer.writerow([_csv_cell(value, kind) for value, (_, kind) in zip(record, fields)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --- XLSX ------------------------------------------------------------------------------------------
def _xlsx_value(value, kind: str):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if kind == "int":
        return int(value)
    if kind in DECIMALS:
        return float(value)
    return str(value)


def _data_sheet(sheet, table: GridTable) -> None:
    sheet.title = "Données"
    sheet.append([c.title for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    fields = [(c.field, c.kind) for c in table.columns]
    for record in table.frame[[f for f, _ in fields]].itertuples(index=False, name=None):
        sheet.append([_xlsx_value(value, kind) for value, (_, kind) in zip(record, fields)])
    for position, column in enumerate(table.columns, start=1):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = 28 if column.kind == "text" else 14
        if column.kind in XLSX_FORMATS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                cell.number_format = XLSX_FORMATS[column.kind]
    sheet.freeze_panes = "B2" if table.columns and table.columns[0].field == "territory" else "A2"


def status_legend(thresholds: dict) -> list[tuple[str, str, str]]:
    """(mark, meaning, rule) for each quality mark, with the thresholds the data were built with."""
    n, cases = thresholds.get("min_respondents", 30), thresholds.get("min_cases", 5)
    caution, unreliable = thresholds.get("cv_caution", 0.15), thresholds.get("cv_unreliable", 0.30)
    pct = lambda v: f"{v * 100:g} %".replace(".", ",")  # noqa: E731
    return [
        ("(vide)", "Estimation fiable", f"coefficient de variation (CV) jusqu'à {pct(caution)}"),
        ("E", FLAG_LABELS["E"], f"CV entre {pct(caution)} et {pct(unreliable)}"),
        ("F", FLAG_LABELS["F"], f"CV supérieur à {pct(unreliable)}, valeur indicative seulement"),
        ("s", FLAG_LABELS["s"], f"moins de {n} répondants, ou 1 à {cases - 1} répondants concernés : aucune valeur diffusée"),
        ("nd", FLAG_LABELS["nd"], "combinaison non estimée"),
    ]


def _metadata_rows(table: GridTable, meta: ExportMetadata) -> list[list]:
    rows: list[list] = [
        ["Tableau personnalisé – enquête Vécu et ressenti en matière de sécurité"], [],
        ["Source", SOURCE], ["Licence", LICENCE],
        ["Données simulées", SIMULATED_NOTE if meta.simulated else "Non"],
        ["Origine des données", meta.origin], ["Version des données", meta.data_version],
        ["Construites le", meta.built_at],
    ]
    if meta.extracted_at:
        rows.append(["Extrait le", meta.extracted_at])
    if meta.permalink:
        rows.append(["Lien permanent", meta.permalink])
    rows += [[], ["Sélection"]] + [[key, value] for key, value in meta.selection.items()]
    rows += [["Disposition", "une ligne par estimation" if table.layout == "long" else "tableau croisé"],
             ["Mode expert", "oui" if table.expert else "non"], ["Lignes", len(table.frame)]]
    rows += [[note] for note in meta.notes]
    rows += [[], ["Indicateurs", "Libellé", "Définition", "Unité", "Population", "Thème", "Période de référence"]]
    for ident, row in meta.indicators.iterrows():
        rows.append([ident, row["label_fr"], row["definition_fr"], row["unit_fr"], row["universe_fr"],
                     THEMES.get(row["theme"], row["theme"]), REFERENCE_PERIODS.get(row["reference_period"], "")])
    rows += [[], ["Statut", "Signification", "Règle"]] + [list(item) for item in status_legend(meta.thresholds)]
    headers = dict.fromkeys(c.header for c in table.columns if c.header in COLUMN_NOTES)
    rows += [[], ["Colonne", "Description"]] + [[h, COLUMN_NOTES[h]] for h in headers]
    return rows


def _metadata_sheet(sheet, table: GridTable, meta: ExportMetadata) -> None:
    for row in _metadata_rows(table, meta):
        sheet.append(row)
    bold = {"Sélection", "Indicateurs", "Statut", "Colonne"}
    for (cell,) in sheet.iter_rows(min_col=1, max_col=1):
        if cell.row == 1 or cell.value in bold:
            cell.font = Font(bold=True)
        if cell.value == "Données simulées" and meta.simulated:
            cell.fill = PatternFill("solid", fgColor="FFF4E5")
    for letter, width in zip("ABCDEFG", (24, 60, 70, 30, 30, 30, 40)):
        sheet.column_dimensions[letter].width = width


def to_xlsx_bytes(table: GridTable, meta: ExportMetadata) -> bytes:
    """The displayed table as an XLSX workbook: « Données » then « Métadonnées »."""
    book = Workbook()
    _data_sheet(book.active, table)
    _metadata_sheet(book.create_sheet("Métadonnées"), table, meta)
    book.properties.title = "Tableau personnalisé VRS"
    book.properties.creator = "SSMSI – tableau de bord VRS"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
