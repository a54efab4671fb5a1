"""Work every simulated tablet of a room does alike, done once by the load generator.

In a room, each tablet parses the messages and snapshots it is sent and applies the pushed
changes on its own processor. Here one process plays all the tablets, on the same two
cores as the server: parsing the same bytes a thousand times made the generator, not the
server, the slowest part of a 1,000-tablet run (during the vote it used 0.9 of a core
against the server's 0.35, and its event loop woke up to 11 s late).

The same bytes parse to the same value, and a change applied to the same board gives the
same board, so each is computed once and shared. No tablet changes what it holds (`apply`
makes a new board), so sharing is safe. The server is sent exactly what it was before.
The tablets' timings leave out the parsing a real tablet would do on its own processor.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

from api import board_delta

# Enough for the few kinds of message one wake sends (per count of dots spent) and the
# snapshots of the last versions; each entry keeps its objects alive, so their ids stay theirs.
KEEP = 64

# The versions the room's tablets hold, each with the next version applied: tablets that
# fell behind hold older boards, and each wake's messages differ by the count of dots.
KEEP_APPLIED = 1024

_parsed: OrderedDict[bytes, Any] = OrderedDict()
_applied: OrderedDict[tuple[str, str], dict | None] = OrderedDict()
_ideas: OrderedDict[int, tuple[dict, frozenset[int]]] = OrderedDict()
_new_ideas: OrderedDict[tuple[str, str], frozenset[int]] = OrderedDict()


def _remember(memo: OrderedDict, key: Any, value: Any, keep: int = KEEP) -> None:
    memo[key] = value
    if len(memo) > keep:
        memo.popitem(last=False)


def parsed(raw: bytes) -> Any:
    """json.loads(raw), once per distinct bytes."""
    found = _parsed.get(raw)
    if found is None:
        found = json.loads(raw)
        _remember(_parsed, raw, found)
    return found


def applied(board: dict, change: dict, version: str) -> dict | None:
    """board_delta.apply(board, change, version), once per version applied to and version.

    The server pushes one change from a version to the next (api/board_push.py encodes it
    once per room), however many messages, with their different counts of dots, carry it;
    and a version names one snapshot of the room's board, however a tablet came to hold it
    (fetched, or changes applied: tests/unit/test_board_delta.py). Keyed by the board
    object instead, tablets that had fetched their boards at different moments each
    applied every change anew: at 1,000 tablets with votes shown, 2,000 ideas sorted by
    support a thousand times a second, and this generator's loop ran out of CPU.
    """
    key = (board["version"], version)
    if key not in _applied:
        _remember(_applied, key, board_delta.apply(board, change, version), KEEP_APPLIED)
    return _applied[key]


def idea_ids(board: dict) -> frozenset[int]:
    """The ids of a board's ideas, once per board."""
    found = _ideas.get(id(board))
    if found is None:
        found = (board, frozenset(idea["id"] for idea in board["ideas"]))
        _remember(_ideas, id(board), found)
    return found[1]


def new_ideas(before: dict, after: dict) -> frozenset[int]:
    """The ids of ideas on board `after` that board `before` did not hold (none: `{}`),
    once per pair of versions."""
    if not before:
        return idea_ids(after)
    key = (before["version"], after["version"])
    found = _new_ideas.get(key)
    if found is None:
        found = idea_ids(after) - idea_ids(before)
        _remember(_new_ideas, key, found, KEEP_APPLIED)
    return found


def forget() -> None:
    """Between runs: nothing of one run's room is shared with the next."""
    _parsed.clear()
    _applied.clear()
    _ideas.clear()
    _new_ideas.clear()
