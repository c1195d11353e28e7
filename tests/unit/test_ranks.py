"""Rank ranges by simulation (data/ranks.py): direction, ties, determinism, width vs uncertainty."""
import numpy as np
import pytest

from data.ranks import RankRange, point_ranks, rank_range, rank_ranges, simulated_ranks


@pytest.mark.parametrize("estimates, expected", [
    ([0.3, 0.1, 0.2], [1, 3, 2]),          # rank 1 = highest value
    ([0.2, 0.2, 0.1], [1, 1, 3]),          # ties share the best rank ("min")
    ([0.5], [1]),
    ([0.1, 0.2, 0.3, 0.4], [4, 3, 2, 1]),
])
def test_point_ranks(estimates, expected):
    assert point_ranks(estimates).tolist() == expected


def ninety_nine(outlier=None, noisy=None):
    """99 départements spread over 10 %–20 % with se 0.5 pt; optional outlier and noisy one."""
    est = np.linspace(0.10, 0.20, 99)
    se = np.full(99, 0.005)
    if outlier is not None:
        est[outlier] = 0.50
    if noisy is not None:
        est[noisy], se[noisy] = 0.15, 0.20
    return est, se


def test_clear_outlier_gets_a_narrow_range():
    est, se = ninety_nine(outlier=40)
    found = rank_range(est, se, 40)
    # 0.50 is 60 SEs above the next value: first in every draw
    assert (found.rank, found.low, found.high, found.total) == (1, 1, 1, 99)


def test_huge_standard_error_gives_a_wide_range():
    est, se = ninety_nine(noisy=10)
    found = rank_range(est, se, 10)
    # N(0.15, 0.20) lands below 0.10 or above 0.20 with probability ~0.4 each, so its 5th-95th
    # percentile ranks reach (almost) both ends of the 99
    assert found.low <= 5 and found.high >= 95
    # while a precise neighbour in the middle of the pack keeps a range of a few ranks
    neighbour = rank_range(est, se, 50)
    assert neighbour.high - neighbour.low < 25


def test_zero_standard_errors_give_the_point_rank():
    est = np.array([0.3, 0.1, 0.2])
    table = rank_ranges(est, np.zeros(3), codes=["a", "b", "c"])
    assert table["rank"].tolist() == [1, 3, 2]
    assert table["rank_low"].tolist() == table["rank_high"].tolist() == [1, 3, 2]


def test_single_and_all_agree_and_are_seeded():
    rng = np.random.default_rng(1)
    est, se = rng.uniform(0.05, 0.3, 30), rng.uniform(0.001, 0.05, 30)
    table = rank_ranges(est, se, codes=[f"d{i}" for i in range(30)])
    for position in (0, 7, 29):
        one = rank_range(est, se, position)
        row = table.iloc[position]
        assert (one.low, one.high) == (row["rank_low"], row["rank_high"])
    again = rank_ranges(est, se, codes=[f"d{i}" for i in range(30)])
    assert table.equals(again)
    assert not rank_ranges(est, se, seed=2)[["rank_low", "rank_high"]].equals(
        table.reset_index(drop=True)[["rank_low", "rank_high"]])


def test_every_draw_is_a_permutation():
    est, se = ninety_nine()
    ranks = simulated_ranks(est, se, n_draws=50)
    assert ranks.shape == (50, 99)
    assert (np.sort(ranks, axis=1) == np.arange(1, 100)).all()


def test_range_bounds_are_valid():
    rng = np.random.default_rng(3)
    est, se = rng.uniform(0, 1, 40), rng.uniform(0, 0.3, 40)
    table = rank_ranges(est, se)
    assert ((table["rank_low"] >= 1) & (table["rank_low"] <= table["rank_high"]) & (table["rank_high"] <= 40)).all()


@pytest.mark.parametrize("estimates, ses", [([0.1, np.nan], [0.01, 0.01]), ([0.1, 0.2], [0.01, -1.0]),
                                            ([0.1, 0.2], [0.01])])
def test_bad_inputs_are_refused(estimates, ses):
    with pytest.raises(ValueError):
        rank_range(estimates, ses, 0)


@pytest.mark.parametrize("found, label, short", [
    (RankRange(12, 7, 20, 99), "rang 12 sur 99 (entre 7 et 20)", "12/99 (7–20)"),
    (RankRange(1, 1, 1, 99), "rang 1 sur 99 (stable)", "1/99 (1–1)"),
])
def test_labels(found, label, short):
    assert found.label() == label
    assert found.short() == short
