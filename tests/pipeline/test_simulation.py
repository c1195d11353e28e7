"""The simulated microdata reproduce the published figures they are calibrated on.

Reference numbers: BRIEF §4 and the catalogue's `published_value` (SSMSI VRS reports 2022,
2024). Rates here are computed with a plain weighted mean (numpy), independently of the
estimation pipeline.
"""
import numpy as np
import pandas as pd
import pytest

from data.catalogue import load_catalogue
from data.population import population_margins
from data.simulate import simulate
from geo.territories import departement_codes

YEARS = (2022, 2023, 2024, 2025)


@pytest.fixture(scope="module")
def micro():
    return simulate()


def rate(frame: pd.DataFrame, column: str) -> float:
    ok = frame[column].notna()
    return float(np.average(frame.loc[ok, column], weights=frame.loc[ok, "weight"]))


def test_sample_size_and_allocation(micro):
    per_year = micro.groupby("year").size()
    assert list(per_year.index) == list(YEARS)
    assert per_year.between(85_000, 115_000).all()  # 200,000 sampled, about half respond
    per_dep = micro.groupby(["year", "dep"]).size().unstack(0)
    assert sorted(per_dep.index) == sorted(departement_codes())
    assert per_dep.min().min() >= 450  # every département has a usable sample
    # small départements and the DROM are over-represented relative to their population
    share = per_dep[2024] / per_dep[2024].sum()
    assert share["48"] > 3 * 0.0012 and share["974"] > share["48"]


@pytest.mark.parametrize("margin", ["sexe", "age"])
def test_weights_hit_the_population_margins(micro, margin):
    targets = population_margins().groupby(["dep", margin])["population"].sum()
    for year in YEARS:
        got = micro[micro["year"] == year].groupby(["dep", margin])["weight"].sum()
        np.testing.assert_allclose(got.reindex(targets.index).to_numpy(), targets.to_numpy(), rtol=1e-8)


def test_weights_are_positive(micro):
    assert (micro["weight"] > 0).all()


PUBLISHED = load_catalogue().dropna(subset=["published_value"])


@pytest.mark.parametrize("indicator", PUBLISHED.index.tolist())
def test_national_rates_within_ten_percent_of_published(micro, indicator):
    published = PUBLISHED.loc[indicator, "published_value"]
    for year in YEARS:
        got = rate(micro[micro["year"] == year], indicator)
        assert abs(got / published - 1) <= 0.10, f"{indicator} {year}: {got:.4f} vs {published}"


def test_published_gaps_for_giving_up_going_out(micro):
    # BRIEF §4 (VRS 2022): women 27 %, men 7 %, 18-24 25 %, 65-74 16 %
    first = micro[micro["year"] == 2022]
    assert rate(first[first["sexe"] == "femme"], "renoncement_sortir") == pytest.approx(0.27, abs=0.025)
    assert rate(first[first["sexe"] == "homme"], "renoncement_sortir") == pytest.approx(0.07, abs=0.02)
    assert rate(first[first["age"] == "18-24"], "renoncement_sortir") == pytest.approx(0.25, abs=0.03)
    assert rate(first[first["age"] == "65-74"], "renoncement_sortir") == pytest.approx(0.16, abs=0.03)


@pytest.mark.parametrize("dep, published", [("93", 0.33), ("75", 0.28), ("94", 0.25), ("50", 0.07)])
def test_insecurity_by_departement_makes_geographic_sense(micro, dep, published):
    # BRIEF §4: feels unsafe in the neighbourhood (2022 ed.): 93 33 %, 75 28 %, 94 25 %, Manche ≈ 7 %
    first = micro[micro["year"] == 2022]
    assert rate(first[first["dep"] == dep], "insecurite_quartier") == pytest.approx(published, abs=0.04)


def test_more_property_crime_and_insecurity_in_dense_areas(micro):
    first = micro[micro["year"] == 2024]
    for indicator in ("vol_dans_voiture", "vol_velo", "insecurite_quartier"):
        assert rate(first[first["tuu"] == "agglo_paris"], indicator) > 1.5 * rate(first[first["tuu"] == "rural"], indicator)


def test_complaints_are_defined_for_victims_only(micro):
    catalogue = load_catalogue()
    for row in catalogue[catalogue["universe"] != "ensemble"].itertuples():
        victims = micro[row.universe] == 1
        assert micro.loc[victims, row.id].notna().all()
        assert micro.loc[~victims, row.id].isna().all()
        assert set(micro.loc[victims, row.id].unique()) <= {0.0, 1.0}


def test_the_simulation_is_deterministic():
    first = simulate(years=(2023,), seed=5)
    second = simulate(years=(2023,), seed=5)
    other = simulate(years=(2023,), seed=6)
    pd.testing.assert_frame_equal(first, second)
    assert not first["weight"].equals(other["weight"])
