"""The load generator's shared work (benchmarks/room_work.py): once per distinct input, and
the same answer each tablet would have computed on its own."""

from __future__ import annotations

import json

from api import board_delta
from benchmarks import room_work
from tests.unit.test_board_follow import boards


def setup_function() -> None:
    room_work.forget()


def test_the_same_bytes_parse_once_to_what_json_gives() -> None:
    old, new = boards(2)
    message = {"v": new["version"], "base": old["version"], "change": board_delta.between(old, new)}
    raw = json.dumps(message).encode()
    first = room_work.parsed(raw)
    assert first == json.loads(raw)
    assert room_work.parsed(bytes(raw)) is first  # equal bytes from another tablet's socket
    assert room_work.parsed(raw.replace(b'"v"', b'"v" ')) is not first


def test_a_change_applied_once_per_pair_of_versions_gives_what_apply_gives() -> None:
    old, new = boards(2)
    change = board_delta.between(old, new)
    after = room_work.applied(old, change, new["version"])
    assert after == board_delta.apply(old, change, new["version"]) == new
    # The same change parsed from another message (another count of dots spent).
    assert room_work.applied(old, json.loads(json.dumps(change)), new["version"]) is after
    # Another tablet's board of the same version (fetched at another moment): the same answer.
    assert room_work.applied(json.loads(json.dumps(old)), change, new["version"]) is after
    # Another version applied to, or another version reached: computed anew.
    newest = boards(3)[2]
    assert room_work.applied(new, board_delta.between(new, newest), newest["version"]) == newest


def test_the_ideas_new_to_a_board_are_those_the_board_before_did_not_hold() -> None:
    one, _, three = boards(3)
    assert room_work.new_ideas({}, one) == {1}  # a tablet that held no board yet
    assert room_work.new_ideas(one, three) == {2, 3}
    assert room_work.new_ideas(three, three) == set()


def test_idea_ids_are_the_boards_own() -> None:
    board = boards(3)[2]
    assert room_work.idea_ids(board) == {3, 2, 1}
    assert room_work.idea_ids(boards(1)[0]) == {1}


def test_what_is_kept_stays_within_bounds() -> None:
    for n in range(room_work.KEEP * 2):
        room_work.parsed(json.dumps({"n": n}).encode())
    assert len(room_work._parsed) == room_work.KEEP
