"""Map classes and colours: the state of a choropleth, separate from its rendering (OWID style).

Values are classed in *percent as displayed* (rounded to one decimal), so a département shown
as "15,0 %" always falls in the class whose bounds say so. Classes come from `mapclassify`
(quantiles by default, Fisher–Jenks when ties make quantiles collapse), then each inner break is moved to the roundest
number near it (`round_breaks`), so the legend reads "de 12 % à moins de 15 %", not
"de 12,38 % à 14,91 %".

Every département gets a *slot*, the z value drawn by plotly with a stepped colour scale:
slots 0-4 are the value classes (or 0-2 the verdicts vs France), then fixed slots for the
statuses that carry no value on the map (unreliable, suppressed, no data). Colours are
colour-blind safe (ColorBrewer YlGnBu for values, orange/purple for verdicts) and the
status greys are distinct from every class colour.
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from components.formatting import NBSP, number

with warnings.catch_warnings():  # "Numba not installed": the pure-python path is fast enough for 99 values
    warnings.simplefilter("ignore")
    import mapclassify

from data.compare import HIGHER, LOWER, SAME, VERDICT_LABELS

K = 5
PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")   # ColorBrewer YlGnBu, 5 classes
VERDICT_ORDER = (LOWER, SAME, HIGHER)
VERDICT_COLORS = {LOWER: "#5e3c99", SAME: "#efe3c8", HIGHER: "#e66101"}  # PuOr ends + a neutral sand
# Comparison mode: a value with a zero standard error (no respondent, or all, concerned) cannot be tested.
UNTESTABLE_SLOT = len(VERDICT_ORDER)
UNTESTABLE_COLOR = "#b9cad6"
UNTESTABLE_LEGEND = "Écart non testable"

# Slots after the value classes: statuses shown without a value.
UNRELIABLE, SUPPRESSED, NO_DATA = "unreliable", "suppressed", "absent"
STATUS_SLOTS = {UNRELIABLE: K, SUPPRESSED: K + 1, NO_DATA: K + 2}
STATUS_COLORS = {UNRELIABLE: "#dcdcdc", SUPPRESSED: "#8c8c8c", NO_DATA: "#ffffff"}
STATUS_LEGEND = {
    UNRELIABLE: "Estimation peu fiable",
    SUPPRESSED: "Effectif insuffisant",
    NO_DATA: "Pas de donnée",
}
OUT_OF_SCOPE_LEGEND = "Hors champ de l'enquête"
N_SLOTS = K + 3
Z_RANGE = (-0.5, N_SLOTS - 0.5)   # integer slot i sits in the middle of its colour band
# Steps tried from the roundest down, in percentage points: a bound is a multiple of 10, else
# of 5, else an integer, else a half, else one decimal (12 reads better than 12,5 or 12,4).
ROUND_STEPS = (10.0, 5.0, 1.0, 0.5, 0.1)
WINDOW = 0.3   # a break may move by up to this share of the distance to its neighbours


@dataclass(frozen=True)
class Classes:
    """Rounded inner breaks (percent) and, per class, its label; len(labels) == len(breaks) + 1."""
    breaks: tuple[float, ...]
    labels: tuple[str, ...]

    @property
    def colors(self) -> tuple[str, ...]:
        return class_colors(len(self.labels))


def raw_breaks(values: Sequence[float], k: int = K, method: str = "quantiles") -> list[float]:
    """Inner class breaks from mapclassify (upper bounds of all classes but the last)."""
    data = np.asarray([v for v in values if v is not None and math.isfinite(v)], dtype=float)
    unique = np.unique(data)
    if unique.size <= 1:
        return []
    k = min(k, int(unique.size))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ties make quantile bins coincide: deduplicated below
        if method == "fisher_jenks":
            bins = mapclassify.FisherJenks(data, k=k).bins
        else:
            bins = mapclassify.Quantiles(data, k=k).bins
    return sorted(set(float(b) for b in bins[:-1]))


def round_break(value: float, low: float, high: float) -> float:
    """The roundest number in [value - WINDOW·(value-low), value + WINDOW·(high-value)] nearest `value`."""
    left = value - WINDOW * max(value - low, 0.0)
    right = value + WINDOW * max(high - value, 0.0)
    for step in ROUND_STEPS:
        candidate = round(value / step) * step
        if left - 1e-9 <= candidate <= right + 1e-9:
            return round(candidate, 1)
        for neighbour in (math.floor(value / step) * step, math.ceil(value / step) * step):
            if left - 1e-9 <= neighbour <= right + 1e-9:
                return round(neighbour, 1)
    return round(value, 1)


def round_breaks(breaks: Sequence[float], low: float, high: float) -> list[float]:
    """Readable inner breaks strictly inside (low, high], strictly increasing."""
    ordered = sorted(breaks)
    out: list[float] = []
    for i, value in enumerate(ordered):
        before = ordered[i - 1] if i else low
        after = ordered[i + 1] if i + 1 < len(ordered) else high
        rounded = round_break(value, before, after)
        if low < rounded <= high and (not out or rounded > out[-1]):
            out.append(rounded)
    return out


def classify(values: Sequence[float], breaks: Sequence[float]) -> np.ndarray:
    """Class index per value: v < b1 -> 0, b1 <= v < b2 -> 1, ..., v >= b_last -> len(breaks)."""
    return np.searchsorted(np.asarray(breaks, dtype=float), np.asarray(values, dtype=float), side="right")


def bound(value: float) -> str:
    """A class bound in French: '12 %', '12,5 %' (one decimal only when needed)."""
    decimals = 0 if float(value).is_integer() else 1
    return f"{number(value, decimals)}{NBSP}%"


def class_labels(breaks: Sequence[float], single: float | None = None) -> list[str]:
    """'moins de 12 %', 'de 12 % à moins de 14 %', ..., '14 % ou plus'."""
    if not breaks:
        return [bound(single) if single is not None else "Toutes valeurs"]
    labels = [f"moins de {bound(breaks[0])}"]
    labels += [f"de {bound(a)} à moins de {bound(b)}" for a, b in zip(breaks[:-1], breaks[1:])]
    labels.append(f"{bound(breaks[-1])} ou plus")
    return labels


def make_classes(values_pct: Sequence[float], k: int = K, method: str = "quantiles") -> Classes:
    """Rounded classes for displayed percent values (one class when they are all equal)."""
    data = [v for v in values_pct if v is not None and math.isfinite(v)]
    if not data:
        return Classes((), ())
    low, high = min(data), max(data)
    breaks = round_breaks(raw_breaks(data, k, method), low, high)
    wanted = min(k, len(set(data))) - 1
    if len(breaks) < wanted and method == "quantiles":
        # ties (e.g. many départements at 0 %) make quantile breaks coincide: Fisher-Jenks copes
        jenks = round_breaks(raw_breaks(data, k, "fisher_jenks"), low, high)
        breaks = jenks if len(jenks) > len(breaks) else breaks
    return Classes(tuple(breaks), tuple(class_labels(breaks, single=low if not breaks else None)))


def class_colors(n: int) -> tuple[str, ...]:
    """n colours spread over the palette, light to dark (n <= K)."""
    if n <= 0:
        return ()
    if n == 1:
        return (PALETTE[2],)
    picks = np.round(np.linspace(0, len(PALETTE) - 1, n)).astype(int)
    return tuple(PALETTE[i] for i in picks)


def verdict_slot(verdict: str) -> int | None:
    return VERDICT_ORDER.index(verdict) if verdict in VERDICT_ORDER else None


def slot_colors(mode: str, n_classes: int) -> list[str]:
    """Colour of each of the N_SLOTS slots (unused value slots repeat the last class colour)."""
    if mode == "comparaison":
        head = [VERDICT_COLORS[v] for v in VERDICT_ORDER] + [UNTESTABLE_COLOR]
    else:
        head = list(class_colors(n_classes)) or [PALETTE[0]]
    head = (head + [head[-1]] * K)[:K]
    return head + [STATUS_COLORS[UNRELIABLE], STATUS_COLORS[SUPPRESSED], STATUS_COLORS[NO_DATA]]


def stepped_colorscale(colors: Sequence[str]) -> list[list]:
    """A plotly colour scale with one flat band per colour (for z = integer slot)."""
    n = len(colors)
    scale: list[list] = []
    for i, color in enumerate(colors):
        scale.append([round(i / n, 6), color])
        scale.append([round((i + 1) / n, 6), color])
    return scale


VERDICT_LEGEND = {v: VERDICT_LABELS[v] for v in VERDICT_ORDER}
