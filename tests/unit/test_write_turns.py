"""Tablet writes take their turn on threads of their own, in order, and leave the pool to reads."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool

from api import write_turns

# More writes than Starlette's pool has threads (anyio's default of 40): were they on that
# pool, the read would find no thread.
WRITES = 40 + write_turns.WRITERS

T = TypeVar("T")


async def _until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.002)):
        if condition():
            return
        await asyncio.sleep(0.002)
    raise AssertionError("waited in vain")


def _run(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """asyncio.run(main()) on a thread of its own: a test before may leave this thread's loop running."""
    result: list[T] = []
    runner = threading.Thread(target=lambda: result.append(asyncio.run(main())))
    runner.start()
    runner.join(60)
    assert result, "the event loop did not finish"
    return result[0]


def test_writes_run_a_few_at_a_time_in_the_order_they_came_while_reads_still_answer():
    gate = threading.Semaphore(0)  # one permit: one write may finish
    started: list[int] = []
    running, most = 0, 0
    guard = threading.Lock()

    def write(n: int) -> int:
        nonlocal running, most
        with guard:
            running += 1
            most = max(most, running)
            started.append(n)
        assert gate.acquire(timeout=10)
        with guard:
            running -= 1
        return n

    async def room() -> tuple[list[int], str]:
        writes = []
        for n in range(WRITES):
            writes.append(asyncio.create_task(write_turns.in_turn(write, n)))
            await asyncio.sleep(0.002)  # they arrive one after the other
        await _until(lambda: len(started) == write_turns.WRITERS)
        # Every write waits; a read still gets a thread and answers.
        read = await asyncio.wait_for(run_in_threadpool(lambda: "the board"), timeout=5)
        # One write at a time may finish; each finished write lets exactly one more start.
        for finished in range(1, WRITES + 1):
            gate.release()
            expected = min(WRITES, write_turns.WRITERS + finished)
            await _until(lambda: len(started) == expected)  # noqa: B023 (awaited at once)
        return await asyncio.gather(*writes), read

    done, read = _run(room)
    assert read == "the board"
    assert done == list(range(WRITES))
    assert most == write_turns.WRITERS
    # The first turns went at once (their threads start in any order); then first come, first served.
    assert sorted(started[: write_turns.WRITERS]) == list(range(write_turns.WRITERS))
    assert started[write_turns.WRITERS :] == list(range(write_turns.WRITERS, WRITES))


def test_each_event_loop_has_its_own_turns():
    """A test's second server (another loop) must not wait on a limiter of a loop that is gone."""

    async def answer() -> int:
        return await write_turns.in_turn(lambda: 42)

    for _ in range(2):
        assert _run(answer) == 42
