"""Départements comparable to a given one by their settlement structure (the fiche's
"Départements comparables").

Mayors and prefects want to compare their département with *similar* ones (BRIEF §2), not
only with France and the région. "Similar" here means a similar way of living together,
described by three structural features, each standardised (z-score over the 99 in-scope
départements) so that they weigh equally in a Euclidean distance:

- `urban_share`: share of the population living in large urban units (≥ 100,000 inhabitants
  or the Paris urban area);
- log of the population density (2017 population / area in km²): city centre, suburb or
  countryside, on a log scale because densities span 15 to 20,000 inhabitants per km²;
- log of the 2017 population: a département's size (log: 77,000 to 2.6 million).

Deliberately *not* the survey's results: choosing comparables from the outcomes would compare
a département with those that already look like it on the very indicators being compared,
and make every difference look small. Structure is also stable from one edition to the next,
so the list does not change with the period shown.

The three overseas départements of the survey (971, 972, 974) are compared with each other
first (insularity, distance, history set them apart more than these features can say), then
with the nearest metropolitan ones; a metropolitan département is compared only with
metropolitan ones. Ties are broken by code, so the lists are deterministic.

Pure pandas/numpy: the features are read from `geo/territoires.csv` (columns added at build
time by `geo.enrich_territories`), never recomputed in the app.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from geo.territories import DROM_IN_SCOPE, departements

FEATURES = ("urban_share", "log_density", "log_population")
# What the fiche compares across comparable départements: feeling of insecurity, avoidance,
# the two commonest household offences, physical violence, opinion of the police.
HEADLINE_INDICATORS = ("insecurite_quartier", "renoncement_sortir", "cambriolage", "vol_dans_voiture",
                       "violences_physiques", "satisfaction_forces")


@lru_cache(maxsize=1)
def structure_features() -> pd.DataFrame:
    """Standardised features of the in-scope départements, indexed by code (a new frame)."""
    deps = departements()
    raw = pd.DataFrame({
        "urban_share": deps["urban_share"].astype(float),
        "log_density": np.log(deps["population_2017"].astype(float) / deps["area_km2"].astype(float)),
        "log_population": np.log(deps["population_2017"].astype(float)),
    }, index=deps.index)
    if raw.isna().any().any():
        missing = raw.index[raw.isna().any(axis=1)].tolist()
        raise ValueError(f"territoires.csv : caractéristiques manquantes pour {missing} "
                         "(lancer `python -m geo.enrich_territories`)")
    return (raw - raw.mean()) / raw.std(ddof=0)


def distances(code: str, features: pd.DataFrame | None = None) -> pd.Series:
    """Euclidean distance from `code` to every in-scope département (itself included, at 0)."""
    features = structure_features() if features is None else features
    if code not in features.index:
        raise KeyError(code)
    return np.sqrt(((features - features.loc[code]) ** 2).sum(axis=1)).rename("distance")


def _nearest(dist: pd.Series, candidates: list[str], k: int) -> list[str]:
    """The `k` nearest of `candidates`; distances rounded to 1e-12 so that ties go to the lower code."""
    ranked = pd.DataFrame({"distance": dist.loc[candidates].round(12).to_numpy(), "code": candidates})
    return ranked.sort_values(["distance", "code"])["code"].head(max(k, 0)).tolist()


def similar_departements(code: str, k: int = 5, features: pd.DataFrame | None = None) -> list[str]:
    """The `k` départements most similar to `code` by structure, nearest first.

    DROM: the other two DROM first, then the nearest metropolitan ones. Metropolitan: only
    metropolitan ones. Raises KeyError for a code out of the survey's scope.
    """
    dist = distances(code, features)
    others = [c for c in dist.index if c != code]
    if code in DROM_IN_SCOPE:
        drom = _nearest(dist, [c for c in others if c in DROM_IN_SCOPE], k)
        return drom + _nearest(dist, [c for c in others if c not in DROM_IN_SCOPE], k - len(drom))
    return _nearest(dist, [c for c in others if c not in DROM_IN_SCOPE], k)
