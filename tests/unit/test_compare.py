"""Difference tests (data/compare.py) against hand-computed examples.

z = (a - b) / sqrt(se_a² + se_b²); two-sided p = 2·(1 - Φ(|z|)); Φ values from a normal table.
"""
import math

import numpy as np
import pytest

from data.compare import (HIGHER, LOWER, SAME, benjamini_hochberg, change_label, difference_pvalue, verdict,
                          verdicts)

EXAMPLES = [
    # a, se_a, b, se_b, z, p, verdict
    # 0.20 - 0.18 = 0.02; sqrt(0.01² + 0.005²) = sqrt(0.000125) = 0.0111803; z = 1.78885;
    # Φ(1.78885) = 0.963181 -> p = 2 × 0.036819 = 0.073638: not significant
    (0.20, 0.01, 0.18, 0.005, 1.78885, 0.073638, SAME),
    # 0.25 - 0.18 = 0.07; sqrt(0.02² + 0.005²) = sqrt(0.000425) = 0.0206155; z = 3.39550;
    # p = 2 × (1 - 0.9996574) = 0.000685: higher
    (0.25, 0.02, 0.18, 0.005, 3.39550, 0.000685, HIGHER),
    # 0.10 - 0.18 = -0.08; sqrt(0.015² + 0.005²) = sqrt(0.00025) = 0.0158114; z = -5.05964;
    # p = 2 × 2.10e-7 = 4.20e-7: lower
    (0.10, 0.015, 0.18, 0.005, -5.05964, 4.20e-7, LOWER),
    # a 3-4-5 triangle: sqrt(0.03² + 0.04²) = 0.05; 0.098 / 0.05 = z = 1.96 -> p = 0.049996 < 0.05
    (0.298, 0.03, 0.20, 0.04, 1.96, 0.049996, HIGHER),
    # 0.0975 / 0.05 = z = 1.95 -> p = 2 × (1 - 0.974412) = 0.051176 >= 0.05
    (0.2975, 0.03, 0.20, 0.04, 1.95, 0.051176, SAME),
]


@pytest.mark.parametrize("a, se_a, b, se_b, z, p, expected", EXAMPLES)
def test_difference_against_hand_computed_examples(a, se_a, b, se_b, z, p, expected):
    z_found, p_found = difference_pvalue([a], [se_a], [b], [se_b])
    assert z_found[0] == pytest.approx(z, abs=1e-4)
    assert p_found[0] == pytest.approx(p, rel=2e-3)
    assert verdict(a, se_a, b, se_b) == expected


def test_missing_values_cannot_be_tested():
    out = verdicts([0.2, math.nan], [0.01, 0.01], 0.18, 0.005)
    assert list(out) == [SAME, ""]


def test_benjamini_hochberg_by_hand():
    # m = 4; sorted p: 0.01, 0.03, 0.04, 0.20; p·m/rank = 0.04, 0.06, 0.0533, 0.20;
    # running minimum from the largest rank: 0.04, 0.0533, 0.0533, 0.20 (back in input order below)
    adjusted = benjamini_hochberg([0.01, 0.04, 0.03, 0.20, math.nan])
    assert adjusted[:4] == pytest.approx([0.04, 0.053333, 0.053333, 0.20], rel=1e-4)
    assert math.isnan(adjusted[4])


def test_adjustment_changes_verdicts_as_expected():
    # Standard errors of 0.01 on both sides: d = 0.01·sqrt(2)·z. Choose z giving raw p of about
    # 0.01, 0.04, 0.03 and 0.20: z = 2.5758, 2.0537, 2.1701, 1.2816.
    z = np.array([2.5758, 2.0537, 2.1701, 1.2816])
    a = 0.20 + 0.01 * math.sqrt(2) * z
    raw = verdicts(a, [0.01] * 4, 0.20, 0.01)
    adjusted = verdicts(a, [0.01] * 4, 0.20, 0.01, adjust=True)
    assert list(raw) == [HIGHER, HIGHER, HIGHER, SAME]
    assert list(adjusted) == [HIGHER, SAME, SAME, SAME]   # BH-adjusted p: 0.04, 0.053, 0.053, 0.20


@pytest.mark.parametrize("previous, current, expected", [
    ((0.18, 0.004), (0.19, 0.004), "évolution non significative"),   # z = 0.01 / 0.005657 = 1.77
    ((0.18, 0.002), (0.19, 0.002), "hausse significative"),          # z = 0.01 / 0.002828 = 3.54
    ((0.18, 0.002), (0.17, 0.002), "baisse significative"),
])
def test_change_label(previous, current, expected):
    assert change_label(previous[0], previous[1], current[0], current[1]) == expected
