"""The whole chain (microdata -> indicators) on simulated editions: contract, coverage, status."""
import numpy as np
import pytest

from data.build import estimate_all, periods
from data.catalogue import load_catalogue
from data.microdata import as_estimation_frame
from data.simulate import simulate
from data.validate import validate_frame
from geo.territories import departement_codes

YEARS = [2024, 2025]


@pytest.fixture(scope="module")
def table():
    indicators = load_catalogue().index.tolist()
    micro = as_estimation_frame(simulate(years=YEARS, seed=11), indicators)
    return estimate_all(micro, indicators, YEARS)


def test_periods_are_each_edition_then_the_pooled_one():
    assert periods([2022, 2023, 2024, 2025]) == [[2022], [2023], [2024], [2025], [2022, 2023, 2024, 2025]]


def test_table_passes_the_contract(table):
    assert validate_frame(table, load_catalogue().index.tolist()) == []


def test_every_departement_has_every_indicator_and_period(table):
    ensemble = table[(table["geo_level"] == "departement") & (table["breakdown"] == "ensemble")]
    counts = ensemble.groupby(["indicator", "period"])["geo_code"].nunique()
    assert len(counts) == 36 * 3
    assert (counts == 99).all()
    assert set(ensemble["geo_code"]) == set(departement_codes())


def test_suppressed_cells_carry_nothing_and_pooling_helps(table):
    suppressed = table[table["status"] == "suppressed"]
    assert len(suppressed) > 0
    assert suppressed[["estimate", "se", "ci_low", "ci_high", "cv", "weighted_count"]].isna().all().all()
    assert suppressed["n_cases"].isna().all()
    rare = table[(table["indicator"] == "vol_deux_roues") & (table["geo_level"] == "departement")
                 & (table["breakdown"] == "ensemble")]
    cv = rare.pivot(index="geo_code", columns="period", values="cv").dropna()
    assert len(cv) > 20
    # two editions: the CV of the same département shrinks by about sqrt(2)
    assert (cv["2024-2025"] / cv["2025"]).median() < 1 / np.sqrt(1.6)
    pooled_status = rare[rare["period"] == "2024-2025"]["status"]
    single_status = rare[rare["period"] == "2025"]["status"]
    assert (pooled_status == "suppressed").sum() < (single_status == "suppressed").sum()
