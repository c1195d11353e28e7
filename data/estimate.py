"""Design-based estimation of the indicator table: proportions, Taylor standard errors, logit CIs.

For an indicator y (0/1, NaN outside its universe) and a domain D (territory x category),
with d_i = 1 if respondent i is in D and y_i is not NaN (domain ∩ universe):

* point estimate, a ratio of two Horvitz-Thompson totals (Lohr, *Sampling: Design and
  Analysis*, 3rd ed. 2022, §9.1 and §14.2 ("domain estimation")):
      p = Σ w_i d_i y_i / Σ w_i d_i
* variance by Taylor linearisation of the ratio (Wolter, *Introduction to Variance
  Estimation*, 2nd ed. 2007, §6.11; Lohr §9.1): the linearised variable is
      z_i = w_i d_i (y_i - p) / Σ w d
  and, strata h drawn independently, individuals as PSUs, with replacement,
      v(p) = Σ_h n_h/(n_h - 1) Σ_{i∈h} (z_hi - z̄_h)².
  Domains are estimated *inside the full design*: units outside D have z = 0 but still count
  in n_h, exactly as `svyby`/`subset` in R's survey package (Lumley, *Complex Surveys*, 2010,
  §2.3) and samplics' `TaylorEstimator(domain=...)` do. Rows are never filtered first.
* 95 % confidence interval on the logit scale (svyciprop(method="logit") in R; samplics'
  default for proportions): logit(p) ± t_{0.975, df} · se / (p (1 - p)), back-transformed,
  with df = respondents - strata of the design. At p = 0 or p = 1 the logit interval is
  undefined; like samplics 0.6 we return the degenerate interval [p, p] (se is then 0).
  Unlike samplics (which reports cv = 0 there) cv is NaN when p = 0.

Speed: each (geo level x breakdown) pair is a *partition* of the sample, every respondent in
at most one domain. Weighted sums are accumulated once per period over the finest cells
(stratum x département x région x sexe x âge x tuu), then regrouped per partition into
(stratum x domain) sums from which the variance follows with the expanded formula
    Σ_{i∈h} (z_i - z̄_h)² = Σ_{i∈h} z_i² - (Σ_{i∈h} z_i)² / n_h,
    Σ_{i∈h} z_i   = (Σ w d y - p Σ w d) / W,
    Σ_{i∈h} z_i²  = ((1 - 2p) Σ w² d y + p² Σ w² d) / W²     (y² = y),
for all indicators at once (matrix operations, no per-domain loop).
"""
from __future__ import annotations

from typing import Iterator, Sequence

import numpy as np
import pandas as pd
from scipy import sparse, special, stats

from data.design import Design
from data.schema import BREAKDOWNS, SEXE_AGE_LEVELS
from geo.territories import DROM_IN_SCOPE, FRANCE, GEO_LEVELS, METROPOLE, departement_codes, region_codes

CONFIDENCE = 0.95
BREAKDOWN_ORDER = ("ensemble", "sexe", "age", "tuu", "sexe_age")
OUTPUT_COLUMNS = ["indicator", "period", "year_first", "year_last", "geo_level", "geo_code",
                  "breakdown", "category", "estimate", "se", "ci_low", "ci_high", "cv", "df",
                  "n_unweighted", "n_cases", "weighted_count"]
# order of the weighted sums accumulated per cell
SUMS = ("wd", "wdy", "w2d", "w2dy", "n", "cases")


def estimate_period(micro: pd.DataFrame, years: Sequence[int], indicators: Sequence[str]) -> pd.DataFrame:
    """Contract rows (without status) for `indicators` over the period made of editions `years`."""
    return estimate_design(Design.from_microdata(micro, years), indicators)


def estimate_design(design: Design, indicators: Sequence[str]) -> pd.DataFrame:
    """Every (territory x category) domain of every partition, for all indicators at once.

    Empty domains are kept (n_unweighted = 0, estimate NaN): suppression is decided downstream.
    """
    indicators = list(indicators)
    values = indicator_matrix(design, indicators)
    cells = FineCells(design)
    sums = cells.sums(design.weight, values)
    parts = [_estimate_partition(design, cells, sums, level, breakdown)
             for level, breakdown in partitions()]
    columns = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
    order = np.argsort(columns["indicator"], kind="stable")
    frame = pd.DataFrame({name: column[order] for name, column in columns.items()})
    frame["indicator"] = np.asarray(indicators, dtype=object)[frame["indicator"].to_numpy()]
    frame["period"] = design.period
    frame["year_first"] = design.year_first
    frame["year_last"] = design.year_last
    frame["df"] = design.df
    return frame[OUTPUT_COLUMNS]


def partitions() -> Iterator[tuple[str, str]]:
    """(geo_level, breakdown) pairs of the table; sexe_age only at SEXE_AGE_LEVELS."""
    for level in GEO_LEVELS:
        for breakdown in BREAKDOWN_ORDER:
            if breakdown != "sexe_age" or level in SEXE_AGE_LEVELS:
                yield level, breakdown


def indicator_matrix(design: Design, indicators: list[str]) -> np.ndarray:
    """(n x K) float matrix of the indicators, checked to hold only 0, 1 or NaN."""
    missing = [c for c in indicators if c not in design.variables.columns]
    if missing:
        raise ValueError(f"microdonnées : indicateur(s) absent(s) : {', '.join(missing)}")
    values = design.variables[indicators].to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isnan(values) & (values != 0) & (values != 1)
    if bad.any():
        raise ValueError("indicateur(s) non binaire(s) (0/1/NaN attendu) : "
                         + ", ".join(np.asarray(indicators)[bad.any(axis=0)]))
    return values


class FineCells:
    """Finest cells of the period: stratum x département x région x sexe x âge x tuu.

    Every domain of every partition is a union of fine cells, and every fine cell lies in one
    stratum, so (stratum x domain) sums are sums of fine-cell sums.
    """

    def __init__(self, design: Design) -> None:
        v = design.variables
        codes = {
            "departement": _codes(v["dep"], departement_codes()),
            "region": _codes(v["region"], region_codes()),
            **{name: _codes(v[name], BREAKDOWNS[name]) for name in ("sexe", "age", "tuu")},
        }
        key = design.stratum.astype(np.int64)
        for code in codes.values():  # mixed-radix key of the combination (-1 -> 0)
            key = key * (code.max(initial=0) + 2) + (code + 1)
        self.cell, uniques = pd.factorize(key)
        first = np.empty(len(uniques), dtype=np.int64)
        first[self.cell[::-1]] = np.arange(len(self.cell))[::-1]  # a respondent of each cell
        self.n_cells = len(uniques)
        self.stratum = design.stratum[first]
        self.codes = {name: code[first] for name, code in codes.items()}

    def sums(self, weight: np.ndarray, values: np.ndarray) -> np.ndarray:
        """(len(SUMS), n_cells, K) array of Σ w d, Σ w d y, Σ w² d, Σ w² d y, Σ d, Σ d y."""
        out = np.empty((len(SUMS), self.n_cells, values.shape[1]))
        for k in range(values.shape[1]):
            y = values[:, k]
            d = ~np.isnan(y)
            y = np.where(d, y, 0.0)
            wd = weight * d
            w2d = weight * wd
            for s, column in enumerate((wd, wd * y, w2d, w2d * y, d.astype(float), d * y)):
                out[s, :, k] = np.bincount(self.cell, weights=column, minlength=self.n_cells)
        return out

    def domain_codes(self, level: str, breakdown: str) -> tuple[np.ndarray, list[str], list[str]]:
        """Domain id of each fine cell (-1: in no domain), with the geo codes and categories.

        Domain id = geo index x number of categories + category index.
        """
        dep = self.codes["departement"]
        if level == "france":
            geo, geo_codes = np.zeros_like(dep), [FRANCE]
        elif level == "metropole":
            drom = np.isin(np.asarray(departement_codes())[dep], DROM_IN_SCOPE)
            geo, geo_codes = np.where(drom, -1, 0), [METROPOLE]
        elif level == "region":
            geo, geo_codes = self.codes["region"], region_codes()
        else:
            geo, geo_codes = dep, departement_codes()
        categories = list(BREAKDOWNS[breakdown])
        if breakdown == "ensemble":
            cat = np.zeros_like(dep)
        elif breakdown == "sexe_age":
            sexe, age = self.codes["sexe"], self.codes["age"]
            cat = np.where((sexe >= 0) & (age >= 0), sexe * len(BREAKDOWNS["age"]) + age, -1)
        else:
            cat = self.codes[breakdown]
        domain = np.where((geo >= 0) & (cat >= 0), geo * len(categories) + cat, -1)
        return domain, geo_codes, categories


def _codes(values: pd.Series, levels: Sequence[str]) -> np.ndarray:
    """Index of each value in `levels`, -1 for null (unknown values were refused by Design)."""
    return pd.Categorical(values, categories=list(levels)).codes.astype(np.int64)


def _group_sum(groups: np.ndarray, n_groups: int, matrix: np.ndarray) -> np.ndarray:
    """Row sums of `matrix` (rows x ...) per group id, groups 0..n_groups-1."""
    flat = matrix.reshape(matrix.shape[0], -1)
    onehot = sparse.csr_array((np.ones(groups.size), (groups, np.arange(groups.size))),
                              shape=(n_groups, groups.size))
    return (onehot @ flat).reshape((n_groups, *matrix.shape[1:]))


def _estimate_partition(design: Design, cells: FineCells, sums: np.ndarray,
                        level: str, breakdown: str) -> dict[str, np.ndarray]:
    """Estimates of one partition: arrays of length K x n_domains, indicator-major."""
    domain, geo_codes, categories = cells.domain_codes(level, breakdown)
    n_domains = len(geo_codes) * len(categories)
    inside = domain >= 0
    # (stratum x domain) pairs present in the sample
    pair, pair_keys = pd.factorize(cells.stratum[inside] * n_domains + domain[inside])
    pair_sums = _group_sum(pair, len(pair_keys), np.moveaxis(sums[:, inside, :], 1, 0))
    pair_h, pair_domain = np.divmod(np.asarray(pair_keys), n_domains)
    totals = _group_sum(pair_domain, n_domains, pair_sums)  # (n_domains, SUMS, K)
    stats_ = proportion_stats(totals, pair_sums, pair_domain, pair_h,
                              design.stratum_sizes, design.df)
    n_ind = sums.shape[2]
    return {
        "indicator": np.repeat(np.arange(n_ind), n_domains),
        "geo_level": np.full(n_ind * n_domains, level, dtype=object),
        "geo_code": np.tile(np.repeat(np.asarray(geo_codes, dtype=object), len(categories)), n_ind),
        "breakdown": np.full(n_ind * n_domains, breakdown, dtype=object),
        "category": np.tile(np.asarray(categories, dtype=object), len(geo_codes) * n_ind),
        **{name: column.T.ravel() for name, column in stats_.items()},
    }


def proportion_stats(totals: np.ndarray, pair_sums: np.ndarray, pair_domain: np.ndarray,
                     pair_h: np.ndarray, n_h: np.ndarray, df: int) -> dict[str, np.ndarray]:
    """Estimate, se, logit CI, cv and counts per domain from (stratum x domain) sums.

    `totals` (n_domains, SUMS, K) and `pair_sums` (P, SUMS, K) hold the sums named in SUMS;
    pair p lies in stratum pair_h[p] (of size n_h[...]) and domain pair_domain[p].
    """
    wd, wdy = totals[:, 0], totals[:, 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        p = wdy / wd  # NaN for an empty domain
        W, pp = wd[pair_domain], p[pair_domain]
        s_wd, s_wdy, s_w2d, s_w2dy = (pair_sums[:, i] for i in range(4))
        sum_z = (s_wdy - pp * s_wd) / W
        sum_z2 = ((1 - 2 * pp) * s_w2dy + pp**2 * s_w2d) / W**2
        nh = n_h[pair_h][:, None].astype(float)
        var_pair = nh / (nh - 1) * (sum_z2 - sum_z**2 / nh)
        var = _group_sum(pair_domain, len(wd), var_pair)
        var[np.isnan(p)] = np.nan
        se = np.sqrt(np.maximum(var, 0.0))
        low, high = logit_interval(p, se, df)
        cv = np.where(p > 0, se / p, np.nan)
    return {"estimate": p, "se": se, "ci_low": low, "ci_high": high, "cv": cv,
            "n_unweighted": np.rint(totals[:, 4]).astype(np.int64),
            "n_cases": np.rint(totals[:, 5]).astype(np.int64), "weighted_count": wdy}


def logit_interval(p: np.ndarray, se: np.ndarray, df: int,
                   confidence: float = CONFIDENCE) -> tuple[np.ndarray, np.ndarray]:
    """Logit-scale CI with a Student t quantile (samplics TaylorEstimator, R svyciprop "logit").

    Degenerate [p, p] at p = 0 or 1, as samplics 0.6 does; NaN where p is NaN.
    """
    t = stats.t.ppf(1 - (1 - confidence) / 2, df)
    with np.errstate(invalid="ignore", divide="ignore"):
        interior = (p > 0) & (p < 1)
        centre = special.logit(np.where(interior, p, 0.5))
        half = t * se / np.where(interior, p * (1 - p), 1.0)
        low = np.where(interior, special.expit(centre - half), p)
        high = np.where(interior, special.expit(centre + half), p)
    return low, high
