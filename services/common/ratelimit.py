"""Request budgets per key (an address, an address and a token, ...): a token bucket in memory.

A bucket holds up to `count` requests and refills at `count` per `period` seconds, so a
client may burst up to its whole budget and then goes on at the steady rate. Memory: one
(tokens, time) pair per key seen lately; full buckets are dropped when there are too many.

The budgets live in the process: with several app processes behind a proxy each process
keeps its own, so a client spread over them gets up to that many times the budget.
The clock is injectable so tests move time by hand instead of sleeping.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Hashable


class RateLimiter:
    def __init__(
        self,
        count: int,
        period: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        """`count` requests per `period` seconds per key; a count of 0 turns the limit off."""
        self.count = count
        self.period = period
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: dict[Hashable, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def _level(self, key: Hashable, now: float) -> float:
        """The requests left in `key`'s bucket at `now`."""
        tokens, then = self._buckets.get(key, (float(self.count), now))
        return min(float(self.count), tokens + (now - then) * self.count / self.period)

    def _wait(self, level: float) -> float:
        return (1.0 - level) * self.period / self.count

    def retry_after(self, key: Hashable) -> float:
        """Seconds until `key` may make a request; 0.0 if it may now. Spends nothing."""
        if self.count <= 0:
            return 0.0
        with self._lock:
            level = self._level(key, self.clock())
        return 0.0 if level >= 1.0 else self._wait(level)

    def hit(self, key: Hashable) -> float:
        """Spend one request of `key`'s budget: 0.0 if it was there, else seconds to wait."""
        if self.count <= 0:
            return 0.0
        now = self.clock()
        with self._lock:
            level = self._level(key, now)
            if level < 1.0:
                # A refused request spends nothing, so a client that backs off gets back in.
                self._buckets[key] = (level, now)
                return self._wait(level)
            self._buckets[key] = (level - 1.0, now)
            if len(self._buckets) > self.max_keys:
                self._forget_full(now)
        return 0.0

    def _forget_full(self, now: float) -> None:
        # A full bucket is the same as no bucket; if all are in use, start afresh rather
        # than let a flood of new keys (addresses, made-up tokens) grow memory forever.
        for key in [k for k in self._buckets if self._level(k, now) >= self.count]:
            del self._buckets[key]
        if len(self._buckets) > self.max_keys:
            self._buckets.clear()

    def forget(self, key: Hashable) -> None:
        """Give `key` its whole budget back."""
        with self._lock:
            self._buckets.pop(key, None)

    def reset(self) -> None:
        with self._lock:
            self._buckets.clear()


def whole_seconds(wait: float) -> int:
    """A wait as the whole seconds of a Retry-After header (at least 1)."""
    return max(1, math.ceil(wait))
