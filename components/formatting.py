"""French number formatting shared by every page, hover, table and download label.

French typography: decimal comma, no-break space (U+00A0) as thousands separator and
before '%', en dash in ranges: '12,7 %', '[16,9 – 19,6]', '52 300 000'.
"""
from __future__ import annotations

import math

NBSP = "\u00a0"  # espace insécable (latin-1: also printable in PDF core fonts)
EN_DASH = "\u2013"


def _missing(value) -> bool:
    try:
        return value is None or math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def number(value, decimals: int = 0) -> str:
    """'1 234,5' ('' if missing)."""
    if _missing(value):
        return ""
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", NBSP).replace(".", ",")


def percent(proportion, decimals: int = 1) -> str:
    """A proportion in [0, 1] as '12,7 %' ('' if missing)."""
    if _missing(proportion):
        return ""
    return f"{number(float(proportion) * 100, decimals)}{NBSP}%"


def percent_points(difference, decimals: int = 1) -> str:
    """A difference of proportions in points: '+1,2 pt', '−0,4 pt'."""
    if _missing(difference):
        return ""
    value = round(float(difference) * 100, decimals)  # no "−0,0 pt"
    sign = "+" if value > 0 else ("\u2212" if value < 0 else "")
    return f"{sign}{number(abs(value), decimals)}{NBSP}pt"


def interval(low, high, decimals: int = 1) -> str:
    """A confidence interval of proportions as '[16,9 – 19,6]' (percent values, no unit)."""
    if _missing(low) or _missing(high):
        return ""
    return f"[{number(low * 100, decimals)} {EN_DASH} {number(high * 100, decimals)}]"


def estimate_with_ci(estimate, low, high, decimals: int = 1) -> str:
    """'18,2 % [16,9 – 19,6]' — the way every estimate is written in the interface."""
    if _missing(estimate):
        return ""
    ci = interval(low, high, decimals)
    return f"{percent(estimate, decimals)} {ci}".strip()


def count(value) -> str:
    """A count of people or respondents: '52 300 000'."""
    return number(value, 0)
