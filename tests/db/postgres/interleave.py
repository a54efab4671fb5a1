"""Forcing the order of two transactions: run one until it is done or waits for a lock.

The race tests hold transaction A open at a chosen point, then let B run as far as it
can. Today's code lets B finish; the fixed code makes B wait for a lock A holds. Either
way the test needs to know when B has got as far as it will, without sleeping a guessed
time: PostgreSQL says so in `pg_stat_activity` (a backend waiting for a lock has
`wait_event_type = 'Lock'`, row locks and advisory locks alike).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from db.session import engine_for
from tests.when import pause

PATIENCE_SECONDS = 60


def waiting_for_locks(url: str) -> int:
    """How many connections to this test database wait for a lock right now."""
    with engine_for(url).connect() as conn:
        return conn.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        )


class Concurrent:
    """`fn()` on a thread (so on a connection) of its own; its result or error kept for the test."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self._fn = fn
        self._result: Any = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            self._result = self._fn()
        except BaseException as err:  # noqa: BLE001 - the test asserts on whatever it was
            self.error = err

    def start(self) -> Concurrent:
        self._thread.start()
        return self

    def until_done_or_waiting(self, url: str) -> Concurrent:
        """Start, and return once `fn` has finished or waits for a lock someone else holds."""
        self.start()
        deadline = time.monotonic() + PATIENCE_SECONDS
        while self._thread.is_alive() and not waiting_for_locks(url):
            assert time.monotonic() < deadline, "neither finished nor waited for a lock"
            pause(0.005)
        return self

    def finish(self) -> Concurrent:
        self._thread.join(PATIENCE_SECONDS)
        assert not self._thread.is_alive(), "still running: a deadlock between the two?"
        return self

    def result(self) -> Any:
        self.finish()
        if self.error is not None:
            raise self.error
        return self._result


class Pause:
    """A point where one thread stops until the test lets it go on."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self._go = threading.Event()

    def here(self) -> None:
        self.reached.set()
        assert self._go.wait(PATIENCE_SECONDS), "the test never let this thread go on"

    def wait_reached(self) -> None:
        assert self.reached.wait(PATIENCE_SECONDS), "the thread never reached its pause"

    def go(self) -> None:
        self._go.set()
