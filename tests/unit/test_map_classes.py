"""Map classes: rounding of breaks to readable bounds, class assignment, French labels, colours."""
import math

import numpy as np
import pytest

from components import map_classes as mc

NBSP = "\u00a0"

ROUND_BREAK = [
    # value, lower neighbour, upper neighbour, expected; window = [v - 0.3·(v-low), v + 0.3·(high-v)]
    (12.3, 7.0, 14.8, 12.0),    # window [10.71, 13.05]: no multiple of 10 or 5; nearest integer 12
    (14.8, 12.3, 17.1, 15.0),   # window [14.05, 15.49]: 15 (step 5)
    (20.6, 17.1, 33.0, 20.0),   # window [19.55, 24.32]: 20 (step 10)
    (0.83, 0.5, 1.1, 0.8),      # window [0.731, 0.911]: no 1 nor 0.5, then 0.8 (step 0.1)
    (1.02, 1.01, 5.0, 2.0),     # window [1.017, 2.214]: 1 is outside, 2 inside (step 1)
    (17.14, 17.1, 17.2, 17.1),  # window [17.128, 17.158] holds no multiple of 0.1: plain rounding
    (3.0, 1.0, 9.0, 3.0),       # already round: kept
]


@pytest.mark.parametrize("value, low, high, expected", ROUND_BREAK)
def test_round_break(value, low, high, expected):
    assert mc.round_break(value, low, high) == pytest.approx(expected)


ROUND_BREAKS = [
    # raw breaks, data min, data max, expected rounded breaks
    ([12.3, 14.8, 17.1, 20.6], 7.0, 33.0, [12.0, 15.0, 17.0, 20.0]),
    ([0.42, 0.61, 0.83, 1.05], 0.1, 2.4, [0.4, 0.6, 0.8, 1.0]),
    ([1.01, 1.02], 1.0, 5.0, [2.0]),       # 1.01 rounds onto the minimum: dropped; no empty class
    ([5.0, 5.01], 4.9, 5.02, [5.0]),        # both round to 5: one break, strictly increasing
]


@pytest.mark.parametrize("breaks, low, high, expected", ROUND_BREAKS)
def test_round_breaks(breaks, low, high, expected):
    out = mc.round_breaks(breaks, low, high)
    assert out == pytest.approx(expected)
    assert all(a < b for a, b in zip(out, out[1:]))
    assert all(low < b <= high for b in out)


CLASSIFY = [
    # value, breaks, class: v < b1 -> 0, b1 <= v < b2 -> 1 ..., a value on a bound goes up
    (9.9, [10, 20], 0),
    (10.0, [10, 20], 1),
    (19.9, [10, 20], 1),
    (20.0, [10, 20], 2),
    (55.0, [10, 20], 2),
    (3.0, [], 0),
]


@pytest.mark.parametrize("value, breaks, expected", CLASSIFY)
def test_classify(value, breaks, expected):
    assert mc.classify([value], breaks)[0] == expected


LABELS = [
    ([12.5, 15.0], [f"moins de 12,5{NBSP}%", f"de 12,5{NBSP}% à moins de 15{NBSP}%", f"15{NBSP}% ou plus"]),
    ([0.4], [f"moins de 0,4{NBSP}%", f"0,4{NBSP}% ou plus"]),
]


@pytest.mark.parametrize("breaks, expected", LABELS)
def test_class_labels_in_french(breaks, expected):
    assert mc.class_labels(breaks) == expected


@pytest.mark.parametrize("value, expected", [(12.0, f"12{NBSP}%"), (12.5, f"12,5{NBSP}%"), (0.3, f"0,3{NBSP}%"),
                                             (100.0, f"100{NBSP}%")])
def test_bound(value, expected):
    assert mc.bound(value) == expected


def test_make_classes_cover_every_value_once():
    rng = np.random.default_rng(3)
    values = list(np.round(rng.uniform(5, 35, 96), 1))
    classes = mc.make_classes(values)
    assert len(classes.labels) == len(classes.breaks) + 1 <= mc.K + 1
    counts = np.bincount(mc.classify(values, classes.breaks), minlength=len(classes.labels))
    assert counts.sum() == 96 and (counts > 0).all()   # no empty class
    assert all(round(b, 1) == b for b in classes.breaks)


FEW_VALUES = [
    ([], ()),
    ([4.2] * 10, (f"4,2{NBSP}%",)),
    # quantile breaks all fall on 0: Fisher-Jenks gives [0, 1.2] -> 0 is the minimum (dropped), 1.2 -> 1
    ([0.0] * 50 + [1.2, 2.5], (f"moins de 1{NBSP}%", f"1{NBSP}% ou plus")),
]


@pytest.mark.parametrize("values, labels", FEW_VALUES)
def test_make_classes_with_few_distinct_values(values, labels):
    assert mc.make_classes(values).labels == labels


def test_fisher_jenks_is_available():
    values = [1.0, 1.1, 1.2, 5.0, 5.1, 5.3, 9.0, 9.4, 12.0, 12.2]
    assert mc.raw_breaks(values, k=4, method="fisher_jenks") == pytest.approx([1.2, 5.3, 9.4])


def _color_of_slot(scale, slot):
    """The colour plotly draws for z = slot with cmin/cmax = Z_RANGE (flat bands)."""
    t = (slot - mc.Z_RANGE[0]) / (mc.Z_RANGE[1] - mc.Z_RANGE[0])
    for (start, color), (end, _) in zip(scale[::2], scale[1::2]):
        if start <= t <= end:
            return color
    raise AssertionError(t)


@pytest.mark.parametrize("mode, n_classes", [("valeur", 5), ("valeur", 3), ("valeur", 1), ("comparaison", 5)])
def test_each_slot_is_drawn_in_its_colour(mode, n_classes):
    colors = mc.slot_colors(mode, n_classes)
    assert len(colors) == mc.N_SLOTS
    scale = mc.stepped_colorscale(colors)
    assert scale[0][0] == 0 and scale[-1][0] == 1
    for slot, color in enumerate(colors):
        assert _color_of_slot(scale, slot) == color


def test_status_colours_are_distinct_from_every_value_and_verdict_colour():
    statuses = [mc.STATUS_COLORS[s] for s in (mc.UNRELIABLE, mc.SUPPRESSED)]
    others = set(mc.PALETTE) | set(mc.VERDICT_COLORS.values()) | {mc.UNTESTABLE_COLOR}
    assert len(set(statuses)) == 2 and not set(statuses) & others


@pytest.mark.parametrize("n, expected", [(1, ("#41b6c4",)), (2, ("#ffffcc", "#253494")), (5, mc.PALETTE)])
def test_class_colors_span_the_palette(n, expected):
    assert mc.class_colors(n) == expected
