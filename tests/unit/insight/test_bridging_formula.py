"""The bridging formula's properties, without a database."""

import math

import pytest

from services.insight.bridging import MIN_GROUP, bridging_score, support_rate
from services.insight.representation import masked


def test_broad_support_beats_narrow_support_with_the_same_dots():
    voters = {"citizen": 10, "employee": 10}
    broad = bridging_score({"citizen": 4, "employee": 4}, voters)
    narrow = bridging_score({"citizen": 8}, voters)
    assert broad == pytest.approx(5 / 12)  # (4+1)/(10+2) in both groups
    assert narrow == pytest.approx(math.sqrt((9 / 12) * (1 / 12)))
    assert broad > narrow


def test_groups_below_the_minimum_are_left_out():
    assert MIN_GROUP == 3
    voters = {"citizen": 10, "business": 2}
    with_tiny = bridging_score({"citizen": 5, "business": 2}, voters)
    without_tiny = bridging_score({"citizen": 5}, voters)
    assert with_tiny == without_tiny == pytest.approx(6 / 12)


def test_the_prior_keeps_small_samples_modest():
    assert support_rate(3, 3) == pytest.approx(0.8)
    assert support_rate(30, 30) == pytest.approx(31 / 32)
    assert support_rate(0, 3) == pytest.approx(0.2)
    assert bridging_score({"citizen": 3}, {"citizen": 3}) < bridging_score({"citizen": 30}, {"citizen": 30})


def test_score_stays_within_zero_and_one():
    voters = {"citizen": 5, "employee": 7, "volunteer": 3}
    assert 0 < bridging_score({}, voters) < bridging_score(voters, voters) < 1
    assert bridging_score({"citizen": 2}, {"citizen": 2}) == 0.0  # no group large enough


def test_masking_hides_one_to_four():
    assert [masked(n) for n in range(7)] == [0, None, None, None, None, 5, 6]
