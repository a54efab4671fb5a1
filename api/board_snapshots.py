"""The snapshot a tablet fetches: built once per version, encoded once, and while this
process's push watcher follows the room, the one the watcher built last.

A room of 1,000 tablets adding ideas moved its version ten times a second, and a board of
1,400 ideas took 22 ms of CPU to build (10 ms since). Joins, look-alike hints and
catch-ups each asked for the newest version, so nearly every version was built, and the
builds filled the process (docs/performance.md). While a watcher follows a workshop
(api/board_push.py), it builds the snapshot of each new version it finds, at most four a
second, and tells its listeners that version; `/snapshot` and the hint serve that
snapshot, the one its tablets were told of, and build nothing. Without a watcher (no
tablet listening here), a request builds the version it found, as before.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections import OrderedDict
from typing import Any

from db.session import read_scope
from services.workshop import board

Found = tuple[int, str, bool]  # (workshop id, version, closed), as api/board.py looks it up

# code -> (workshop id, the snapshot the room's watcher built last)
_watched: dict[str, tuple[int, dict[str, Any]]] = {}

# Encoded snapshots, gzipped once per version: a room's Wi-Fi carries each board change
# to hundreds of tablets, and a board of 400 ideas compresses about eightfold.
_encoded: OrderedDict[tuple[str, str], tuple[bytes, bytes]] = OrderedDict()
_encoded_lock = threading.Lock()
KEEP_ENCODED = 64


def watching(code: str, workshop_id: int, snapshot: dict[str, Any] | None) -> None:
    """The room's watcher has built this snapshot (None: the code names no board any more)."""
    if snapshot is None:
        unwatched(code)
    else:
        _watched[code] = (workshop_id, snapshot)


def unwatched(code: str) -> None:
    """Nobody listens here any more: requests build the version they find again."""
    _watched.pop(code, None)


def watched(code: str, workshop_id: int) -> dict[str, Any] | None:
    """The snapshot the room's watcher built last, if one follows this workshop."""
    held = _watched.get(code)
    return held[1] if held is not None and held[0] == workshop_id else None


def current(code: str, found: Found) -> dict[str, Any] | None:
    """The snapshot to serve: the watcher's, else the version found, built once (in a worker thread)."""
    held = watched(code, found[0])
    if held is not None:
        return held
    with read_scope() as session:
        return board.cached_snapshot(session, code, (found[0], found[1]))


def encoded_already(code: str, found: Found) -> tuple[bytes, bytes] | None:
    """(JSON, gzipped JSON) to serve, if encoded already: taken on the event loop."""
    held = watched(code, found[0])
    version = held["version"] if held is not None else found[1]
    with _encoded_lock:
        return _encoded.get((code, version))


def encoded(code: str, found: Found) -> tuple[bytes, bytes]:
    """(JSON, gzipped JSON) of the snapshot to serve, encoded once per version."""
    data = current(code, found)
    key = (code, data["version"] if data is not None else found[1])
    with _encoded_lock:
        if key in _encoded:
            return _encoded[key]
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    both = (raw, gzip.compress(raw, compresslevel=5))
    with _encoded_lock:
        _encoded[key] = both
        while len(_encoded) > KEEP_ENCODED:
            _encoded.popitem(last=False)
    return both


def forget() -> None:
    """Start afresh; for tests, whose databases reuse codes and versions."""
    _watched.clear()
    with _encoded_lock:
        _encoded.clear()
