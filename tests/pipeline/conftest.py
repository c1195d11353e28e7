"""Small synthetic stratified samples for the estimation tests (a factory, not production files)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.schema import BREAKDOWNS
from geo.territories import region_of

# a dozen strata (départements), one overseas, one with few respondents
DEPS = ("01", "13", "2A", "29", "33", "59", "69", "75", "93", "971", "974", "48")
INDICATORS = ["victime", "plainte", "rare", "opinion"]


def synthetic_microdata(n: int = 3000, years: tuple[int, ...] = (2024,), seed: int = 7,
                        deps: tuple[str, ...] = DEPS) -> pd.DataFrame:
    """One row per respondent, same columns as the simulated VRS microdata.

    Indicators: `victime` (prevalence varying by dep and sex), `plainte` (complaint-like:
    NaN for non-victims; every victim of Lozère complains, so p = 1 there), `rare` (≈1 %,
    many empty-case domains, p = 0), `opinion` (≈40 %, 5 % item non-response as NaN).
    `age` is skewed so that 75+ cells are small; a few `tuu` values are null.
    """
    rng = np.random.default_rng(seed)
    frames = []
    for year in years:
        size = np.linspace(3.0, 0.15, len(deps))
        dep = rng.choice(np.asarray(deps, dtype=object), n, p=size / size.sum())
        dep[: 2 * len(deps)] = np.repeat(deps, 2)  # at least two respondents per stratum
        sexe = rng.choice(np.asarray(BREAKDOWNS["sexe"], dtype=object), n)
        age = rng.choice(np.asarray(BREAKDOWNS["age"], dtype=object), n,
                         p=[0.12, 0.2, 0.3, 0.25, 0.1, 0.03])
        tuu = rng.choice(np.asarray(BREAKDOWNS["tuu"], dtype=object), n)
        tuu[rng.random(n) < 0.01] = None
        dep_effect = pd.Series(np.linspace(0.05, 0.25, len(deps)), index=list(deps))[dep].to_numpy()
        victime = (rng.random(n) < dep_effect * np.where(sexe == "femme", 1.3, 0.8)).astype(float)
        plainte = np.where(victime == 1, (rng.random(n) < 0.3).astype(float), np.nan)
        plainte[(dep == "48") & (victime == 1)] = 1.0
        opinion = (rng.random(n) < 0.4).astype(float)
        opinion[rng.random(n) < 0.05] = np.nan
        frames.append(pd.DataFrame({
            "year": year, "ident": [f"{year}-{i:05d}" for i in range(n)], "strata": dep,
            "weight": rng.uniform(200, 2000, n) * (1 + (dep == "93")), "dep": dep,
            "region": [region_of(d) for d in dep], "sexe": sexe, "age": age, "tuu": tuu,
            "victime": victime, "plainte": plainte,
            "rare": (rng.random(n) < 0.01).astype(float), "opinion": opinion,
        }))
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="session")
def make_microdata():
    """The factory `synthetic_microdata(n, years, seed)`."""
    return synthetic_microdata


@pytest.fixture(scope="session")
def indicators() -> list[str]:
    return list(INDICATORS)
