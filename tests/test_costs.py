"""negedu.costs: the amount-aware decision rule p * amount >= R and its cost per day."""

import numpy as np
import pytest

from negedu.costs import cost_decisions, daily_costs
from negedu.losses import cost_threshold


def test_cost_decisions_is_the_cost_matrix_threshold_per_row():
    rng = np.random.RandomState(0)
    p, amount = rng.uniform(size=500), 5.01 + np.exp(rng.normal(3, 1.5, size=500))
    flags = cost_decisions(p, amount, 5)
    taus = np.array([cost_threshold([[0, 5], [a, 5]]) for a in amount])
    assert flags.dtype.kind == "i" and np.array_equal(flags, (p * amount >= 5).astype(int))
    assert np.array_equal(flags[np.abs(p - taus) > 1e-9], (p >= taus)[np.abs(p - taus) > 1e-9].astype(int))
    assert cost_decisions([0.05, 0.05], [100, 99.9], 5).tolist() == [1, 0]  # ties flag


def test_daily_costs_add_up():
    y = np.array([1, 1, 1, 0, 0, 0])
    amount = np.array([100.0, 40.0, 7.0, 30.0, 20.0, 10.0])
    flags = np.array([1, 0, 0, 1, 1, 0])
    lost, review, total = daily_costs(y, amount, flags, 2.5, 4)
    assert (lost, review, total) == (47 / 4, 7.5 / 4, 47 / 4 + 7.5 / 4)
    assert all(type(v) is float for v in (lost, review, total))
    assert daily_costs(y, amount, np.ones(6, int), 1, 1) == (0.0, 6.0, 6.0)


@pytest.mark.parametrize("call, match", [
    (lambda: cost_decisions([0.5, 1.5], [1, 2], 5), r"p .*(\[0, 1\]|probabilit)"),
    (lambda: cost_decisions([0.5, 0.5], [1, 2, 3], 5), r"p.*amount|amount.*p"),
    (lambda: cost_decisions([0.5], [np.nan], 5), r"amount contains NaN"),
    (lambda: cost_decisions([0.5], [10], -1), r"review_cost must be a non-negative number, got -1\. Use the cost"),
    (lambda: daily_costs([1], [10.0], [1], 5, 0), r"n_days must be a positive number of days, got 0\. Use the length"),
    (lambda: daily_costs([1, 0], [10.0], [1, 0], 5, 1), r"y.*amount.*flags|inconsistent|same number"),
])
def test_errors_name_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()
