"""Following a workshop board on the wire as components/board/board.js does, for the load
benchmark (benchmarks/tablet.py is the person holding the tablet).

The board holds the push stream `/api/board/<code>/events` open. A pushed version that
comes with what changed from the board it holds is applied to it (api/board_delta.py, as
components/board/delta.js does); another newer version fetches `/snapshot` straight away
(the message carries the version). A change from a version the board does not hold yet
(it is fetching a snapshot) is kept, and applied once the board holds that version; a
poll asked for during a fetch fetches after it only if the board is still behind.
A timer ticks every 1.5 s: it polls `/version` (and `/snapshot` if it moved) when the push
is not heard, and once in 20 ticks anyway. The participant's own state (`/me`) is asked for
when the phase moved, with that 20th tick, when the push told news of its participant's
count of dots spent (it moved since the count pushed before) that is not the count it holds
(their other device; put off to the next tick while its own write is on its way), and,
while voting without the push, every second tick; an action's reply carries it otherwise.

It does what components/board/follow.js does, message for message: the unit tests
(tests/unit/test_board_follow.py) feed it pushes and answers with no server.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlparse

from benchmarks import room_work
from benchmarks.stclient import Session, http_get, open_http

POLL_SECONDS = 1.5  # the board's tick (app_pages/participant.py POLL_MS)
ME_EVERY_TICKS = 2  # board.js ME_EVERY_TICKS: while voting, own state every second tick
POLL_EVERY_TICKS_PUSHED = 20  # board.js: with push heard, still poll (and ask /me) once in this many ticks
KEEP_CHANGES = 16  # follow.js KEEP_CHANGES: pushed changes kept until the board holds their base


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # When each of those requests was answered (perf_counter), in the same order: the report
    # shows how the latencies moved through the run, window by window.
    answered: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # What the route itself took, by its Server-Timing header (api/observed.py): the rest of
    # a latency is waiting, in the server's queues or this load generator's event loop.
    server: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    # A person who taps just as the facilitator moves on is refused with a message: counted,
    # but not an error.
    late: int = 0
    moved_at: float = float("inf")  # when the facilitator opened the vote
    started_at: float = 0.0  # when the run started (perf_counter)
    # The server's garbage collections during the run, by generation ("0", "1", "2"):
    # [count, seconds in all, longest] (benchmarks/gc_pauses/).
    collections: dict[str, list[float]] = field(default_factory=dict)
    taps: dict[int, float] = field(default_factory=dict)  # idea id -> request start of its add
    # (idea id, tablet number, when it first held the idea in a snapshot, when it had joined)
    sightings: list[tuple[int, int, float, float]] = field(default_factory=list)
    seen: list[float] = field(default_factory=list)  # propagation delays, filled by propagation()
    missed: int = 0  # ideas a tablet never held although they were added after it joined
    polls: list[float] = field(default_factory=list)  # whole polls (version and/or snapshot, me if due)
    pushed: int = 0  # push messages heard
    applied: int = 0  # pushed changes applied to the board held, with no request (kept ones too)
    push_failures: int = 0  # push streams that ended before their first message
    ideas_per_tablet: list[int] = field(default_factory=list)
    rss_peak_kb: int = 0
    cpu_seconds: float = 0.0
    client_cpu: float = 0.0  # CPU seconds of the load generator itself over the run
    # How late the load generator's event loop woke from a 0.1 s sleep, sampled all along: a
    # latency no larger than this may be the generator's own wait, not the server's.
    client_lag: list[float] = field(default_factory=list)
    load: tuple = ((0.0, 0.0, 0.0), (0.0, 0.0, 0.0))  # load average before and after the run

    def record(self, kind: str, started: float) -> None:
        """A request of `kind`, started at `started` (perf_counter), has been answered now."""
        now = time.perf_counter()
        self.latencies[kind].append(now - started)
        self.answered[kind].append(now)


def newer(version: str, than: str | None) -> bool:
    """board.js newer(): versions are "<board>.<votes>", two counters that only grow."""
    if not than:
        return True
    board, votes = map(int, version.split("."))
    board0, votes0 = map(int, than.split("."))
    return board > board0 or (board == board0 and votes > votes0)


def propagation(stats: Stats, tablets: Sequence[BoardFollower]) -> None:
    """Fill stats.seen and stats.missed once the workshop is over."""
    delays = []
    for idea_id, _, seen_at, joined_at in stats.sightings:
        tapped = stats.taps.get(idea_id)
        if tapped is not None and tapped >= joined_at:
            delays.append(seen_at - tapped)
    stats.seen = delays
    for tablet in tablets:
        if tablet.joined_at is None:
            continue
        due = {i for i, tapped in stats.taps.items() if tapped >= tablet.joined_at}
        stats.missed += len(due - tablet.seen_ideas - tablet.mine)


class BoardFollower:
    """What board.js does to follow the room, on the wire (the person is in benchmarks/tablet.py)."""

    def __init__(self, url: str, code: str, stats: Stats, number: int, pace: dict) -> None:
        self.url, self.code, self.stats, self.number, self.pace = url, code, stats, number, pace
        self.netloc = urlparse(url).netloc
        self.scheme = urlparse(url).scheme
        self.base = f"/api/board/{code}"
        self.rng = random.Random(number)
        self.session = Session(url)
        self.token = ""
        self.snapshot: dict = {}
        self.me: dict = {}
        self.mine: set[int] = set()
        self.seen_ideas: set[int] = set()
        self.joined_at: float | None = None
        self.ideas = 0
        self.ticks = 0
        self.polling = False
        self.again: str | None = None  # "version" or "snapshot": poll again after this one
        self.catch_ups = 0
        self.dots_used: int | None = None  # the count of dots spent the push last told of
        self.dots_news = False  # that count moved and is not checked yet (follow.js checkDots)
        self.me_seq = 0  # bumped whenever `me` is set, so an older /me answer is dropped
        self.kept: dict[str, tuple[str, dict]] = {}  # base -> (version, change) pushed, waiting for its base
        self.acting = False  # a write of its own is waiting for its answer (board.js state.pending)
        self.need_me = False  # the phase moved: ask for the participant's own state
        self.asking_me = False  # a /me question is under way
        self.target: str | None = None  # the newest version pushed
        self.heard = False  # the push stream in use has said something
        self.done = asyncio.Event()
        self.http: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None  # polls
        self.http_lock = asyncio.Lock()
        self.dots_http: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None  # writes
        self.background: set[asyncio.Task] = set()

    # --- HTTP -----------------------------------------------------------------------------

    def _later(self, what, *args, delay: float = 0.0) -> None:
        """board.js setTimeout(what, delay): `what(*args)` in the background (none once done)."""
        if self.done.is_set():
            return

        async def run():
            if delay:
                await asyncio.sleep(delay)
            try:
                await what(*args)
            except Exception as err:  # noqa: BLE001 - a failure in the background is a finding too
                self.stats.errors.append(f"{what.__name__}: {type(err).__name__} {err}")

        task = asyncio.create_task(run())
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    async def _request(
        self, slot: str, path: str, body: bytes | None = None
    ) -> tuple[int, bytes, float | None]:
        """One request on the tablet's kept-alive connection `slot` ("http" or "dots_http").

        Like a browser, a kept-alive connection the server has closed meanwhile is replaced
        once, silently.
        """
        for attempt in (1, 2):
            conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = getattr(self, slot)
            if conn is None:
                conn = await open_http(self.url)
                setattr(self, slot, conn)
            reader, writer = conn
            try:
                return await http_get(reader, writer, self.netloc, path, body, self.token, self.scheme)
            except (IndexError, ValueError, ConnectionError, asyncio.IncompleteReadError):
                writer.close()
                setattr(self, slot, None)
                if attempt == 2:
                    raise
            except asyncio.CancelledError:
                # Cancelled halfway through a response: the connection would hand its rest
                # to the next request.
                writer.close()
                setattr(self, slot, None)
                raise
        raise AssertionError("unreachable")

    async def post(self, kind: str, fields: dict, route: str | None = None) -> tuple[int, dict] | None:
        """POST a board write or hint route (board.js post(); `route`, else `kind`), timed as
        `kind`; None if it failed."""
        body = json.dumps({"token": self.token, "lang": "da", **fields}).encode()
        started = time.perf_counter()
        self.acting = kind != "similar"
        try:
            status, raw, server_ms = await self._request("dots_http", f"{self.base}/{route or kind}", body)
        except Exception as err:  # noqa: BLE001 - every failure is a finding
            self.stats.errors.append(f"{kind}: {type(err).__name__} {err}")
            return None
        finally:
            self.acting = False
        self.timed(kind, started, server_ms)
        if status != 200:
            self.stats.errors.append(f"{kind}: HTTP {status}")
            return None
        return status, json.loads(raw)

    def timed(self, kind: str, started: float, server_ms: float | None) -> None:
        """A request's latency as the tablet saw it, and the route's own time as it said."""
        self.stats.record(kind, started)
        if server_ms is not None:
            self.stats.server[kind].append(server_ms / 1000)

    async def get(self, kind: str) -> dict | None:
        """GET a board route (version, snapshot, me), timed as `kind`; None if it failed."""
        started = time.perf_counter()
        try:
            async with self.http_lock:
                status, raw, server_ms = await self._request("http", f"{self.base}/{kind}")
        except Exception as err:  # noqa: BLE001 - every failure is a finding
            self.stats.errors.append(f"{kind}: {type(err).__name__} {err}")
            return None
        self.timed(kind, started, server_ms)
        if status != 200:
            self.stats.errors.append(f"{kind}: HTTP {status}")
            return None
        # The room's snapshots are the same bytes for every tablet: parsed once (room_work).
        return room_work.parsed(raw) if kind == "snapshot" else json.loads(raw)

    # --- following the board (board.js poll, tick, listen) ----------------------------------

    def adopt(self, snapshot: dict) -> bool:
        before = self.snapshot
        if before and not newer(snapshot["version"], before["version"]):
            return False
        self.snapshot = snapshot
        now = time.perf_counter()
        # Every idea of the board held before is seen already: only those new to it are looked up.
        fresh = room_work.new_ideas(before, snapshot) - self.seen_ideas
        self.seen_ideas |= fresh
        for idea_id in fresh:
            self.stats.sightings.append((idea_id, self.number, now, self.joined_at or now))
        if before and before["workshop"]["phase"] != snapshot["workshop"]["phase"]:
            self.need_me = True
        return True

    def set_me(self, me: dict) -> None:
        """board.js setMe(): the participant's own state, from the page, a reply or /me."""
        self.me = me
        self.me_seq += 1

    def keep(self, base: str, v: str, change: dict) -> None:
        """follow.js keep(): a pushed change waits for the board to hold its base."""
        self.kept.pop(base, None)
        self.kept[base] = (v, change)
        if len(self.kept) > KEEP_CHANGES:
            del self.kept[next(iter(self.kept))]

    def apply_kept(self) -> None:
        """follow.js applyKept(): each kept change that starts from the version held, in turn;
        those from an older version than the one held go."""
        while self.snapshot and (found := self.kept.pop(self.snapshot["version"], None)):
            v, change = found
            after = room_work.applied(self.snapshot, change, v)
            if after is None or not self.adopt(after):
                break
            self.stats.applied += 1
        if self.snapshot:
            held = self.snapshot["version"]
            self.kept = {base: kept for base, kept in self.kept.items() if newer(base, held)}

    def behind(self) -> bool:
        """follow.js behind(): the board holds an older version than the newest it was told of."""
        return bool(self.snapshot and self.target and newer(self.target, self.snapshot["version"]))

    async def poll(self, ask_version: bool = True) -> None:
        """board.js poll(): /version unless the version is known (pushed, or a write's reply
        named it: then the snapshot straight away), /snapshot if behind, /me if the phase moved."""
        if self.polling:
            self.again = "version" if self.again == "version" or ask_version else "snapshot"
            return
        self.polling = True
        fetched = False
        started = time.perf_counter()
        try:
            v = None
            if ask_version:
                found = await self.get("version")
                if found is None:
                    return
                v = found.get("v")
                if not isinstance(v, str):
                    self.stats.errors.append(f"version: no version in {json.dumps(found)[:120]}")
                    return
            if not self.snapshot or self.behind() or (v is not None and newer(v, self.snapshot["version"])):
                full = await self.get("snapshot")
                if full is None:
                    return
                self.adopt(full)
                fetched = True
                self.apply_kept()  # the changes pushed while it came
                # Behind what was pushed: board.js looks again in half a second, up to 6 times.
                wanted = self.target if self.target and (v is None or newer(self.target, v)) else v
                if wanted and newer(wanted, self.snapshot["version"]) and self.catch_ups < 6:
                    self.catch_ups += 1
                    self._later(self.poll, False, delay=0.5)
                else:
                    self.catch_ups = 0
            if self.need_me:
                self.need_me = False
                await self.refresh_me()
            self.stats.polls.append(time.perf_counter() - started)
        finally:
            self.polling = False
            again, self.again = self.again, None
            # follow.js: a /version question is answered by the board just fetched; a pushed
            # version needs no fetch once the changes kept meanwhile brought the board to it.
            if again == "version" and not fetched:
                self._later(self.poll, True)
            elif again and self.behind():
                self._later(self.poll, False)

    async def refresh_me(self) -> bool:
        """board.js refreshMe(): one /me question at a time; False if it went unanswered."""
        if self.asking_me:
            return True  # board.js hands back the question under way
        self.asking_me = True
        return await self._ask_me()

    async def _ask_me(self) -> bool:
        """follow.js askMe(): the question itself, marked under way (asking_me) by the caller."""
        seq = self.me_seq
        try:
            found = await self.get("me")
        finally:
            self.asking_me = False
        if found is None:
            return False
        # A write answered meanwhile carries a newer state than this answer.
        if seq == self.me_seq and not self.acting:
            self.set_me(found["me"])
        return True

    async def ticker(self) -> None:
        while not self.done.is_set():
            await asyncio.sleep(POLL_SECONDS * self.rng.uniform(0.95, 1.05))
            self.tick()

    def tick(self) -> None:
        """follow.js tick()."""
        self.ticks += 1
        safety_net = self.ticks % POLL_EVERY_TICKS_PUSHED == 0
        if not self.heard or safety_net:
            self._later(self.poll)
        voting = self.snapshot["workshop"]["phase"] == "vote"
        if safety_net or (not self.heard and voting and self.ticks % ME_EVERY_TICKS == 0):
            self._later(self.refresh_me)
        self.check_dots()  # news of the dots put off while its own write was on its way

    async def listen(self) -> None:
        """Hold the push stream open; on failure poll (the ticker does) and try again later."""
        failures = 0
        while not self.done.is_set():
            self.heard = False
            writer = None
            try:
                reader, writer = await open_http(self.url)
                head = (
                    f"GET {self.base}/events HTTP/1.1\r\nHost: {self.netloc}\r\n"
                    f"X-Samskab-Token: {self.token}\r\nCache-Control: no-store\r\n\r\n"
                )
                writer.write(head.encode())
                await writer.drain()
                status = int((await reader.readline()).split()[1])
                while (await reader.readline()) not in (b"\r\n", b""):
                    pass
                if status != 200:
                    raise ConnectionError(f"HTTP {status}")
                buffer = b""
                while True:
                    size = int((await reader.readline()).strip() or b"0", 16)
                    if size == 0:
                        break
                    buffer += await reader.readexactly(size)
                    await reader.readline()
                    while b"\n\n" in buffer:
                        block, buffer = buffer.split(b"\n\n", 1)
                        for line in block.split(b"\n"):
                            if line.startswith(b"data:"):
                                self.on_push(room_work.parsed(line[5:]))
            except (OSError, ValueError, IndexError, asyncio.IncompleteReadError) as err:
                if not self.heard:
                    self.stats.errors.append(f"push: {type(err).__name__} {err}")
            finally:
                if writer is not None:
                    writer.close()
            failures = 0 if self.heard else failures + 1
            self.stats.push_failures += failures > 0
            self.heard = False
            await asyncio.sleep(min(60, 2**failures) if failures else 1)

    def check_dots(self) -> None:
        """follow.js checkDots(): news of the count of dots spent that is not the one held
        asks /me, unless its own write is on its way or a question is (then the next tick)."""
        if not self.dots_news or not self.me or self.acting or self.asking_me:
            return
        self.dots_news = False
        if self.dots_used == self.me["votes_used"]:
            return
        self.asking_me = True  # follow.js refreshMe() marks its question at once
        self._later(self._ask_me_for_dots)

    async def _ask_me_for_dots(self) -> None:
        if not await self._ask_me():
            self.dots_news = True  # asked again at the next tick

    def on_push(self, message: dict) -> None:
        self.heard = True
        self.stats.pushed += 1
        # follow.js heard(): a count of dots spent that moved since the last one pushed is
        # news; one that did not may be older than this tablet's own dot's reply.
        used = message.get("dots_used")
        if isinstance(used, int):
            if used != self.dots_used:
                self.dots_news = True
            self.dots_used = used
        self.check_dots()
        v = message.get("v")
        if not v:
            return
        if newer(v, self.target):
            self.target = v
        # What changed since the board held: applied, nothing fetched; one from a version it
        # does not hold yet waits for that version (a fetch under way).
        change = message.get("change")
        base = message.get("base")
        if isinstance(change, dict) and isinstance(base, str):
            self.keep(base, v, change)
            self.apply_kept()
        # The message carries the version: the snapshot straight away, no /version first.
        if not self.snapshot or newer(v, self.snapshot["version"]):
            self._later(self.poll, False)
