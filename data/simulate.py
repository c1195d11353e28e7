"""Simulated VRS microdata: a stratified sample by département, non-response, calibrated
weights, and outcomes from a logistic model calibrated on the published national rates.

Deterministic for a given seed. Mechanics only; every parameter is in
`data/simulation_model.py`. The real survey's microdata are confidential: these are not
them, and everything built from them is labelled "Données simulées".

Steps per edition (Lohr, *Sampling*, ch. 3 and 8; Deville & Särndal 1992 for raking):
1. allocation: a floor of respondents per département, the rest proportional to adults;
2. draw the sampled people (sex × age from the département's population, urban band from its
   communes), then response with a propensity depending on age and territory;
3. weights: N_h / n_h, times the inverse response rate in each département × age group,
   then raking to the département's adults by sex and by age;
4. outcomes: logit P = intercept + sex + age + urban band + département effect + latent
   factor; the intercept is solved so the weighted national rate equals the target.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit, logit

import config
from data import population, simulation_model as model
from data.catalogue import load_catalogue

SEX_AGE_CELLS = [(s, a) for s in model.SEXES for a in model.AGES]


def allocate(adults: np.ndarray, response: np.ndarray, sample_size: int) -> np.ndarray:
    """People sampled per département: a floor giving MIN_RESPONDENTS_PER_DEP expected respondents,
    the remainder proportional to adults."""
    floor = np.ceil(model.MIN_RESPONDENTS_PER_DEP / response)
    remainder = max(sample_size - floor.sum(), 0)
    return (floor + np.round(remainder * adults / adults.sum())).astype(int)


def _response_logit(dep: pd.DataFrame, response_rate: float) -> np.ndarray:
    """Response propensity (logit) per département × age group, centred on the mean rate."""
    base = logit(response_rate)
    drom = dep["dep"].isin(["971", "972", "974"]).to_numpy()[:, None] * model.RESPONSE_DROM
    paris = dep["dep"].isin(model.INNER_PARIS).to_numpy()[:, None] * model.RESPONSE_PARIS
    return base + np.array(model.RESPONSE_AGE)[None, :] + drom + paris


def draw_sample(rng: np.random.Generator, year: int, sample_size: int, response_rate: float) -> pd.DataFrame:
    """Respondents of one edition, with their design weight before calibration."""
    deps = population.departement_frame()
    resp_logit = _response_logit(deps, response_rate)
    expected_response = expit(resp_logit).mean(axis=1)
    n_sampled = allocate(deps["adults"].to_numpy(), expected_response, sample_size)
    parts = []
    for i, dep in enumerate(deps.itertuples()):
        n = n_sampled[i]
        cell = rng.choice(len(SEX_AGE_CELLS), size=n, p=population.sex_age_shares(dep.urban))
        tuu_p = np.array([getattr(dep, t) for t in model.TUUS])
        tuu = rng.choice(len(model.TUUS), size=n, p=tuu_p / tuu_p.sum())
        age_index = cell % len(model.AGES)
        responded = rng.random(n) < expit(resp_logit[i, age_index])
        parts.append(pd.DataFrame({
            "dep": dep.dep, "region": dep.region, "cell": cell, "age_index": age_index, "tuu_index": tuu,
            "responded": responded, "design_weight": dep.adults / n,
        }))
    sample = pd.concat(parts, ignore_index=True)
    sample["year"] = year
    return sample


def nonresponse_adjust(sample: pd.DataFrame) -> pd.DataFrame:
    """Respondents only, weight × (sampled / respondents) within département × age group."""
    groups = sample.groupby(["dep", "age_index"])
    factor = groups["design_weight"].transform("sum") / groups["design_weight"].transform(
        lambda w: w[sample.loc[w.index, "responded"]].sum())
    out = sample.assign(weight=sample["design_weight"] * factor)
    return out[out["responded"]].reset_index(drop=True)


def rake(frame: pd.DataFrame, margins: pd.DataFrame, tolerance: float = 1e-10, max_iter: int = 100) -> np.ndarray:
    """Raking (iterative proportional fitting) of `weight` to each département's adults by sex and by age."""
    weights = frame["weight"].to_numpy(dtype=float).copy()
    targets = {
        "sexe": margins.groupby(["dep", "sexe"])["population"].sum(),
        "age": margins.groupby(["dep", "age"])["population"].sum(),
    }
    keys = {name: pd.MultiIndex.from_arrays([frame["dep"], frame[name]]) for name in targets}
    for _ in range(max_iter):
        worst = 0.0
        for name, target in targets.items():
            current = pd.Series(weights).groupby([frame["dep"].to_numpy(), frame[name].to_numpy()]).sum()
            ratio = (target.reindex(current.index) / current)
            worst = max(worst, float(np.abs(ratio - 1).max()))
            weights *= ratio.reindex(keys[name]).to_numpy()
        if worst < tolerance:
            return weights
    raise RuntimeError(f"Le calage n'a pas convergé en {max_iter} itérations (écart {worst:.2e}).")


def _solve_intercept(eta: np.ndarray, weights: np.ndarray, target: float) -> float:
    """Intercept a such that the weighted mean of expit(a + eta) equals target (Newton)."""
    a = logit(target)
    for _ in range(50):
        p = expit(a + eta)
        gap = np.average(p, weights=weights) - target
        if abs(gap) < 1e-12:
            break
        a -= gap / np.average(p * (1 - p), weights=weights)
    return a


def _systematic_draw(rng: np.random.Generator, p: np.ndarray) -> np.ndarray:
    """0/1 draws with P(y_i = 1) = p_i exactly, by systematic selection in random order:
    the unweighted total is fixed, which keeps national rates close to their targets."""
    order = rng.permutation(len(p))
    cumulative = np.cumsum(p[order]) + rng.random()
    drawn = np.floor(cumulative) - np.floor(cumulative - p[order])
    out = np.empty(len(p))
    out[order] = drawn
    return out


class OutcomeModel:
    """Fixed part of the outcome model: département effects per indicator, shared across editions."""

    def __init__(self, seed: int):
        rng = np.random.default_rng([seed, 1])
        deps = population.departement_frame()
        self.dep_codes = deps["dep"].tolist()
        self.urban = dict(zip(deps["dep"], deps["urban"]))
        self.dep_effects = {
            ind: dict(zip(self.dep_codes, rng.normal(0.0, eff["dep_sd"], len(self.dep_codes))))
            for ind, eff in model.EFFECTS.items()
        }

    def linear_predictor(self, frame: pd.DataFrame, indicator: str) -> np.ndarray:
        eff = model.EFFECTS[indicator]
        female = frame["cell"].to_numpy() < len(model.AGES)
        dep = frame["dep"]
        eta = (eff["sex"] * female + np.array(eff["age"])[frame["age_index"].to_numpy()]
               + np.array(eff["tuu"])[frame["tuu_index"].to_numpy()]
               + eff["urban"] * dep.map(self.urban).to_numpy()
               + eff["drom"] * dep.isin(["971", "972", "974"]).to_numpy()
               + dep.map(self.dep_effects[indicator]).to_numpy())
        if eff["latent"]:
            eta = eta + frame[f"latent_{eff['latent']}"].to_numpy()
        return eta

    def anchor(self, frame: pd.DataFrame, indicator: str, target: float, rounds: int = 6) -> None:
        """Move the anchored départements' effects until their expected rate hits the anchor."""
        anchors = model.ANCHORS.get(indicator, {})
        weights = frame["weight"].to_numpy()
        for _ in range(rounds):
            eta = self.linear_predictor(frame, indicator)
            a = _solve_intercept(eta, weights, target)
            p = expit(a + eta)
            for dep, rate in anchors.items():
                mask = (frame["dep"] == dep).to_numpy()
                current = np.average(p[mask], weights=weights[mask])
                self.dep_effects[indicator][dep] += logit(rate) - logit(current)


def edition_target(row: pd.Series, year: int) -> float:
    """National rate of an edition: the catalogue target, drifting from the published edition."""
    drift = model.EFFECTS[row["id"]]["drift"]
    edition = row["published_edition"] if pd.notna(row["published_edition"]) else 2024
    return float(row["target_rate"]) * (1 + drift * (year - int(edition)))


def draw_outcomes(rng: np.random.Generator, frame: pd.DataFrame, outcome_model: OutcomeModel, year: int) -> pd.DataFrame:
    """One 0/1/NaN column per catalogue indicator; complaint rates only for victims of their offence."""
    catalogue = load_catalogue()
    weights = frame["weight"].to_numpy()
    columns: dict[str, np.ndarray] = {}
    for row in catalogue.sort_values("universe", key=lambda s: s != "ensemble").itertuples():
        row = catalogue.loc[row.id]
        universe = np.ones(len(frame), bool) if row["universe"] == "ensemble" else columns[row["universe"]] == 1
        eta = outcome_model.linear_predictor(frame, row["id"])
        target = edition_target(row, year)
        a = _solve_intercept(eta[universe], weights[universe], target)
        values = np.full(len(frame), np.nan)
        values[universe] = _systematic_draw(rng, expit(a + eta[universe]))
        columns[row["id"]] = values
    return pd.DataFrame({ind: columns[ind] for ind in catalogue.index}, index=frame.index)


def simulate(years=model.YEARS, seed: int | None = None, sample_size: int | None = None,
             response_rate: float | None = None) -> pd.DataFrame:
    """Simulated respondents of the given editions, in the microdata layout of the data contract."""
    seed = int(config.get("seed", seed))
    sample_size = int(config.get("sample_size", sample_size))
    response_rate = float(config.get("response_rate", response_rate))
    outcome_model = OutcomeModel(seed)
    margins = population.population_margins()
    editions = []
    for year in years:
        rng = np.random.default_rng([seed, year])
        sample = nonresponse_adjust(draw_sample(rng, year, sample_size, response_rate))
        sample["sexe"] = np.array([c[0] for c in SEX_AGE_CELLS])[sample["cell"]]
        sample["age"] = np.array(model.AGES)[sample["age_index"]]
        sample["tuu"] = np.array(model.TUUS)[sample["tuu_index"]]
        sample["weight"] = rake(sample, margins)
        for name, sd in model.LATENT_SD.items():
            sample[f"latent_{name}"] = rng.normal(0.0, sd, len(sample))
        if year == model.YEARS[0]:
            _anchor_all(outcome_model, sample)
        outcomes = draw_outcomes(rng, sample, outcome_model, year)
        editions.append(pd.concat([_layout(sample, year), outcomes], axis=1))
    return pd.concat(editions, ignore_index=True)


def _anchor_all(outcome_model: OutcomeModel, sample: pd.DataFrame) -> None:
    catalogue = load_catalogue()
    for indicator in model.ANCHORS:
        outcome_model.anchor(sample, indicator, float(catalogue.loc[indicator, "target_rate"]))


def _layout(sample: pd.DataFrame, year: int) -> pd.DataFrame:
    ident = [f"{year}{dep}{i:06d}" for i, dep in enumerate(sample["dep"])]
    return pd.DataFrame({
        "year": year, "ident": ident, "strata": sample["dep"], "weight": sample["weight"],
        "dep": sample["dep"], "region": sample["region"], "sexe": sample["sexe"],
        "age": sample["age"], "tuu": sample["tuu"],
    })
