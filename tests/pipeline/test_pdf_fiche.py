"""The PDF fiche for 13, 2A and 974 on the built data: A4, labelled, and every number equal to
the store's (read here independently with `IndicatorStore.row`, formatted as on the page);
the comparable départements are listed with their values.

Text is extracted with pypdf; whitespace (line breaks inside cells, no-break spaces) is
normalised to single spaces before comparing.
"""
import re
from functools import lru_cache
from io import BytesIO

import pytest
from pypdf import PdfReader

from components.fiche import prepare_fiche, summarise
from components.formatting import interval, percent
from components.pdf_fiche import fiche_pdf
from data.catalogue import load_catalogue
from data.fiche_queries import departement_estimates, fiche_data
from data.loader import store as app_store
from data.ranks import rank_range
from data.similar import similar_departements
from geo.territories import all_departements, region_of

A4_POINTS = (595.28, 841.89)
FLAGS = {"caution": " (E)", "unreliable": " (F)"}


@pytest.fixture(scope="module")
def store():
    found = app_store()
    if found.frame.empty:
        pytest.skip("no built indicator file (run `make data`)")
    return found


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def cell(row: dict | None) -> str:
    """What the PDF must print for one estimate (value, flag, CI) — from the store row alone."""
    if row is None:
        return "non disponible"
    if row["status"] == "suppressed":
        return "secret statistique"
    if not row["se"] > 0:
        return f"{percent(row['estimate'])} (aucun répondant concerné)"
    return f"{percent(row['estimate'])}{FLAGS.get(row['status'], '')} {interval(row['ci_low'], row['ci_high'])}"


@lru_cache(maxsize=8)
def build(code: str, period: str) -> tuple[bytes, PdfReader, str]:
    """The PDF exactly as the page's download callback builds it, and its extracted text."""
    data = fiche_data(app_store(), code, period)
    tidy = prepare_fiche(data.rows)
    pdf = fiche_pdf(data, tidy, summarise(tidy, data.name, data.tncc))
    reader = PdfReader(BytesIO(pdf))
    return pdf, reader, squash(" ".join(page.extract_text() for page in reader.pages))


CASES = [("13", None, "Bouches-du-Rhône (13)"), ("2A", None, "Corse-du-Sud (2A)"), ("974", None, "La Réunion (974)"),
         ("2A", "2022-2025", "Corse-du-Sud (2A)")]


@pytest.mark.parametrize("code, period, title", CASES)
def test_pdf_numbers_equal_the_store(store, code, period, title):
    period = period or store.latest_edition()
    pdf, reader, text = build(code, period)
    assert pdf.startswith(b"%PDF")
    assert title in text
    region = region_of(code)
    catalogue = load_catalogue()
    for indicator in store.indicators():
        dep = store.row(indicator, period, "departement", code)
        reg = store.row(indicator, period, "region", region)
        fr = store.row(indicator, period, "france", "FE")
        expected = squash(f"{catalogue.loc[indicator, 'label_fr']} {cell(dep)} {cell(reg)} {cell(fr)}")
        assert expected in text, f"{indicator}: {expected!r} not in the PDF"


@pytest.mark.parametrize("code", ["13", "2A", "974"])
def test_pdf_ranks_equal_an_independent_simulation(store, code):
    period = store.latest_edition()
    _, _, text = build(code, period)
    catalogue = load_catalogue()
    labels = [squash(catalogue.loc[i, "label_fr"]) for i in store.indicators()]
    checked = 0
    for position, indicator in enumerate(store.indicators()):
        deps = departement_estimates(store, indicator, period)
        if code not in deps.index or len(deps) < 10:
            continue
        found = rank_range(deps["estimate"].to_numpy(), deps["se"].to_numpy(), deps.index.get_loc(code))
        start = text.index(labels[position] + " ")
        end = text.find(labels[position + 1] + " ", start + 1) if position + 1 < len(labels) else len(text)
        segment = text[start:end]
        if found.low == found.high:
            assert f"{found.rank} sur {found.total}" in segment, indicator
        else:
            assert f"{found.rank} sur {found.total} ({found.low} à {found.high})" in segment, indicator
        checked += 1
    assert checked >= 20


@pytest.mark.parametrize("code", ["13", "2A", "974"])
def test_pdf_is_a4_labelled_and_versioned(store, code):
    _, reader, text = build(code, store.latest_edition())
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_POINTS, abs=0.5)
    assert len(reader.pages) <= 3
    assert store.manifest["data_version"] in text
    assert "Source : SSMSI, enquête « Vécu et ressenti en matière de sécurité » (VRS)" in text
    if store.manifest.get("origin") == "simulation":
        assert "DONNÉES SIMULÉES" in text
        assert text.count("Données simulées") == len(reader.pages)  # in every page footer
    assert f"Édition {store.latest_edition()}" in text


def test_pdf_summary_is_the_page_summary(store):
    data = fiche_data(store, "13", store.latest_edition())
    tidy = prepare_fiche(data.rows)
    summary = summarise(tidy, data.name, data.tncc)
    _, _, text = build("13", store.latest_edition())
    pieces = [summary.higher_lead, *summary.higher, summary.lower_lead, *summary.lower, summary.counts, summary.changes]
    assert summary.higher or summary.lower
    for piece in filter(None, pieces):
        assert squash(piece) in text


@pytest.mark.parametrize("code", ["13", "974"])
def test_pdf_lists_the_comparable_departements(store, code):
    _, _, text = build(code, store.latest_edition())
    assert "Départements comparables" in text
    section = text[text.index("Départements comparables"):]
    for other in similar_departements(code):
        assert f"{all_departements().loc[other, 'nom']} ({other})" in section
    first = similar_departements(code)[0]
    row = store.row("insecurite_quartier", store.latest_edition(), "departement", first)
    if row["status"] in ("ok", "caution"):
        assert interval(row["ci_low"], row["ci_high"]) in section
