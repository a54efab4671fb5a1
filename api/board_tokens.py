"""The participant tokens this process has seen, with their participant and workshop.

A polling tablet then costs no look-up per request, and a dot none before its write (the
write transaction is SQLite's one writer's turn, which a room voting at once queues for).
A token names the same participant for as long as the participant exists, so the answer
keeps; it is kept a minute all the same: a participant whose workshop closed meanwhile
loses access to its board within that (a dot's own update checks the phase anyway).
"""

from __future__ import annotations

import threading
import time

from db.session import read_scope
from services.workshop import participants

TTL_SECONDS = 60.0
_seen: dict[str, tuple[float, int, int]] = {}  # token -> (when, participant id, workshop id)
_lock = threading.Lock()


def known(token: str) -> tuple[int, int] | None:
    """(participant id, workshop id) of a token seen within the last minute, else None.

    Never waits for the database: the routes ask it on the event loop."""
    with _lock:
        seen = _seen.get(token)
    if seen and time.monotonic() - seen[0] < TTL_SECONDS:
        return seen[1], seen[2]
    return None


def look_up(token: str) -> tuple[int, int] | None:
    """(participant id, workshop id) of a token, from memory or the database; None if unknown."""
    found = known(token)
    if found is not None:
        return found
    with read_scope() as session:
        found = participants.ids_of_token(session, token)
    if found is not None:
        with _lock:
            if len(_seen) > 50_000:
                _seen.clear()
            _seen[token] = (time.monotonic(), *found)
    return found


def forget_all() -> None:
    """Start afresh; for tests, whose databases reuse ids."""
    with _lock:
        _seen.clear()
