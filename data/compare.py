"""Significance of differences between two estimates: a territory vs France, an edition vs
the previous one. Pure functions on arrays; wording in French for the interface.

Test: z = (a - b) / sqrt(se_a² + se_b²), two-sided, normal reference (the design df are in
the tens of thousands). For a département vs France this ignores the positive covariance
due to the département being part of France, which makes the test slightly conservative
(the département's share of the French sample is at most a few per cent). Editions are
independent samples, so the formula is exact for changes over time.
Multiple comparisons across the 99 départements: `benjamini_hochberg` controls the false
discovery rate (Benjamini & Hochberg 1995); pages say which one they use.
"""
from __future__ import annotations

import numpy as np
from scipy.stats import norm

HIGHER, SAME, LOWER = "plus_eleve", "non_different", "plus_faible"
VERDICT_LABELS = {
    HIGHER: "Significativement plus élevé",
    SAME: "Non significativement différent",
    LOWER: "Significativement plus faible",
}
CHANGE_LABELS = {HIGHER: "hausse significative", SAME: "évolution non significative", LOWER: "baisse significative"}


def difference_pvalue(a, se_a, b, se_b) -> tuple[np.ndarray, np.ndarray]:
    """z statistics and two-sided p-values of a - b (NaN where an input is missing)."""
    a, se_a, b, se_b = (np.asarray(x, dtype=float) for x in (a, se_a, b, se_b))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (a - b) / np.sqrt(se_a ** 2 + se_b ** 2)
    # identical values with zero SEs: no evidence of a difference
    z = np.where((a == b) & np.isfinite(a), 0.0, z)
    return z, 2 * norm.sf(np.abs(z))


def benjamini_hochberg(pvalues) -> np.ndarray:
    """FDR-adjusted p-values (NaN kept as NaN and ignored in the ranking)."""
    p = np.asarray(pvalues, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    m = int(ok.sum())
    if m == 0:
        return out
    order = np.argsort(p[ok])
    ranked = p[ok][order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1.0)
    values = np.empty(m)
    values[order] = adjusted
    out[ok] = values
    return out


def verdicts(a, se_a, b, se_b, alpha: float = 0.05, adjust: bool = False) -> np.ndarray:
    """HIGHER / SAME / LOWER per element ('' where it cannot be tested)."""
    z, p = difference_pvalue(a, se_a, b, se_b)
    if adjust:
        p = benjamini_hochberg(p)
    out = np.where(p < alpha, np.where(z > 0, HIGHER, LOWER), SAME).astype(object)
    return np.where(np.isfinite(p), out, "")


def verdict(a, se_a, b, se_b, alpha: float = 0.05) -> str:
    """Scalar form of `verdicts`."""
    return str(verdicts([a], [se_a], [b], [se_b], alpha)[0])


def change_label(previous, se_previous, current, se_current, alpha: float = 0.05) -> str:
    """'hausse significative', 'baisse significative', 'évolution non significative' or ''."""
    found = verdict(current, se_current, previous, se_previous, alpha)
    return CHANGE_LABELS.get(found, "")
