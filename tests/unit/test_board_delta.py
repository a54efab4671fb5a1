"""A pushed change turns the board a tablet holds into the next one, exactly
(api/board_delta.py; components/board/delta.js is checked against it in a browser,
tests/e2e/test_board_push.py)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from api import board_delta
from services.workshop import board

IDS = st.integers(min_value=1, max_value=12)
# No time limit per example: on a busy 2-core machine (CI's date run, under faketime) an
# example took over Hypothesis's default 200 ms, and time says nothing about the result.
UNTIMED = settings(deadline=None)


@st.composite
def idea(draw, idea_id: int) -> dict:
    return {
        "id": idea_id,
        "title": draw(st.sampled_from(["Strikkeklub", "<b>Kaffe</b>", "Gåtur", ""])),
        "dots": draw(st.none() | st.integers(0, 9)),
        "members": draw(st.lists(st.integers(20, 25), max_size=2)),
        "comments": draw(
            st.lists(st.sampled_from([{"id": 1, "body": "Ja!"}, {"id": 2, "body": "[x](y)"}]), max_size=2)
        ),
    }


@st.composite
def snapshot(draw) -> dict:
    """A board; one in two with its votes shown: every idea counted, in the order by support."""
    ids = draw(st.lists(IDS, unique=True, max_size=8))
    ideas = [draw(idea(i)) for i in ids]
    if draw(st.booleans()):
        ideas = [{**i, "dots": draw(st.integers(0, 3)), "voters": draw(st.integers(0, 2))} for i in ideas]
        ideas.sort(key=board.by_support)
    return {
        "version": f"{draw(st.integers(1, 50))}.{draw(st.integers(0, 50))}",
        "workshop": {
            "phase": draw(st.sampled_from(["collect", "vote", "closed"])),
            "matrix_id": draw(st.none() | IDS),
        },
        "themes": [{"id": i, "title": "Tema"} for i in draw(st.lists(IDS, unique=True, max_size=2))],
        "clusters": [],
        "participants": draw(st.integers(0, 300)),
        "ideas": ideas,
    }


@UNTIMED
@given(snapshot(), snapshot())
def test_applying_the_change_gives_the_new_board(old, new):
    change = board_delta.between(old, new)
    # What the push carries is JSON: applied after a round trip, as a tablet gets it.
    assert board_delta.apply(old, json.loads(json.dumps(change)), new["version"]) == new


@UNTIMED
@given(snapshot())
def test_an_unchanged_board_says_nothing_and_the_old_board_is_left_alone(old):
    kept = json.loads(json.dumps(old))
    assert board_delta.between(old, old) == {}
    board_delta.apply(old, {"ideas": {"gone": [i["id"] for i in old["ideas"]]}}, "99.0")
    assert old == kept


def test_a_new_idea_on_a_board_of_many_is_sent_alone():
    old = {
        "workshop": {},
        "themes": [],
        "clusters": [],
        "participants": 2,
        "version": "1.0",
        "ideas": [{"id": i, "title": f"Idé {i}"} for i in range(400, 0, -1)],
    }
    new = {**old, "version": "2.0", "ideas": [{"id": 401, "title": "Ny"}, *old["ideas"]]}
    change = board_delta.between(old, new)
    assert change["ideas"]["set"] == [{"id": 401, "title": "Ny"}]
    assert "gone" not in change["ideas"] and "workshop" not in change


def test_a_change_that_does_not_fit_the_board_held_is_refused():
    held = {"version": "3.0", "ideas": [{"id": 1}], "workshop": {}}
    assert board_delta.apply(held, {"ideas": {"order": [1, 2]}}, "4.0") is None


def test_a_dot_sends_the_counts_that_moved_not_the_idea_again():
    """With votes shown a room's dots move a hundred counts a second: each idea held
    already is sent the fields that moved, not its title, description and comments again."""
    ideas = [
        {"id": i, "title": f"Idé {i}", "description": "x" * 400, "comments": [], "dots": 9 - i, "voters": 1}
        for i in (1, 2, 3)
    ]
    old = {"version": "5.0", "workshop": {}, "themes": [], "clusters": [], "participants": 3, "ideas": ideas}
    moved = [ideas[0], ideas[1], {**ideas[2], "dots": 9, "voters": 2}]  # idea 3 is first now
    new = {**old, "version": "5.1", "ideas": [moved[2], moved[0], moved[1]]}
    change = board_delta.between(old, new)
    # The new order is the board's by support: said in a word, not with every id.
    assert change == {"ideas": {"patch": [{"id": 3, "dots": 9, "voters": 2}], "sort": "support"}}
    assert board_delta.apply(old, change, "5.1") == new
    # A patch for an idea the board does not hold does not fit: the tablet fetches.
    assert board_delta.apply({**old, "ideas": ideas[:2]}, change, "5.1") is None


def test_a_second_of_dots_on_a_big_board_does_not_send_every_id():
    """With votes shown each second of dots reorders the board: the ids of 2,000 ideas were
    10 KB of the change every tablet was sent each second."""
    ideas = [{"id": i, "title": f"Idé {i}", "dots": 0, "voters": 0} for i in range(1, 2001)]
    old = {"version": "7.0", "workshop": {}, "themes": [], "clusters": [], "participants": 9, "ideas": ideas}
    dotted = [{**i, "dots": 1, "voters": 1} if i["id"] % 15 == 0 else i for i in ideas]
    new = {**old, "version": "7.1", "ideas": sorted(dotted, key=board.by_support)}
    change = board_delta.between(old, new)
    assert change["ideas"]["sort"] == "support" and "order" not in change["ideas"]
    # Encoded as the push encodes it: the 133 counts that moved, without 2,000 ids (8.9 KB).
    assert len(json.dumps(change, separators=(",", ":"))) < 5_000
    assert board_delta.apply(old, json.loads(json.dumps(change)), "7.1") == new
