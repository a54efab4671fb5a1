"""Push for a tablet's board: `GET /api/board/<code>/events`, Server-Sent Events.

Polling every 1.5 s put a change on the other tablets 1.0 s after it on average and up
to 1.8 s (docs/performance.md). Here a tablet holds one response open and is told each
new board version as this process learns it. A participant's tablet is told what changed
too (api/board_delta.py) and applies it to the board it holds, so a new version costs the
room no request at all; a stranger, or a tablet that fell further behind than the room
remembers, fetches the snapshot as a poll would.

One watcher per workshop per process serves the room: while any tablet listens, it looks
the version up every PUSH_CHECK_SECONDS (one index seek, through api/board.py's cache and
its coalescing of votes) and, when it moved, encodes one message that every listener is
handed. 300 tablets listening cost four look-ups a second, not 300. For each new version it
builds the snapshot once (the one `/snapshot` serves) and encodes its change from the one
before once; the listeners get the same bytes. The room keeps the last 16 such changes
(api/board_changes.py): under load a listener's response may be woken once for two new
versions, and it is then sent each change from the version it was last sent, in order,
not the newest alone, which its tablet could not apply (the steps before the newest carry
no "now" or dots; each is encoded once per version). With the version it
reads the dots each participant of the room has spent (one query for the room), and a
listener whose own participant's count moved hears it too (`"dots_used"`): a dot from the
participant's other device moves no version while votes are hidden, and the tablet would
otherwise have to ask for its own state every few seconds to see it. The watcher reads the
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
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

import logs
from api import board as board_api
from api import board_changes, board_delta, board_snapshots, board_tokens, observed
from db.session import read_scope
from services.workshop import board, participants

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
    workshop_id: int | None = None
    snapshot: dict | None = None  # the board at `version`
    # The last versions' changes, for participants; the newest ends at `version`, unless
    # that version came with none worth pushing (then there are none).
    changes: board_changes.Changes = field(default_factory=board_changes.Changes)
    # Each listener's own wake-up, with its participant's id (None for a stranger): a new
    # version wakes them all, a count of dots spent only its participant's listeners.
    listening: dict[asyncio.Event, int | None] = field(default_factory=dict)
    beat: int = 0  # heartbeats so far: every listener says something at each
    next_beat: float = 0.0
    # The messages of this wake, one per kind of listener (dots spent, the version it was
    # sent last if it is told the changes since): a room of 1,000 tablets encodes about
    # ten, not 1,000.
    said: dict[tuple[int | None, str | None], bytes] = field(default_factory=dict)
    gone: bool = False  # the code no longer names a workshop
    watcher: asyncio.Task | None = None
    spent: dict[int, int] = field(default_factory=dict)  # participant id -> dots spent
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
        room = _rooms[code] = Room(code, loop, next_beat=loop.time() + HEARTBEAT_SECONDS)
        room.watcher = loop.create_task(_watch(room))
    return room


def _spent(workshop_id: int) -> dict[int, int]:
    with read_scope() as session:
        return participants.dots_spent_in(session, workshop_id)


def _board_and_change(
    code: str, found: tuple[int, str, bool], before: dict | None
) -> tuple[dict | None, str]:
    """The snapshot at the version found, and its change from `before` encoded ("" when
    there is no `before`, or the change is too big to be worth pushing)."""
    with read_scope() as session:
        now = board.cached_snapshot(session, code, (found[0], found[1]))
    if now is None or before is None:
        return now, ""
    change = json.dumps(board_delta.between(before, now), ensure_ascii=False, separators=(",", ":"))
    return now, change if len(change.encode()) <= board_delta.MAX_CHANGE_BYTES else ""


def _encode(fields: dict, change: str = "") -> bytes:
    """One SSE message; `change` is spliced in as encoded, not encoded again per listener."""
    said = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    if change:
        said = f'{said[:-1]},"change":{change}}}'
    return f"data: {said}\n\n".encode()


async def _watch(room: Room) -> None:
    try:
        while room.listeners or room.loop.time() < room.keep_until:
            try:
                if not await _check(room):
                    return
            except Exception as error:  # noqa: BLE001 - a database hiccup must not silence the room
                # Logged with a reference; the next check tries again, and the tablets'
                # safety-net polls carry on meanwhile.
                logs.unexpected(error, where="board_push.watch")
            _beat_if_due(room)
            await asyncio.sleep(PUSH_CHECK_SECONDS)
    finally:
        # Nobody listens any more (no await between that check and this): the room goes.
        if _rooms.get(room.code) is room:
            del _rooms[room.code]
            board_snapshots.unwatched(room.code)


async def _check(room: Room) -> bool:
    """Look the room's version up and tell the listeners what moved; False once the code
    names no workshop any more."""
    found = await board_api.version_of(room.code, PUSH_CHECK_SECONDS)
    if found is None:
        room.gone, room.version = True, None
        _wake(room)  # each listener's response ends
        return False
    spent = await run_in_threadpool(_spent, found[0])
    version = found[1]
    if version != room.version:
        snapshot, change = await run_in_threadpool(_board_and_change, room.code, found, room.snapshot)
        _moved(room, found[0], version, snapshot, change)
        room.spent = spent
        _wake(room)
    elif spent != room.spent:
        _told_of_dots(room, spent)
    return True


def _told_of_dots(room: Room, spent: dict[int, int]) -> None:
    """New counts of dots spent, at the same version: only the listeners of participants
    whose count moved have anything to hear. A room voting with hidden votes moves some
    counts at every check, four a second; waking all 1,000 listeners each time for the
    thirty who dotted cost the event loop more than the dots themselves."""
    moved = {pid for pid in spent.keys() | room.spent.keys() if spent.get(pid) != room.spent.get(pid)}
    room.spent = spent
    room.said = {}
    for wake, participant_id in room.listening.items():
        if participant_id in moved:
            wake.set()


def _moved(room: Room, workshop_id: int, version: str, snapshot: dict | None, change: str) -> None:
    """The room at a new version, with its snapshot and its change (encoded) from the one
    before, kept with the last few; no await in here, so no listener sees half of it."""
    before = room.snapshot
    if before and change:
        said = _encode({"v": version, "base": before["version"]}, change)
        room.changes.add(board_changes.Step(before["version"], version, change, said))
    else:
        room.changes.clear()
    room.snapshot, room.workshop_id, room.version = snapshot, workshop_id, version
    # What /snapshot and the hint serve from now on: the version the listeners are told.
    board_snapshots.watching(room.code, workshop_id, snapshot)


def _message(room: Room, spent: int | None, held: str | None, fresh: bool) -> bytes:
    """What a listener is told: the version, its participant's dots spent and, when `held`
    (the version it was sent last, for a participant) is one the room's changes start from,
    those changes: one message per version, in order, the newest carrying the rest.

    Encoded once per kind of listener per wake; the steps before the newest are the room's
    bytes, encoded once per version. A new listener's (`fresh`) is its own: the tablet sets
    its clock's offset from "now", which must not be a wake's of long ago.
    """
    key = (spent, held)
    if not fresh and key in room.said:
        return room.said[key]
    chain = None
    if held is not None and room.version is not None:
        chain = room.changes.since(held, room.version, board_delta.MAX_CHANGE_BYTES)
    fields: dict = {"v": room.version, "now": board_api._now()}
    if spent is not None:
        fields["dots_used"] = spent
    if chain:
        fields["base"] = chain[-1].base
        message = b"".join([*(step.said for step in chain[:-1]), _encode(fields, chain[-1].change)])
    else:
        message = _encode(fields)
    if not fresh:
        room.said[key] = message
    return message


def _wake(room: Room) -> None:
    """Wake every listener at once."""
    room.said = {}
    for wake in room.listening:
        wake.set()


def _beat_if_due(room: Room) -> None:
    """Every HEARTBEAT_SECONDS each listener says something, even with nothing new, so a
    proxy does not take its response for idle. One timer for the room: a timeout of its
    own on each listener's wait made every wake cost a task and a timer per listener."""
    now = room.loop.time()
    if now >= room.next_beat:
        room.beat += 1
        room.next_beat = now + HEARTBEAT_SECONDS
        _wake(room)


async def _stream(room: Room, member: tuple[int, int] | None) -> AsyncGenerator[bytes, None]:
    """`member`: the listener's (participant id, workshop id), None for a stranger."""
    room.listeners += 1
    wake = asyncio.Event()
    room.listening[wake] = member[0] if member is not None else None
    try:
        ends = room.loop.time() + STREAM_SECONDS
        sent: str | None = None
        told: int | None = None  # the dots spent this listener was last told of
        beat = room.beat
        while room.loop.time() < ends:
            # Cleared before the state is read: a wake that comes while this message is
            # being sent (a slow tablet, a busy loop) is not slept through to the next.
            wake.clear()
            # Only the room's own participants are told what changed: once the workshop
            # closes, its board is theirs alone (api/board.py _board).
            ours = member is not None and member[1] == room.workshop_id
            spent = room.spent.get(member[0]) if member is not None else None
            if room.version is not None and (room.version != sent or spent != told):
                # Sent the changes from the version it was sent last, however many wakes
                # it missed, while the room still has them; else its tablet fetches.
                held = sent if ours and sent is not None and sent != room.version else None
                fresh = sent is None
                sent, told = room.version, spent
                yield _message(room, spent, held, fresh)
            elif room.beat != beat:
                yield b": still here\n\n"
            beat = room.beat
            if room.gone:
                return
            await wake.wait()
    finally:
        del room.listening[wake]
        room.listeners -= 1
        room.keep_until = room.loop.time() + KEEP_SECONDS


async def events(request: Request) -> Response:
    """Each new version of the board, as it happens; the first message is the current one."""
    looked_up = await board_api._board(request)
    if isinstance(looked_up, Response):
        return looked_up
    token = request.headers.get(board_api.TOKEN_HEADER)
    # _board has just looked the token up (api/board_tokens.py): from memory, on the loop.
    member = board_tokens.known(token) if token else None
    if member is None and token:
        member = await run_in_threadpool(_participant_of, token)
    room = _room(looked_up[0])
    room.keep_until = room.loop.time() + KEEP_SECONDS
    return StreamingResponse(_stream(room, member), media_type="text/event-stream", headers=_HEADERS)


def _participant_of(token: str | None) -> tuple[int, int] | None:
    """(participant id, workshop id) of a listener's token, or None: a stranger hears versions only."""
    return board_tokens.look_up(token) if token else None


def routes(prefix: str = "") -> list[Route]:
    """The push route under `prefix` (Streamlit's base URL path), beside api/board.py's."""
    path = f"{prefix}/api/board/{{code}}/events"
    return [Route(path, observed.observed(path, events), methods=["GET"])]
