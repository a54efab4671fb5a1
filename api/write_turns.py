"""A tablet's writes (dots, ideas, comments) wait for their turn on the event loop, in the
order they came, instead of in the request threads.

One database writer at a time does the work anyway: SQLite lets one in, and this process's
writers queue on a lock of their own before it (db/session.py); on PostgreSQL every dot of
a room updates its workshop's row. Run in Starlette's shared pool of 40 threads, a room
of 1,000 tablets voting with votes shown filled all 40 with dots waiting on that lock,
and the reads behind them (`/me`, `/snapshot`, the hint) waited for a thread: `/me`, one
read, took 984 ms of route time at p50. Writes now take one of a few threads of their own,
handed out first come, first served (anyio's CapacityLimiter), and leave the pool to the
reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from anyio import CapacityLimiter, to_thread
from anyio.lowlevel import RunVar

T = TypeVar("T")

# Threads a process's tablet writes may hold at once: enough that the next writer has its
# connection and statements ready when the lock frees, few enough to leave the pool's
# threads to reads.
WRITERS = 4

# One limiter per event loop (a test may run several servers), as anyio keeps its own.
_limiter: RunVar[CapacityLimiter] = RunVar("samskab_write_turns")


def _turns() -> CapacityLimiter:
    try:
        return _limiter.get()
    except LookupError:
        limiter = CapacityLimiter(WRITERS)
        _limiter.set(limiter)
        return limiter


async def in_turn(write: Callable[..., T], *args: object) -> T:
    """`write(*args)` in a worker thread, once it is this write's turn."""
    return await to_thread.run_sync(write, *args, limiter=_turns())
