"""The room's last changes (api/board_changes.py): a listener catches up through them only
without a gap, within the bound, and while the chain is cheaper than the snapshot."""

from __future__ import annotations

from api.board_changes import Changes, Step


def step(base: int, version: int, size: int = 10) -> Step:
    return Step(f"{base}.0", f"{version}.0", "x" * size, b"x" * size)


def chain(changes: Changes, held: int, newest: int, most_bytes: int = 1_000) -> list[str] | None:
    found = changes.since(f"{held}.0", f"{newest}.0", most_bytes)
    return None if found is None else [s.version for s in found]


def test_a_listener_is_taken_from_the_version_it_holds_to_the_newest():
    changes = Changes(size=4)
    for n in range(1, 7):
        changes.add(step(n, n + 1))
    assert chain(changes, 6, 7) == ["7.0"]
    assert chain(changes, 3, 7) == ["4.0", "5.0", "6.0", "7.0"]
    # Beyond the last four: forgotten.
    assert chain(changes, 2, 7) is None
    # Only to the room's version: steps that end elsewhere are not the room's.
    assert chain(changes, 3, 8) is None


def test_a_gap_forgets_what_came_before_it():
    changes = Changes()
    changes.add(step(1, 2))
    changes.add(step(3, 4))  # 2.0 -> 3.0 came with no change worth pushing
    assert chain(changes, 1, 4) is None
    assert chain(changes, 3, 4) == ["4.0"]
    changes.clear()
    assert chain(changes, 3, 4) is None and changes.newest() is None


def test_a_chain_bigger_than_a_change_worth_pushing_is_not_sent():
    changes = Changes()
    for n in range(1, 5):
        changes.add(step(n, n + 1, size=300))
    assert chain(changes, 3, 5, most_bytes=600) == ["4.0", "5.0"]
    assert chain(changes, 2, 5, most_bytes=600) is None
