"""The survey design object of the estimation pipeline, built once per period.

In the manner of R's `survey::svydesign` (Lumley, *Complex Surveys*, 2010, ch. 2): one
object holds the sampling structure (strata, weights) and the domain variables, and every
estimator takes it. The VRS design is treated as a stratified sample of individuals drawn
with replacement inside each stratum (the département of an edition), so individuals are
the primary sampling units and no finite-population correction is applied.

Pooled periods (several editions) follow the usual rule for combining independent
cross-sections (Kish, "Cumulating/combining population surveys", *Survey Methodology*
25(2), 1999): each edition keeps its own strata (stratum = edition x stratum) and the weights
are divided by the number of editions, so that weighted totals are *average yearly* counts
and proportions are average yearly prevalences.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from data.schema import BREAKDOWNS
from geo.territories import departement_codes, region_codes

DESIGN_COLUMNS = ["year", "strata", "weight"]
# domain variable -> allowed values (None: checked against the territory reference)
DOMAIN_VARIABLES: dict[str, tuple[str, ...] | None] = {
    "dep": None, "region": None,
    "sexe": BREAKDOWNS["sexe"], "age": BREAKDOWNS["age"], "tuu": BREAKDOWNS["tuu"],
}


@dataclass(frozen=True, eq=False)
class Design:
    """Stratified with-replacement design of one period (one edition or several pooled).

    Attributes
    ----------
    years : the editions of the period, ascending.
    stratum : int array, the stratum code (0 .. n_strata - 1) of each respondent.
    strata : labels of the stratum codes, ``"<year>:<strata>"``.
    weight : float array, analysis weights (sampling weights / number of editions).
    variables : the period's microdata rows (domain variables and indicators), index 0..n-1.
    """

    years: tuple[int, ...]
    stratum: np.ndarray
    strata: np.ndarray
    weight: np.ndarray
    variables: pd.DataFrame

    @classmethod
    def from_microdata(cls, micro: pd.DataFrame, years: Sequence[int]) -> "Design":
        """Select the editions `years` of `micro` and build their (pooled) design.

        Raises ValueError if an edition is absent, the years are not consecutive, a weight is
        missing or not positive, a domain variable holds an unknown value, or a stratum has a
        single respondent (the within-stratum variance, factor n_h/(n_h - 1), is undefined;
        collapsing strata is a methodological choice left to the caller).
        """
        years = _check_years(micro, years)
        missing = [c for c in [*DESIGN_COLUMNS, *DOMAIN_VARIABLES] if c not in micro.columns]
        if missing:
            raise ValueError(f"microdonnées : colonnes manquantes : {', '.join(missing)}")
        rows = micro.loc[micro["year"].isin(years)].reset_index(drop=True)
        weight = rows["weight"].to_numpy(dtype=float, na_value=np.nan)
        bad = ~(weight > 0)  # also catches NaN
        if bad.any():
            first = rows.loc[bad, "ident"].iloc[0] if "ident" in rows else rows.index[bad][0]
            raise ValueError(f"poids nuls, négatifs ou manquants pour {int(bad.sum())} répondant(s) "
                             f"(premier : {first})")
        _check_domain_values(rows)
        labels = rows["year"].astype(str) + ":" + rows["strata"].astype(str)
        stratum, strata = pd.factorize(labels, sort=True)
        if (stratum < 0).any():
            raise ValueError("strate manquante pour au moins un répondant")
        sizes = np.bincount(stratum, minlength=len(strata))
        singletons = [str(strata[i]) for i in np.flatnonzero(sizes == 1)]
        if singletons:
            raise ValueError(f"strate(s) à un seul répondant, variance non définie : {', '.join(singletons)}")
        return cls(years=years, stratum=stratum.astype(np.int64), strata=np.asarray(strata, dtype=object),
                   weight=weight / len(years), variables=rows)

    @property
    def n_respondents(self) -> int:
        return int(self.stratum.size)

    @property
    def n_strata(self) -> int:
        return int(self.strata.size)

    @property
    def df(self) -> int:
        """Design degrees of freedom: respondents (PSUs) minus strata (Lohr 2019, §9.5.1)."""
        return self.n_respondents - self.n_strata

    @property
    def stratum_sizes(self) -> np.ndarray:
        """n_h, respondents per stratum (all of them, whatever the domain or universe)."""
        return np.bincount(self.stratum, minlength=self.n_strata)

    @property
    def year_first(self) -> int:
        return self.years[0]

    @property
    def year_last(self) -> int:
        return self.years[-1]

    @property
    def period(self) -> str:
        """Contract label of the period: "2024" or "2022-2025"."""
        return period_label(self.years)


def period_label(years: Sequence[int]) -> str:
    years = sorted(years)
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _check_years(micro: pd.DataFrame, years: Sequence[int]) -> tuple[int, ...]:
    chosen = sorted({int(y) for y in years})
    if not chosen:
        raise ValueError("aucune édition demandée")
    if chosen != list(range(chosen[0], chosen[-1] + 1)):
        raise ValueError(f"une période regroupée doit être faite d'éditions consécutives : {chosen}")
    present = set(pd.unique(micro["year"]).tolist())
    absent = [y for y in chosen if y not in present]
    if absent:
        raise ValueError(f"édition(s) absente(s) des microdonnées : {absent}")
    return tuple(chosen)


def _check_domain_values(rows: pd.DataFrame) -> None:
    """Territories must be known and non-null; breakdown variables known or null (then the
    respondent counts in `ensemble` but in no category of that breakdown)."""
    allowed = {"dep": departement_codes(), "region": region_codes()}
    for column, levels in DOMAIN_VARIABLES.items():
        values = rows[column]
        known = values.isin(levels if levels is not None else allowed[column])
        if levels is None:
            unknown = values[~known]
        else:
            unknown = values[~known & values.notna()]
        if len(unknown):
            sample = ", ".join(sorted({str(v) for v in unknown.head(5)}))
            raise ValueError(f"microdonnées : valeur(s) inconnue(s) de {column} : {sample}")
