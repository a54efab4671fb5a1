"""The load benchmark's bookkeeping: versions compared as the board compares them, and
propagation counted from the tap, only for ideas added after a tablet joined."""

from __future__ import annotations

from benchmarks.tablet import Stats, Tablet, newer, propagation


def tablet(stats: Stats, number: int, joined_at: float | None, seen: set[int], mine: set[int]) -> Tablet:
    t = Tablet("http://127.0.0.1:1", "ABCDEF", stats, number, {})
    t.joined_at, t.seen_ideas, t.mine = joined_at, seen, mine
    return t


def test_versions_compare_as_two_counters_not_as_text():
    assert newer("10.0", "9.5")
    assert newer("3.12", "3.9")
    assert not newer("3.9", "3.12")
    assert not newer("4.1", "4.1")
    assert newer("1.0", None)


def test_only_ideas_tapped_after_a_tablet_joined_count_from_the_tap():
    stats = Stats()
    stats.taps = {1: 5.0, 2: 20.0, 3: 30.0}
    # Tablet 0 joined at 10: idea 1 was on the board already; 2 reached it 0.4 s after its tap.
    stats.sightings = [(1, 0, 10.0, 10.0), (2, 0, 20.4, 10.0), (3, 1, 30.9, 25.0), (2, 1, 25.0, 25.0)]
    tablets = [tablet(stats, 0, 10.0, {1, 2}, set()), tablet(stats, 1, 25.0, {2, 3}, set())]
    propagation(stats, tablets)
    assert [round(d, 3) for d in stats.seen] == [0.4, 0.9]
    # Idea 3 was tapped after tablet 0 joined, and tablet 0 never held it.
    assert stats.missed == 1


def test_a_tablets_own_idea_and_a_tablet_that_never_joined_miss_nothing():
    stats = Stats()
    stats.taps = {7: 12.0}
    propagation(stats, [tablet(stats, 0, 10.0, set(), {7}), tablet(stats, 1, None, set(), set())])
    assert stats.seen == [] and stats.missed == 0
