"""The département fiche as an A4 PDF, built server-side with fpdf2 (pure Python, offline).

Input: the tidy frame of `components.fiche.prepare_fiche`, its `Summary` and the fiche's
metadata — the very objects the page renders, so the numbers cannot differ. Output: bytes.
Fonts: DejaVu Sans shipped in `assets/fonts/` (PDF core fonts are latin-1 only and cannot
print '–', '≥', '→' or '−'; a fresh machine may have no system fonts).
Layout: portrait, 12 mm margins, one table per theme with the header repeated after a page
break, sparklines drawn as vector lines, the comparable départements (`components.similar_table`
rows, kept on one page with their caption), footer with data version, simulated-data label, page.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from components.fiche import Summary
from components.similar_table import fiche_similar_inputs, make_caption_text
from components.timeseries import sparkline_geometry
from data.catalogue import THEMES, load_catalogue
from data.compare import HIGHER, LOWER
from data.ranks import DIRECTION_FR
from geo.territories import all_departements

FONT_DIR = Path(__file__).resolve().parents[1] / "assets" / "fonts"
FONT = "DejaVu"
BLUE = (0, 0, 145)
GREY = (90, 90, 90)
LIGHT = (238, 238, 244)
MARGIN = 12
LINE = 3.3  # mm per line in the tables (7 pt text)
COLUMNS = (("Indicateur", 45), ("Département", 21), ("Région", 21), ("France", 21),
           ("Écart à la France", 18), ("Évolution", 21), ("Rang", 21), ("Éditions", 18))
SHORT_CHANGE = {"hausse significative": "Hausse signif.", "baisse significative": "Baisse signif.",
                "évolution non significative": "Non signif."}
SOURCE = "SSMSI, enquête « Vécu et ressenti en matière de sécurité » (VRS)"
SIMULATED = ("DONNÉES SIMULÉES — les chiffres de cette fiche proviennent d'une simulation réaliste de "
             "l'enquête, pas des microdonnées réelles (confidentielles). Ils ne doivent pas être cités.")


@dataclass(frozen=True)
class FicheMeta:
    """What the PDF prints around the table (no data frame)."""

    code: str
    name: str
    region_name: str
    period_label: str
    editions: list
    data_version: str
    origin: str
    built_at: str = ""
    permalink: str = ""
    generated_on: str = ""

    @property
    def simulated(self) -> bool:
        return self.origin == "simulation"


class FichePDF(FPDF):
    """A4 portrait with a running footer (territory, period, data version, page x/y)."""

    def __init__(self, meta: FicheMeta):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.meta = meta
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=16)
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_title(f"Diagnostic départemental VRS – {meta.name} ({meta.code})")
        self.set_author("SSMSI – tableau de bord VRS")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 6.5)
        self.set_text_color(*GREY)
        label = " · Données simulées" if self.meta.simulated else ""
        self.cell(0, 4, f"VRS – {self.meta.name} ({self.meta.code}) – {self.meta.period_label}{label} · "
                        f"version des données {self.meta.data_version} · page {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def _title(pdf: FichePDF) -> None:
    meta = pdf.meta
    pdf.set_fill_color(*BLUE)
    pdf.rect(MARGIN, MARGIN, 12, 1.6, style="F")
    pdf.set_y(MARGIN + 3)
    pdf.set_font(FONT, "", 7.5)
    pdf.set_text_color(*GREY)
    pdf.cell(0, 4, "Ministère de l'Intérieur · SSMSI — Diagnostic départemental", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, "B", 17)
    pdf.cell(0, 9, f"{meta.name} ({meta.code})", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 9)
    pdf.cell(0, 5, f"Région {meta.region_name} · {meta.period_label}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)
    if meta.simulated:
        pdf.set_draw_color(179, 64, 0)
        pdf.set_fill_color(255, 244, 229)
        pdf.set_font(FONT, "B", 7.5)
        pdf.multi_cell(0, 3.6, SIMULATED, border=1, fill=True, padding=1.5, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_draw_color(0, 0, 0)
        pdf.ln(2)


def _summary(pdf: FichePDF, summary: Summary) -> None:
    pdf.set_font(FONT, "B", 11)
    pdf.set_text_color(*BLUE)
    pdf.cell(0, 6, "En bref", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    for lead, items in ((summary.higher_lead, summary.higher), (summary.lower_lead, summary.lower)):
        if lead:
            pdf.set_font(FONT, "", 8.5)
            pdf.multi_cell(0, 4, lead, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for item in items:
            pdf.set_x(MARGIN + 3)
            pdf.multi_cell(0, 4, f"•  {item}", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    pdf.set_font(FONT, "", 7.5)
    for text in (summary.counts, summary.changes):
        if text:
            pdf.multi_cell(0, 3.6, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(0.8)


def _cells(row: pd.Series) -> list[str]:
    """The texts of one table row (value and CI on two lines)."""
    def value(prefix: str) -> str:
        text = row[f"{prefix}text"]
        flag = row[f"{prefix}flag"]
        head, _, ci = text.partition(" [")
        head = f"{head} ({flag})" if flag in ("E", "F") else head
        return f"{head}\n[{ci}" if ci else head
    arrow = {HIGHER: "▲ ", LOWER: "▼ "}.get(row["verdict"], "")
    change = SHORT_CHANGE.get(row["change_label"], row["change_label"])
    change += f"\n{row['change_points']}" if row["change_points"] else ""
    rank = row["rank_text"].replace(" (entre ", "\n(").replace(" et ", " à ") if row["rank_text"] else "—"
    return [f"{row['label_fr']}", value("dep_"), value("reg_"), value("fr_"), arrow + row["verdict_label"], change, rank]


def _row_height(pdf: FichePDF, texts: list[str]) -> float:
    lines = 1
    for text, (_, width) in zip(texts, COLUMNS):
        count = 0
        for part in text.split("\n"):
            count += max(1, -(-int(pdf.get_string_width(part) + 1.5) // int(width - 1.5)))
        lines = max(lines, count)
    return lines * LINE + 1.6


def _header_row(pdf: FichePDF, change_header: str) -> None:
    pdf.set_font(FONT, "B", 6.5)
    pdf.set_fill_color(*LIGHT)
    y, x = pdf.get_y(), MARGIN
    labels = [c for c, _ in COLUMNS]
    labels[4], labels[5], labels[6] = "Écart à la France", change_header, "Rang (1 = plus élevé)"
    for label, (_, width) in zip(labels, COLUMNS):
        pdf.set_xy(x, y)
        pdf.multi_cell(width, 3, label, border=0, fill=True, padding=(0.8, 0.8, 0.8, 0.8), max_line_height=3,
                       align="L")
        x += width
    pdf.set_y(y + 7.6)


def _sparkline(pdf: FichePDF, x: float, y: float, series: pd.DataFrame, reference: pd.DataFrame,
               editions: list) -> None:
    if not series["status"].isin(("ok", "caution", "unreliable")).any():
        return
    geometry = sparkline_geometry(series, editions, reference, width=16, height=6.6, pad=0.8)
    pdf.set_draw_color(*BLUE)
    pdf.set_fill_color(200, 200, 230)
    for band in geometry["bands"]:
        pdf.polygon([(x + a, y + b) for a, b in band], style="F")
    pdf.set_draw_color(130, 130, 130)
    pdf.set_line_width(0.15)
    with pdf.local_context(dash_pattern={"dash": 0.6, "gap": 0.5}):
        for line in geometry["reference"]:
            pdf.polyline([(x + a, y + b) for a, b in line])
    pdf.set_draw_color(*BLUE)
    pdf.set_line_width(0.35)
    for line in geometry["lines"]:
        pdf.polyline([(x + a, y + b) for a, b in line])
    for (a1, b1), (a2, b2) in geometry["whiskers"]:
        pdf.line(x + a1, y + b1, x + a2, y + b2)
    pdf.set_line_width(0.2)
    for a, b, status in geometry["points"]:
        pdf.set_fill_color(*(BLUE if status == "ok" else (255, 255, 255)))
        pdf.circle(x + a, y + b, 0.55, style="FD")
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.2)


def _theme(pdf: FichePDF, tidy: pd.DataFrame, theme: str, sparks: pd.DataFrame, reference: pd.DataFrame,
           editions: list) -> None:
    rows = tidy[tidy["theme"] == theme]
    previous = next((p for p in rows["previous_period"] if p), "")
    change_header = f"Évolution depuis {previous}" if previous else "Évolution"
    if pdf.get_y() + 30 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(FONT, "B", 10)
    pdf.set_text_color(*BLUE)
    pdf.cell(0, 6, THEMES[theme], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    _header_row(pdf, change_header)
    for _, row in rows.iterrows():
        texts = _cells(row)
        pdf.set_font(FONT, "", 7)
        height = max(_row_height(pdf, texts), 8.2)
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
            _header_row(pdf, change_header)
            pdf.set_font(FONT, "", 7)
        y, x = pdf.get_y(), MARGIN
        for position, (text, (_, width)) in enumerate(zip(texts, COLUMNS)):
            pdf.set_xy(x, y + 0.8)
            pdf.set_font(FONT, "B" if position == 0 or (position == 4 and row["verdict"] in (HIGHER, LOWER)) else "", 7)
            pdf.set_text_color(*((110, 110, 110) if position in (1, 2, 3) and row[["dep_", "reg_", "fr_"][position - 1]
                                                                                   + "status"] == "unreliable" else (0, 0, 0)))
            pdf.multi_cell(width, LINE, text, padding=(0, 0.8, 0, 0.8), max_line_height=LINE, align="L")
            x += width
        pdf.set_text_color(0, 0, 0)
        _sparkline(pdf, x + 1, y + 0.8, sparks[sparks["indicator"] == row["indicator"]],
                   reference[reference["indicator"] == row["indicator"]], editions)
        pdf.set_draw_color(210, 210, 210)
        pdf.line(MARGIN, y + height, pdf.w - MARGIN, y + height)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_y(y + height)


SIMILAR_NAME_WIDTH = 36  # mm; the 6 indicator columns share the rest of the 186 mm


def _similar_text(cell: dict) -> str:
    if not cell["text"]:
        return {"s": "s (secret)", "F": "F (peu fiable)"}.get(cell["flag"], "—")
    value, _, ci = cell["text"].partition(" [")
    arrow = {HIGHER: "▲ ", LOWER: "▼ "}.get(cell["mark"], "")
    flag = " (E)" if cell["flag"] == "E" else ""
    return f"{arrow}{value}{flag}\n[{ci}"


def _similar(pdf: FichePDF, rows: list[dict], labels: list[str], note: str, caption: str) -> None:
    """'Départements comparables': the fiche's département (bold) and its 5 comparables."""
    if not rows:
        return
    width = (pdf.w - 2 * MARGIN - SIMILAR_NAME_WIDTH) / len(labels)
    widths = [SIMILAR_NAME_WIDTH] + [width] * len(labels)
    pdf.set_font(FONT, "B", 6.5)
    header_lines = max(len(pdf.multi_cell(w - 1.6, 3, t, dry_run=True, output="LINES"))
                       for t, w in zip(["Département", *labels], widths))
    if pdf.get_y() + 32 + header_lines * 3 + len(rows) * 8.2 > pdf.page_break_trigger:  # table + caption together
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(FONT, "B", 10)
    pdf.set_text_color(*BLUE)
    pdf.cell(0, 6, "Départements comparables", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, "", 7.5)
    pdf.multi_cell(0, 3.6, note, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    y, x = pdf.get_y(), MARGIN
    pdf.set_font(FONT, "B", 6.5)
    pdf.set_fill_color(*LIGHT)
    height = header_lines * 3 + 1.6
    pdf.rect(MARGIN, y, pdf.w - 2 * MARGIN, height, style="F")
    for text, w in zip(["Département", *labels], widths):
        pdf.set_xy(x, y + 0.8)
        pdf.multi_cell(w, 3, text, padding=(0, 0.8, 0, 0.8), max_line_height=3, align="L")
        x += w
    pdf.set_y(y + height)
    for row in rows:
        y, x = pdf.get_y(), MARGIN
        texts = [f"{row['name']} ({row['code']})", *[_similar_text(c) for c in row["cells"]]]
        for position, (text, w) in enumerate(zip(texts, widths)):
            pdf.set_xy(x, y + 0.8)
            pdf.set_font(FONT, "B" if row["focus"] and position == 0 else "", 7)
            unpublished = position > 0 and row["cells"][position - 1]["status"] in ("unreliable", "suppressed", "absent")
            pdf.set_text_color(*((110, 110, 110) if unpublished else (0, 0, 0)))
            pdf.multi_cell(w, LINE, text, padding=(0, 0.8, 0, 0.8), max_line_height=LINE, align="L")
            x += w
        pdf.set_text_color(0, 0, 0)
        pdf.set_draw_color(210, 210, 210)
        pdf.line(MARGIN, y + 8.2, pdf.w - MARGIN, y + 8.2)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_y(y + 8.2)
    pdf.ln(1)
    pdf.set_font(FONT, "", 6.8)
    pdf.multi_cell(0, 3.2, caption, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


NOTES = (
    "Lecture : chaque valeur est suivie de son intervalle de confiance à 95 % entre crochets. (E) : à interpréter avec "
    "prudence (coefficient de variation entre 15 et 30 %) ; (F) : estimation peu fiable (CV > 30 %), imprimée en gris. "
    "Secret statistique : moins de 30 répondants ou 1 à 4 répondants concernés. « Aucun répondant concerné » : "
    "estimation nulle sans marge d'erreur calculable, ni testée ni classée. Écart à la France et évolution : test "
    "de la différence au seuil de 5 % avec les erreurs-types des deux estimations, sans correction pour tests "
    f"multiples. Rang parmi les départements dont la valeur est publiée ({DIRECTION_FR}) ; la fourchette contient "
    "90 % des rangs obtenus en tirant 1 000 fois chaque estimation dans sa loi d'incertitude. Éditions : courbe "
    "du département (bande = intervalle de confiance, point vide = prudence ou peu fiable), pointillés = France."
)


def _closing(pdf: FichePDF) -> None:
    meta = pdf.meta
    if pdf.get_y() + 40 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font(FONT, "", 6.8)
    pdf.multi_cell(0, 3.2, NOTES, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)
    origin = "simulation (données fictives)" if meta.simulated else meta.origin
    built = f", construite le {meta.built_at[:10]}" if meta.built_at else ""
    lines = [f"Source : {SOURCE}. Origine des données : {origin}.",
             f"Version des données : {meta.data_version}{built}. Fiche produite le {meta.generated_on} "
             "par le tableau de bord VRS." + (f" Adresse de la fiche : {meta.permalink}" if meta.permalink else "")]
    pdf.set_font(FONT, "B", 6.8)
    pdf.multi_cell(0, 3.2, "\n".join(lines), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def build_fiche_pdf(tidy: pd.DataFrame, summary: Summary, meta: FicheMeta, sparks: pd.DataFrame,
                    reference: pd.DataFrame, similar: tuple | None = None) -> bytes:
    """The fiche as PDF bytes: title, simulated-data label, summary, one table per theme, the
    comparable départements (`similar` = (rows of `prepare_similar_rows`, column labels, note,
    caption), optional), notes, source."""
    if not meta.generated_on:
        meta = FicheMeta(**{**meta.__dict__, "generated_on": date.today().strftime("%d/%m/%Y")})
    pdf = FichePDF(meta)
    pdf.add_page()
    _title(pdf)
    _summary(pdf, summary)
    for theme in THEMES:
        if (tidy["theme"] == theme).any():
            _theme(pdf, tidy, theme, sparks, reference, meta.editions)
    if similar:
        _similar(pdf, *similar)
    _closing(pdf)
    return bytes(pdf.output())


def fiche_pdf(data, tidy: pd.DataFrame, summary: Summary) -> bytes:
    """PDF of a fiche from its `data.fiche_queries.FicheData` (duck-typed), tidy frame and summary."""
    manifest = data.manifest
    meta = FicheMeta(code=data.code, name=data.name, region_name=data.region_name, period_label=data.period_label,
                     editions=list(data.editions), data_version=str(manifest.get("data_version", "inconnue")),
                     origin=str(manifest.get("origin", "")), built_at=str(manifest.get("built_at", "")),
                     permalink=f"/departement/{data.code}?periode={data.period}")
    return build_fiche_pdf(tidy, summary, meta, data.sparks, data.reference, _similar_inputs(data))


def _similar_inputs(data) -> tuple | None:
    """The comparable départements' table inputs, from the same `FicheData` as the page's."""
    if not getattr(data, "comparables", None):
        return None
    found = fiche_similar_inputs(data, load_catalogue(), all_departements()["nom"].to_dict())
    return (found["rows"], found["labels"], found["sentence"],
            make_caption_text(found["focus_of"], found["unit"], hover=False))
