"""Quality rules as an input -> expected status table, edge values included (BRIEF §5)."""
import math

import pandas as pd
import pytest

from data.quality import assign_status

THRESHOLDS = {"min_respondents": 30, "min_cases": 5, "cv_caution": 0.15, "cv_unreliable": 0.30}

CASES = [
    # n_unweighted, n_cases, cv, expected status, fragment of the reason
    (29, 10, 0.05, "suppressed", "Effectif insuffisant (29 répondants)"),
    (30, 10, 0.05, "ok", ""),
    (0, 0, math.nan, "suppressed", "Effectif insuffisant (0 répondants)"),
    (100, 4, 0.10, "suppressed", "moins de 5 répondants concernés"),
    (100, 1, 0.10, "suppressed", "moins de 5 répondants concernés"),
    (100, 5, 0.10, "ok", ""),
    (100, 0, math.nan, "unreliable", "Aucun répondant concerné parmi 100"),  # p = 0, se = 0
    (100, 100, 0.0, "unreliable", "Tous les répondants concernés (100)"),  # p = 1, se = 0
    (100, 99, 0.01, "ok", ""),
    (100, 20, 0.15, "ok", ""),
    (100, 20, 0.1501, "caution", "coefficient de variation de 15 %"),
    (100, 20, 0.30, "caution", "coefficient de variation de 30 %"),
    (100, 20, 0.3001, "unreliable", "Estimation peu fiable"),
    (29, 3, 0.50, "suppressed", "Effectif insuffisant"),  # first rule wins
]


@pytest.mark.parametrize("n, cases, cv, expected, reason", CASES)
def test_status_table(n, cases, cv, expected, reason):
    row = pd.DataFrame({"n_unweighted": [n], "n_cases": [cases], "cv": [cv], "estimate": [0.1], "se": [0.01],
                        "ci_low": [0.08], "ci_high": [0.12], "weighted_count": [1000.0]})
    out = assign_status(row, THRESHOLDS).iloc[0]
    assert out["status"] == expected
    assert reason in out["status_reason"]
    assert (out["status_reason"] == "") == (expected == "ok")


def test_suppressed_rows_carry_no_value():
    rows = pd.DataFrame({"n_unweighted": [12, 500], "n_cases": [3, 80], "cv": [0.4, 0.1], "estimate": [0.25, 0.16],
                         "se": [0.1, 0.016], "ci_low": [0.1, 0.13], "ci_high": [0.5, 0.19],
                         "weighted_count": [3000.0, 9000.0]})
    out = assign_status(rows, THRESHOLDS)
    secret = ["estimate", "se", "ci_low", "ci_high", "cv", "n_cases", "weighted_count"]
    assert out.loc[0, secret].isna().all()
    assert out.loc[1, secret].notna().all()
    assert out.loc[0, "n_unweighted"] == 12
    assert rows.loc[0, "estimate"] == 0.25  # input untouched


def test_thresholds_are_configurable():
    row = pd.DataFrame({"n_unweighted": [45], "n_cases": [10], "cv": [0.2], "estimate": [0.2], "se": [0.04],
                        "ci_low": [0.1], "ci_high": [0.3], "weighted_count": [1.0]})
    strict = {**THRESHOLDS, "min_respondents": 50}
    assert assign_status(row, strict).iloc[0]["status"] == "suppressed"
    assert assign_status(row, THRESHOLDS).iloc[0]["status"] == "caution"
