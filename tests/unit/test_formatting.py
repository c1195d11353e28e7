"""French number formatting (components/formatting.py): decimal comma, no-break spaces, en dash."""
import math

import pytest

from components import formatting as fmt

NBSP = "\u00a0"
EN = "\u2013"

CASES = [
    # function, arguments, expected
    (fmt.percent, (0.182,), f"18,2{NBSP}%"),
    (fmt.percent, (0.05,), f"5,0{NBSP}%"),
    (fmt.percent, (0.1234, 2), f"12,34{NBSP}%"),
    (fmt.percent, (1.0, 0), f"100{NBSP}%"),
    (fmt.percent, (None,), ""),
    (fmt.percent, (math.nan,), ""),
    (fmt.number, (1234567.891, 1), f"1{NBSP}234{NBSP}567,9"),
    (fmt.number, (-1234.5, 1), f"-1{NBSP}234,5"),
    (fmt.count, (52_300_000,), f"52{NBSP}300{NBSP}000"),
    (fmt.count, (983,), "983"),
    (fmt.interval, (0.169, 0.196), f"[16,9 {EN} 19,6]"),
    (fmt.interval, (0.169, None), ""),
    (fmt.estimate_with_ci, (0.182, 0.169, 0.196), f"18,2{NBSP}% [16,9 {EN} 19,6]"),
    (fmt.estimate_with_ci, (0.0, 0.0, 0.0), f"0,0{NBSP}% [0,0 {EN} 0,0]"),
    (fmt.estimate_with_ci, (0.182, None, None), f"18,2{NBSP}%"),      # no CI: the value alone
    (fmt.estimate_with_ci, (None, 0.1, 0.2), ""),                     # suppressed: nothing
    (fmt.percent_points, (0.012,), f"+1,2{NBSP}pt"),
    (fmt.percent_points, (-0.004,), f"\u22120,4{NBSP}pt"),
    (fmt.percent_points, (0.0,), f"0,0{NBSP}pt"),
]


@pytest.mark.parametrize("function, args, expected", CASES)
def test_french_formats(function, args, expected):
    assert function(*args) == expected
