"""Ranks of départements with a plausible range, by simulation from the estimates and their SEs.

A rank read from point estimates overstates what the survey knows: two départements whose
intervals overlap widely could swap places in another sample. Following the practice of
"league tables with uncertainty" (Goldstein & Spiegelhalter 1996, JRSS A 159; Marshall &
Spiegelhalter 1998, BMJ 316), we draw each estimate from N(estimate, se) independently,
rank every draw, and report the 5th-95th percentile of the ranks: a 90 % range.

Direction: rank 1 = the highest value (ties get the best rank, as `method="min"`).
Draws are seeded, so the page, the PDF and the tests give the same ranges. Pure numpy.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

N_DRAWS = 1000
SEED = 20240214
PERCENTILES = (5.0, 95.0)
DIRECTION_FR = "rang 1 = valeur la plus élevée"


@dataclass(frozen=True)
class RankRange:
    """Rank of one territory among `total`, with the simulated range [low, high]."""

    rank: int
    low: int
    high: int
    total: int

    def label(self) -> str:
        """'rang 12 sur 99 (entre 7 et 20)'."""
        if self.low == self.high:
            return f"rang {self.rank} sur {self.total} (stable)"
        return f"rang {self.rank} sur {self.total} (entre {self.low} et {self.high})"

    def short(self) -> str:
        """'12/99 (7–20)' for narrow table cells."""
        return f"{self.rank}/{self.total} ({self.low}\u2013{self.high})"


def _clean(estimates, ses) -> tuple[np.ndarray, np.ndarray]:
    est = np.asarray(estimates, dtype=float)
    se = np.asarray(ses, dtype=float)
    if est.shape != se.shape or est.ndim != 1:
        raise ValueError("estimates and ses must be 1-d arrays of the same length")
    if not np.isfinite(est).all() or not np.isfinite(se).all() or (se < 0).any():
        raise ValueError("estimates and ses must be finite and ses non-negative (drop suppressed rows first)")
    return est, se


def draws(estimates, ses, n_draws: int = N_DRAWS, seed: int = SEED) -> np.ndarray:
    """(n_draws, n) normal draws around the estimates (seeded: identical for the same inputs)."""
    est, se = _clean(estimates, ses)
    rng = np.random.default_rng(seed)
    return est + se * rng.standard_normal((n_draws, est.size))


def point_ranks(estimates) -> np.ndarray:
    """Ranks of the point estimates, 1 = highest, ties share the best rank."""
    est = np.asarray(estimates, dtype=float)
    return 1 + (est[None, :] > est[:, None]).sum(axis=1)


def simulated_ranks(estimates, ses, n_draws: int = N_DRAWS, seed: int = SEED) -> np.ndarray:
    """(n_draws, n) ranks of every territory in every draw (1 = highest)."""
    sample = draws(estimates, ses, n_draws, seed)
    order = np.argsort(-sample, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, sample.shape[1] + 1)[None, :], axis=1)
    return ranks


def rank_ranges(estimates, ses, codes=None, n_draws: int = N_DRAWS, seed: int = SEED,
                percentiles: tuple[float, float] = PERCENTILES) -> pd.DataFrame:
    """Rank, low and high ends of the simulated range for every territory, indexed by code."""
    est, se = _clean(estimates, ses)
    codes = list(codes) if codes is not None else list(range(est.size))
    if est.size == 0:
        return pd.DataFrame(columns=["rank", "rank_low", "rank_high", "total"], index=pd.Index(codes, name="geo_code"))
    ranks = simulated_ranks(est, se, n_draws, seed)
    low, high = np.percentile(ranks, percentiles, axis=0, method="inverted_cdf")
    return pd.DataFrame({"rank": point_ranks(est), "rank_low": low.astype(int), "rank_high": high.astype(int),
                         "total": est.size}, index=pd.Index(codes, name="geo_code"))


def rank_range(estimates, ses, position: int, n_draws: int = N_DRAWS, seed: int = SEED,
               percentiles: tuple[float, float] = PERCENTILES) -> RankRange:
    """The rank range of the territory at `position` only: no sort, O(n_draws × n).

    Same draws as `rank_ranges` for the same seed, hence the same answer (tested)."""
    est, se = _clean(estimates, ses)
    sample = draws(est, se, n_draws, seed)
    target = sample[:, position][:, None]
    ranks = 1 + (sample > target).sum(axis=1)
    low, high = np.percentile(ranks, percentiles, method="inverted_cdf")
    return RankRange(int(point_ranks(est)[position]), int(low), int(high), int(est.size))
