"""Push for a tablet's board: `GET /api/board/<code>/events`, Server-Sent Events.

Polling every 1.5 s put a change on the other tablets 1.0 s after it on average and up
to 1.8 s (docs/performance.md). Here a tablet holds one response open and is told each
new board version as this process learns it; it then fetches the snapshot as a poll would.

One watcher per workshop per process serves the room: while any tablet listens, it looks
the version up every PUSH_CHECK_SECONDS (one index seek, through api/board.py's cache and
its coalescing of votes) and, when it moved, encodes one message that every listener is
handed. 300 tablets listening cost four look-ups a second, not 300. The watcher reads the
database rather than being told by the writes, because the write may come from another
process behind the same proxy.

A held response spends one request of the tablet's budget when it opens, not one per
1.5 s. It says something at least every HEARTBEAT_SECONDS, so proxies with an idle
timeout (deploy/haproxy.cfg: `timeout server 60s`) keep it open, and it ends after
STREAM_SECONDS so connections do not outlive what they were opened for; the tablet opens
a new one. Whatever goes wrong, the tablet polls (components/board/board.js).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from api import board as board_api
from api import observed

PUSH_CHECK_SECONDS = 0.25
HEARTBEAT_SECONDS = 15.0
STREAM_SECONDS = 600.0
KEEP_SECONDS = 5.0
_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}


@dataclass
class Room:
    """What this process knows of one workshop's version, for everyone listening to it."""

    code: str
    loop: asyncio.AbstractEventLoop
    listeners: int = 0
    version: str | None = None
    message: bytes = b""
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    gone: bool = False  # the code no longer names a workshop
    watcher: asyncio.Task | None = None
    # The watcher outlives its last listener by this long: a response is made before its
    # stream starts, and a tablet reconnecting finds the room still warm.
    keep_until: float = 0.0


_rooms: dict[str, Room] = {}


def listeners(code: str) -> int:
    """How many responses of this process are listening to a workshop now (for tests)."""
    room = _rooms.get(code)
    return room.listeners if room else 0


def _room(code: str) -> Room:
    loop = asyncio.get_running_loop()
    room = _rooms.get(code)
    # A room belongs to the event loop its watcher runs in (tests start several).
    if room is None or room.loop is not loop or room.watcher is None or room.watcher.done():
        room = _rooms[code] = Room(code, loop)
        room.watcher = loop.create_task(_watch(room))
    return room


async def _watch(room: Room) -> None:
    try:
        while room.listeners or room.loop.time() < room.keep_until:
            found = await run_in_threadpool(board_api._version, room.code, PUSH_CHECK_SECONDS)
            version = None if found is None else found[1]
            if found is None:
                room.gone = True
            if version != room.version or found is None:
                room.version = version
                room.message = f"data: {json.dumps({'v': version, 'now': board_api._now()})}\n\n".encode()
                # Wake every listener at once: they all wait on this one event.
                woken, room.changed = room.changed, asyncio.Event()
                woken.set()
            if found is None:
                return
            await asyncio.sleep(PUSH_CHECK_SECONDS)
    finally:
        # Nobody listens any more (no await between that check and this): the room goes.
        if _rooms.get(room.code) is room:
            del _rooms[room.code]


async def _stream(room: Room) -> AsyncIterator[bytes]:
    room.listeners += 1
    try:
        ends = room.loop.time() + STREAM_SECONDS
        sent: str | None = None
        while room.loop.time() < ends:
            if room.version is not None and room.version != sent:
                sent = room.version
                yield room.message
            if room.gone:
                return
            try:
                await asyncio.wait_for(room.changed.wait(), HEARTBEAT_SECONDS)
            except TimeoutError:
                yield b": still here\n\n"
    finally:
        room.listeners -= 1
        room.keep_until = room.loop.time() + KEEP_SECONDS


async def events(request: Request) -> Response:
    """Each new version of the board, as it happens; the first message is the current one."""
    looked_up = await board_api._board(request)
    if isinstance(looked_up, Response):
        return looked_up
    room = _room(looked_up[0])
    room.keep_until = room.loop.time() + KEEP_SECONDS
    return StreamingResponse(_stream(room), media_type="text/event-stream", headers=_HEADERS)


def routes(prefix: str = "") -> list[Route]:
    """The push route under `prefix` (Streamlit's base URL path), beside api/board.py's."""
    path = f"{prefix}/api/board/{{code}}/events"
    return [Route(path, observed.observed(path, events), methods=["GET"])]
