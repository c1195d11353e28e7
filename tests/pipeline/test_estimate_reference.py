"""The estimation engine against independent implementations: samplics 0.6 and svy 0.35.

Reference numbers are computed at test time by `samplics.estimation.TaylorEstimator(
param=PopParam.prop)` (logit CI, Student t at df = respondents - strata) on the synthetic
stratified samples of `conftest.synthetic_microdata` (12 strata, 3,000 respondents per
edition), domain by domain. The universe of an indicator (NaN = outside) is expressed as a
domain label ("domain ∩ universe"), never by dropping rows, so that samplics keeps every
stratum's full n_h and the design df. Domain labels are built here from the raw columns,
independently of the engine's partition code.

svy computes the same estimate and se but gives each domain its own df (PSUs holding domain
members - their strata), hence a different t quantile: for svy we compare estimate and se,
and check its CI with the logit formula at its own df.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from data.estimate import estimate_period
from geo.territories import DROM_IN_SCOPE

with warnings.catch_warnings():
    warnings.simplefilter("ignore", FutureWarning)  # "samplics is archived": still the reference
    from samplics.estimation import TaylorEstimator
    from samplics.utils.types import PopParam

OUT = "__hors_domaine__"
RTOL, ATOL = 1e-8, 1e-13


def domain_labels(micro: pd.DataFrame, level: str, breakdown: str, indicator: str) -> np.ndarray:
    """'<geo_code>|<category>' per respondent, OUT if outside the territory, the category or
    the indicator's universe."""
    geo = {"france": pd.Series("FE", index=micro.index),
           "metropole": pd.Series("FM", index=micro.index).where(~micro["dep"].isin(DROM_IN_SCOPE)),
           "region": micro["region"], "departement": micro["dep"]}[level]
    if breakdown == "ensemble":
        category = pd.Series("ensemble", index=micro.index)
    elif breakdown == "sexe_age":
        category = micro["sexe"] + "_" + micro["age"]
    else:
        category = micro[breakdown]
    inside = geo.notna() & category.notna() & micro[indicator].notna()
    return np.where(inside, geo.astype(str) + "|" + category.astype(str), OUT).astype(object)


def samplics_reference(micro: pd.DataFrame, years: list[int], level: str, breakdown: str,
                       indicator: str) -> tuple[pd.DataFrame, int]:
    """samplics estimates (level 1 of the indicator) per domain label, and the design df."""
    rows = micro[micro["year"].isin(years)].reset_index(drop=True)
    estimator = TaylorEstimator(param=PopParam.prop)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        estimator.estimate(
            y=rows[indicator].fillna(0).astype(int).to_numpy(),
            samp_weight=rows["weight"].to_numpy() / len(years),  # pooled: average yearly weights
            stratum=(rows["year"].astype(str) + ":" + rows["strata"]).to_numpy(),  # year × stratum
            domain=domain_labels(rows, level, breakdown, indicator),
            remove_nan=False,
        )
    table = pd.DataFrame([
        {"label": d, "estimate": estimator.point_est[d][1], "se": estimator.stderror[d][1],
         "ci_low": estimator.lower_ci[d][1], "ci_high": estimator.upper_ci[d][1],
         "cv": estimator.coef_var[d][1]}
        for d in estimator.domains if d != OUT])
    counts = pd.Series(domain_labels(rows, level, breakdown, indicator)).value_counts()
    table["n"] = counts.reindex(table["label"]).to_numpy()
    return table.set_index("label"), int(estimator.degree_of_freedom)


def engine_rows(out: pd.DataFrame, level: str, breakdown: str, indicator: str) -> pd.DataFrame:
    rows = out[(out["geo_level"] == level) & (out["breakdown"] == breakdown) & (out["indicator"] == indicator)]
    return rows.set_index(rows["geo_code"] + "|" + rows["category"])


INDICATORS = ["victime", "plainte", "rare", "opinion"]  # those of conftest.synthetic_microdata


@pytest.fixture(scope="module")
def micro(make_microdata) -> pd.DataFrame:
    return make_microdata(n=3000, years=(2023, 2024), seed=11)


@pytest.fixture(scope="module")
def engine(micro) -> dict[tuple[int, ...], pd.DataFrame]:
    return {(2024,): estimate_period(micro, [2024], INDICATORS),
            (2023, 2024): estimate_period(micro, [2023, 2024], INDICATORS)}


CASES = [
    # (years, level, breakdown, indicator)
    *[((2024,), "france", "ensemble", ind) for ind in INDICATORS],
    *[((2024,), "france", "sexe_age", ind) for ind in INDICATORS],  # small cells (75+)
    ((2024,), "metropole", "age", "victime"),
    ((2024,), "metropole", "tuu", "opinion"),  # null tuu values and item non-response
    ((2024,), "region", "sexe", "victime"),
    *[((2024,), "departement", "ensemble", ind) for ind in INDICATORS],  # p = 1 (plainte, 48), p = 0 (rare)
    ((2024,), "departement", "age", "victime"),  # many tiny cells
    ((2024,), "departement", "sexe", "plainte"),  # complaint universe x small cells
    ((2024,), "departement", "tuu", "rare"),
    ((2023, 2024), "france", "ensemble", "victime"),
    ((2023, 2024), "metropole", "sexe_age", "plainte"),
    ((2023, 2024), "departement", "age", "plainte"),
    ((2023, 2024), "region", "tuu", "rare"),
]


@pytest.mark.parametrize("years, level, breakdown, indicator", CASES)
def test_matches_samplics(micro, engine, years, level, breakdown, indicator):
    reference, df = samplics_reference(micro, list(years), level, breakdown, indicator)
    ours = engine_rows(engine[years], level, breakdown, indicator)
    assert (ours["df"] == df).all()
    assert df == sum(3000 for _ in years) - 12 * len(years)
    # every domain samplics sees is ours, with the same counts; ours not in samplics are empty
    got = ours.loc[reference.index]
    assert (got["n_unweighted"].to_numpy() == reference["n"].to_numpy()).all()
    empty = ours.drop(reference.index)
    assert (empty["n_unweighted"] == 0).all() and empty["estimate"].isna().all()
    for column in ("estimate", "se", "ci_low", "ci_high"):
        np.testing.assert_allclose(got[column], reference[column], rtol=RTOL, atol=ATOL, err_msg=column)
    positive = reference["estimate"] > 0  # samplics reports cv = 0 at p = 0, we report NaN
    np.testing.assert_allclose(got.loc[positive, "cv"], reference.loc[positive, "cv"], rtol=RTOL, atol=ATOL)
    assert got.loc[~positive, "cv"].isna().all()


def test_reference_cases_cover_the_edges(micro, engine):
    """The comparisons above include p = 0 and p = 1 domains and cells under 30 respondents."""
    out = engine[(2024,)]
    dep = out[(out["geo_level"] == "departement") & (out["n_unweighted"] > 0)]
    assert ((dep["indicator"] == "plainte") & (dep["breakdown"] == "ensemble") & (dep["estimate"] == 1)).any()
    assert ((dep["indicator"] == "rare") & (dep["breakdown"] == "ensemble") & (dep["estimate"] == 0)).any()
    assert ((dep["breakdown"] == "age") & (dep["n_unweighted"] < 30)).any()


@pytest.mark.parametrize("years, by, level, breakdown, indicator", [
    ((2024,), ["dep"], "departement", "ensemble", "plainte"),
    ((2024,), ["sexe", "age"], "france", "sexe_age", "victime"),
    ((2023, 2024), ["region"], "region", "ensemble", "opinion"),
])
def test_matches_svy(micro, engine, years, by, level, breakdown, indicator):
    import polars as pl
    import svy

    rows = micro[micro["year"].isin(years)].reset_index(drop=True)
    frame = pl.from_pandas(pd.DataFrame({  # NaN -> null: drop_nulls keeps those rows in the design
        "stratum": rows["year"].astype(str) + ":" + rows["strata"],
        "weight": rows["weight"] / len(years), "y": rows[indicator],
        "dep": rows["dep"], "region": rows["region"], "sexe": rows["sexe"], "age": rows["age"]}))
    sample = svy.Sample(frame, svy.Design(stratum="stratum", wgt="weight", wr=True))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = sample.estimation.prop("y", by=by, drop_nulls=True).to_polars().to_pandas()
    result = result[result["y"] == 1.0]
    if breakdown == "ensemble":
        keys = result[by[0]] + "|ensemble"
    else:
        keys = "FE|" + result["sexe"] + "_" + result["age"]
    ours = engine_rows(engine[years], level, breakdown, indicator).loc[keys.to_numpy()]
    assert len(ours) >= 10
    np.testing.assert_allclose(ours["estimate"], result["est"], rtol=RTOL)
    np.testing.assert_allclose(ours["se"], result["se"], rtol=RTOL)
    # svy's CI: the same logit formula, at its own domain df
    r = result[(result["est"] > 0) & (result["est"] < 1)]
    t = stats.t.ppf(0.975, r["df"])
    centre, half = np.log(r["est"] / (1 - r["est"])), t * r["se"] / (r["est"] * (1 - r["est"]))
    np.testing.assert_allclose(r["lci"], 1 / (1 + np.exp(-(centre - half))), rtol=1e-8)
    np.testing.assert_allclose(r["uci"], 1 / (1 + np.exp(-(centre + half))), rtol=1e-8)
