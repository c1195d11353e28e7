"""The estimation engine on a tiny sample whose results are worked out by hand below.

Formulas (Lohr, *Sampling: Design and Analysis*, 3rd ed., §9.1 linearisation of a ratio and
§14.2 domains; Wolter, *Introduction to Variance Estimation*, 2nd ed., §6.11):
    p = Σ w d y / Σ w d,     z_i = w_i d_i (y_i - p) / Σ w d,
    v(p) = Σ_h n_h/(n_h - 1) Σ_{i∈h} (z_hi - z̄_h)²,
    CI = expit(logit p ± t_{0.975, df} · se / (p(1-p))),  df = respondents - strata.
Student quantiles from tables: t_{0.975, 5} = 2.5706, t_{0.975, 10} = 2.2281.

Sample (2 strata; stratum A = Paris, 75; stratum B = Guadeloupe, 971):
    id  stratum  w  sexe   y    y2
    A1  A        1  femme  1    1
    A2  A        1  homme  0    0
    A3  A        2  femme  0    1
    B1  B        2  femme  1    1
    B2  B        2  homme  1    0
    B3  B        1  homme  0    0
    B4  B        2  femme  NaN  1      (outside y's universe, like a non-victim for a complaint rate)
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from data.design import Design
from data.estimate import estimate_period

T5, T10 = 2.5705818356363146, 2.228138851986274  # scipy.stats.t.ppf(0.975, 5 / 10); tables 2.571 / 2.228


def tiny(year: int = 2024) -> pd.DataFrame:
    return pd.DataFrame({
        "year": year, "ident": ["A1", "A2", "A3", "B1", "B2", "B3", "B4"],
        "strata": ["75", "75", "75", "971", "971", "971", "971"],
        "weight": [1.0, 1, 2, 2, 2, 1, 2],
        "dep": ["75", "75", "75", "971", "971", "971", "971"],
        "region": ["11", "11", "11", "01", "01", "01", "01"],
        "sexe": ["femme", "homme", "femme", "femme", "homme", "homme", "femme"],
        "age": ["25-34"] * 7,
        "tuu": ["agglo_paris", "agglo_paris", None, "rural", "rural", "rural", "rural"],
        "y": [1, 0, 0, 1, 1, 0, np.nan],
        "y2": [1.0, 0, 1, 1, 0, 0, 1],
    })


def row(table: pd.DataFrame, level: str, code: str, category: str, indicator: str = "y") -> pd.Series:
    hit = table[(table["indicator"] == indicator) & (table["geo_level"] == level)
                & (table["geo_code"] == code) & (table["category"] == category)]
    assert len(hit) == 1
    return hit.iloc[0]


def logit_ci(p: float, se: float, t: float) -> tuple[float, float]:
    centre, half = math.log(p / (1 - p)), t * se / (p * (1 - p))
    return 1 / (1 + math.exp(-(centre - half))), 1 / (1 + math.exp(-(centre + half)))


# (level, code, category, p, variance, n_unweighted, n_cases, weighted_count)
HANDWORKED = [
    # Everyone: Σwd = 1+1+2+2+2+1 = 9, Σwdy = 5, p = 5/9. z·81 = A: 4, -5, -10 ; B: 8, 8, -5, 0.
    # A: mean -11/3, Σ dev² = (23² + 4² + 19²)/9 = 302/3, × 3/2 = 151.
    # B: mean 11/4, Σ dev² = (21² + 21² + 31² + 11²)/16 = 122.75, × 4/3 = 491/3.
    # v = (151 + 491/3)/81² = 944/19683 = 0.047960; se = 0.219.
    ("france", "FE", "ensemble", 5 / 9, 944 / 19683, 6, 3, 5.0),
    # Women: Σwd = 1+2+2 = 5 (B4 out of universe), Σwdy = 3, p = 3/5. z·25 = A: 2, 0, -6 ; B: 4, 0, 0, 0.
    # A: mean -4/3, Σ dev² = (10² + 4² + 14²)/9 = 104/3, × 3/2 = 52.  B: Σ dev² = 9+1+1+1 = 12, × 4/3 = 16.
    # v = 68/625 = 0.1088.
    ("france", "FE", "femme", 3 / 5, 68 / 625, 3, 2, 3.0),
    # Men: Σwd = 4, Σwdy = 2, p = 1/2. z·8 = A: 0, -1, 0 ; B: 0, 2, -1, 0.
    # A: Σ dev² = 2/3, × 3/2 = 1.  B: mean 1/4, Σ dev² = (1+49+25+1)/16 = 19/4, × 4/3 = 19/3.
    # v = (1 + 19/3)/64 = 11/96.
    ("france", "FE", "homme", 1 / 2, 11 / 96, 3, 1, 2.0),
    # Paris = the whole of stratum A: Σwd = 4, Σwdy = 1, p = 1/4. z·16 = 3, -1, -2 (mean 0);
    # Σ dev² = 14/256, × 3/2 = 21/256; stratum B contributes 0 (all z = 0) but stays in the design.
    ("departement", "75", "ensemble", 1 / 4, 21 / 256, 3, 1, 1.0),
    # Metropole = stratum A as well (971 is overseas): same figures as Paris.
    ("metropole", "FM", "ensemble", 1 / 4, 21 / 256, 3, 1, 1.0),
]


@pytest.mark.parametrize("level, code, category, p, var, n, cases, count", HANDWORKED)
def test_handworked_domain(level, code, category, p, var, n, cases, count):
    out = estimate_period(tiny(), [2024], ["y", "y2"])
    got = row(out, level, code, category)
    se = math.sqrt(var)
    low, high = logit_ci(p, se, T5)
    assert got["estimate"] == pytest.approx(p, rel=1e-12)
    assert got["se"] == pytest.approx(se, rel=1e-12)
    assert (got["ci_low"], got["ci_high"]) == pytest.approx((low, high), rel=1e-10)
    assert got["cv"] == pytest.approx(se / p, rel=1e-12)
    assert got["df"] == 5  # 7 respondents - 2 strata
    assert (got["n_unweighted"], got["n_cases"]) == (n, cases)
    assert got["weighted_count"] == pytest.approx(count)


def test_handworked_ci_values():
    """Whole sample: logit(5/9) = ln(5/4) = 0.2231; half-width 2.5706 × 0.2190 / (20/81) = 2.2800;
    expit(0.2231 ∓ 2.2800) = 0.1134 and 0.9244."""
    got = row(estimate_period(tiny(), [2024], ["y"]), "france", "FE", "ensemble")
    assert (got["ci_low"], got["ci_high"]) == pytest.approx((0.11336564817753406, 0.9243589503836886), rel=1e-10)


def test_degenerate_proportions():
    """y2 is 0 for every man (p = 0) and 1 for every woman (p = 1): all z = 0, se = 0, the logit
    interval is undefined and collapses to [p, p] (samplics 0.6 does the same); cv is NaN at p = 0."""
    out = estimate_period(tiny(), [2024], ["y2"])
    men, women = row(out, "france", "FE", "homme", "y2"), row(out, "france", "FE", "femme", "y2")
    assert (men["estimate"], men["se"], men["ci_low"], men["ci_high"]) == (0.0, 0.0, 0.0, 0.0)
    assert math.isnan(men["cv"]) and men["n_unweighted"] == 3 and men["n_cases"] == 0
    assert (women["estimate"], women["se"], women["ci_low"], women["ci_high"], women["cv"]) == (1.0, 0.0, 1.0, 1.0, 0.0)


def test_empty_domains_are_kept():
    """Every territory x category appears, even with nobody in it (n = 0, estimate NaN)."""
    out = estimate_period(tiny(), [2024], ["y"])
    per_indicator = 2 * (1 + 2 + 6 + 5 + 12) + 16 * (1 + 2 + 6 + 5) + 99 * (1 + 2 + 6 + 5)
    assert len(out) == per_indicator
    empty = row(out, "departement", "13", "ensemble")
    assert empty["n_unweighted"] == 0 and empty["n_cases"] == 0 and math.isnan(empty["estimate"])
    assert math.isnan(row(out, "france", "FE", "18-24")["se"])
    assert set(out.loc[out["breakdown"] == "sexe_age", "geo_level"]) == {"france", "metropole"}


def test_null_breakdown_value_counts_in_ensemble_only():
    """A3 has no tuu: counted in 'ensemble' of Paris, in no tuu category."""
    out = estimate_period(tiny(), [2024], ["y2"])
    paris = out[(out["geo_level"] == "departement") & (out["geo_code"] == "75")]
    assert paris.loc[paris["breakdown"] == "ensemble", "n_unweighted"].item() == 3
    assert paris.loc[paris["breakdown"] == "tuu", "n_unweighted"].sum() == 2


def test_pooled_period_rules():
    """Two identical editions pooled: strata = year × stratum (4), weights halved.
    Σwd = 2 × 9/2 = 9 and Σwdy = 5 again, so p and the weighted count (average yearly count) are
    unchanged; every z is halved and each of the 4 strata contributes a quarter of its single-year
    term, so v = 2 × v_single / 4 = 944/19683/2 and se = 0.21900/√2 = 0.15486; df = 14 - 4 = 10."""
    micro = pd.concat([tiny(2023), tiny(2024), tiny(2025)], ignore_index=True)
    design = Design.from_microdata(micro, [2024, 2023])
    assert (design.period, design.years, design.n_strata, design.df) == ("2023-2024", (2023, 2024), 4, 10)
    assert np.allclose(design.weight, np.tile(tiny()["weight"].to_numpy() / 2, 2))
    got = row(estimate_period(micro, [2023, 2024], ["y"]), "france", "FE", "ensemble")
    se = math.sqrt(944 / 19683 / 2)
    assert (got["period"], got["year_first"], got["year_last"], got["df"]) == ("2023-2024", 2023, 2024, 10)
    assert got["estimate"] == pytest.approx(5 / 9, rel=1e-12)
    assert got["se"] == pytest.approx(se, rel=1e-12)
    assert (got["ci_low"], got["ci_high"]) == pytest.approx(logit_ci(5 / 9, se, T10), rel=1e-10)
    assert (got["n_unweighted"], got["n_cases"], got["weighted_count"]) == (12, 6, pytest.approx(5.0))


def test_single_year_period_label():
    design = Design.from_microdata(pd.concat([tiny(2023), tiny(2024)]), [2024])
    assert (design.period, design.n_respondents, design.df) == ("2024", 7, 5)


def test_singleton_stratum_is_refused_with_its_name():
    micro = tiny()
    micro.loc[6, "strata"] = "972"  # B4 alone in its stratum
    with pytest.raises(ValueError, match="2024:972"):
        Design.from_microdata(micro, [2024])


@pytest.mark.parametrize("weight", [0.0, -1.0, np.nan])
def test_bad_weights_are_refused(weight):
    micro = tiny()
    micro.loc[2, "weight"] = weight
    with pytest.raises(ValueError, match="poids"):
        Design.from_microdata(micro, [2024])


@pytest.mark.parametrize("years, message", [([2022], "absente"), ([2023, 2025], "consécutives"), ([], "aucune")])
def test_bad_periods_are_refused(years, message):
    micro = pd.concat([tiny(2023), tiny(2025)], ignore_index=True)
    with pytest.raises(ValueError, match=message):
        Design.from_microdata(micro, years)


@pytest.mark.parametrize("column, value", [("dep", "999"), ("sexe", "autre"), ("region", "99")])
def test_unknown_domain_values_are_refused(column, value):
    micro = tiny()
    micro.loc[0, column] = value
    with pytest.raises(ValueError, match=column):
        Design.from_microdata(micro, [2024])


def test_nullable_dtypes_give_the_same_table():
    """Microdata stored as Int8 / Float64 (pd.NA outside the universe) are read as 0/1/NaN floats."""
    micro = tiny()
    expected = estimate_period(micro, [2024], ["y", "y2"])
    nullable = micro.astype({"y": "Int8", "y2": "Int8", "weight": "Float64"})
    pd.testing.assert_frame_equal(estimate_period(nullable, [2024], ["y", "y2"]), expected)


def test_non_binary_indicator_is_refused():
    micro = tiny()
    micro.loc[0, "y"] = 2.0
    with pytest.raises(ValueError, match="binaire"):
        estimate_period(micro, [2024], ["y"])
