"""One simulated participant tablet, doing on the wire what components/board/board.js does.

It joins over Streamlit's websocket (the join page's run), then follows the board as the
browser does: it holds the push stream `/api/board/<code>/events` open and fetches the
snapshot when a newer version is pushed; a timer ticks every 1.5 s and polls when the
push is not heard (and once in 20 ticks anyway), and while voting asks for its own state
every second tick. Its person types ideas (the add-idea form sends the draft title after
each 400 ms typing pause, a rerun for the look-alike hint, components/board/form.js),
adds at least one idea, comments on other ideas, and spends dots through the dots route,
polling right after each dot. After an add or a comment the page clears the draft (one
more rerun) and polls at once and 0.7 s later, as board.js does.

Every request is timed per kind into a shared `Stats`; propagation is timed from the tap
(the request start of the add) to the moment another tablet holds the idea in a snapshot,
for ideas tapped after that tablet had joined.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import secrets
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlparse

from streamlit.proto.WidgetStates_pb2 import WidgetState

from benchmarks.stclient import Session, component_event, http_get, open_http, pick, trigger

POLL_SECONDS = 1.5  # the board's tick (app_pages/participant.py POLL_MS)
ME_EVERY_POLLS = 2  # board.js ME_EVERY_POLLS
POLL_EVERY_TICKS_PUSHED = 20  # board.js: with push heard, still poll once in this many ticks
GROUPS = ("Borger", "Frivillig", "Forening", "Kommunalt ansat", "Politiker", "Virksomhed", "Andet")
GROUP_WEIGHTS = (30, 25, 15, 20, 4, 2, 4)
WORDS = tuple(
    "fællesspisning gåture kaffe besøg kørsel bænke sang have bibliotek café naboer transport".split()  # noqa: SIM905
)
COMMENT_CHANCE = 0.6  # after each idea of their own, a person comments on someone else's


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    # A person who taps just as the facilitator moves on is refused with a message: counted,
    # but not an error.
    late: int = 0
    moved_at: float = float("inf")  # when the facilitator opened the vote
    taps: dict[int, float] = field(default_factory=dict)  # idea id -> request start of its add
    # (idea id, tablet number, when it first held the idea in a snapshot, when it had joined)
    sightings: list[tuple[int, int, float, float]] = field(default_factory=list)
    seen: list[float] = field(default_factory=list)  # propagation delays, filled by propagation()
    missed: int = 0  # ideas a tablet never held although they were added after it joined
    polls: list[float] = field(default_factory=list)  # whole polls (version, snapshot, me)
    pushed: int = 0  # push messages heard
    push_failures: int = 0  # push streams that ended before their first message
    ideas_per_tablet: list[int] = field(default_factory=list)
    rss_peak_kb: int = 0
    cpu_seconds: float = 0.0
    client_cpu: float = 0.0  # CPU seconds of the load generator itself over the run
    load: tuple = ((0.0, 0.0, 0.0), (0.0, 0.0, 0.0))  # load average before and after the run


def newer(version: str, than: str | None) -> bool:
    """board.js newer(): versions are "<board>.<votes>", two counters that only grow."""
    if not than:
        return True
    board, votes = map(int, version.split("."))
    board0, votes0 = map(int, than.split("."))
    return board > board0 or (board == board0 and votes > votes0)


def propagation(stats: Stats, tablets: list[Tablet]) -> None:
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


class Tablet:
    def __init__(self, url: str, code: str, stats: Stats, number: int, pace: dict) -> None:
        self.url, self.code, self.stats, self.number, self.pace = url, code, stats, number, pace
        self.netloc = urlparse(url).netloc
        self.scheme = urlparse(url).scheme
        self.base = f"/api/board/{code}"
        self.rng = random.Random(number)
        self.session = Session(url)
        self.token = ""
        self.board_id = ""
        self.state: dict = {}  # the board element's state values (the draft title)
        self.snapshot: dict = {}
        self.me: dict = {}
        self.mine: set[int] = set()
        self.seen_ideas: set[int] = set()
        self.joined_at: float | None = None
        self.ideas = 0
        self.polls_done = 0
        self.ticks = 0
        self.polling = False
        self.again = False
        self.target: str | None = None  # the newest version pushed
        self.heard = False  # the push stream in use has said something
        self.done = asyncio.Event()
        self.http: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None  # polls
        self.http_lock = asyncio.Lock()
        self.dots_http: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
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

    async def _request(self, slot: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
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

    async def get(self, kind: str) -> dict | None:
        """GET a board route (version, snapshot, me), timed as `kind`; None if it failed."""
        started = time.perf_counter()
        try:
            async with self.http_lock:
                status, raw = await self._request("http", f"{self.base}/{kind}")
        except Exception as err:  # noqa: BLE001 - every failure is a finding
            self.stats.errors.append(f"{kind}: {type(err).__name__} {err}")
            return None
        self.stats.latencies[kind].append(time.perf_counter() - started)
        if status != 200:
            self.stats.errors.append(f"{kind}: HTTP {status}")
            return None
        return json.loads(raw)

    # --- following the board (board.js poll, tick, listen) ----------------------------------

    def adopt(self, snapshot: dict) -> bool:
        if self.snapshot and not newer(snapshot["version"], self.snapshot["version"]):
            return False
        self.snapshot = snapshot
        now = time.perf_counter()
        for idea in snapshot["ideas"]:
            if idea["id"] not in self.seen_ideas:
                self.seen_ideas.add(idea["id"])
                self.stats.sightings.append((idea["id"], self.number, now, self.joined_at or now))
        return True

    async def poll(self, catch_ups: int = 0) -> None:
        if self.polling:
            self.again = True
            return
        self.polling = True
        started = time.perf_counter()
        try:
            found = await self.get("version")
            if found is None:
                return
            v = found.get("v")
            if not isinstance(v, str):
                self.stats.errors.append(f"version: no version in {json.dumps(found)[:120]}")
                return
            moved = False
            behind = self.target is not None and newer(self.target, self.snapshot["version"])
            if behind or newer(v, self.snapshot["version"]):
                full = await self.get("snapshot")
                if full is None:
                    return
                moved = self.adopt(full)
                # Behind what was pushed: board.js looks again in half a second, up to 6 times.
                if newer(self.target or v, self.snapshot["version"]) and catch_ups < 6:
                    self._later(self.poll, catch_ups + 1, delay=0.5)
            self.polls_done += 1
            voting = self.snapshot["workshop"]["phase"] == "vote"
            if moved or (voting and self.polls_done % ME_EVERY_POLLS == 0):
                await self.refresh_me()
            self.stats.polls.append(time.perf_counter() - started)
        finally:
            self.polling = False
            if self.again:
                self.again = False
                self._later(self.poll)

    async def refresh_me(self) -> None:
        found = await self.get("me")
        if found is not None:
            self.me = found["me"]

    async def ticker(self) -> None:
        while not self.done.is_set():
            await asyncio.sleep(POLL_SECONDS * self.rng.uniform(0.95, 1.05))
            self.ticks += 1
            if not self.heard or self.ticks % POLL_EVERY_TICKS_PUSHED == 0:
                self._later(self.poll)
            elif self.snapshot["workshop"]["phase"] == "vote" and self.ticks % ME_EVERY_POLLS == 0:
                self._later(self.refresh_me)

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
                                self.on_push(json.loads(line[5:]))
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

    def on_push(self, message: dict) -> None:
        self.heard = True
        self.stats.pushed += 1
        v = message.get("v")
        if not v:
            return
        if newer(v, self.target):
            self.target = v
        if newer(v, self.snapshot["version"]):
            self._later(self.poll)

    # --- what the person does -------------------------------------------------------------

    async def rerun(self, kind: str, widgets: list[WidgetState]) -> dict | None:
        """A script run of the participant page, timed as `kind`; the board's data, or None."""
        started = time.perf_counter()
        try:
            run = await self.session.run(f"p={self.token}", widgets)
        except Exception as err:  # noqa: BLE001 - every failure is a finding
            self.stats.errors.append(f"{kind}: {type(err).__name__} {err}")
            return None
        self.stats.latencies[kind].append(time.perf_counter() - started)
        if run.exceptions:
            self.stats.errors.append(f"{kind}: exception {run.exceptions[0][:80]}")
        board = run.components.get("samskab_board")
        if board is None:
            self.stats.errors.append(f"{kind}: no board in the response")
            return None
        self.me = board["data"]["me"]
        if board["data"].get("snapshot"):
            self.adopt(board["data"]["snapshot"])
        return board["data"]

    async def save_draft(self, kind: str, title: str) -> None:
        """setStateValue("draft", title): a rerun with the element's state, nothing triggered."""
        self.state = {"draft": title}
        await self.rerun(kind, [WidgetState(id=self.board_id, json_value=json.dumps(self.state))])

    async def act(self, kind: str, value: dict) -> dict | None:
        value = {"id": secrets.token_hex(4), "type": kind, **value}
        tapped = time.perf_counter()
        data = await self.rerun(kind, component_event(self.board_id, "action", value, self.state))
        if data is None:
            return None
        result = data["result"] or {}
        if not result.get("ok") and tapped >= self.stats.moved_at - 0.5:
            self.stats.late += 1
            return None
        if not result.get("ok") or result.get("id") != value["id"]:
            self.stats.errors.append(f"{kind}: refused: {result.get('message')}")
            return None
        if kind == "add":
            for idea_id in set(data["me"]["my_ideas"]) - self.mine:
                self.stats.taps[idea_id] = tapped
            self.mine |= set(data["me"]["my_ideas"])
            self.ideas += 1
        # board.js: the board polls at once and past the routes' half-second version cache;
        # after an add the form clears, which saves the empty draft (one more run).
        self._later(self.poll)
        self._later(self.poll, delay=0.7)
        if kind == "add":
            await self.save_draft("clear", "")
        return data

    async def dot(self, idea_id: int) -> None:
        """What the board does when a dot is tapped: a POST to the dots route, then a poll."""
        body = json.dumps({"token": self.token, "idea_id": idea_id, "change": 1, "lang": "da"}).encode()
        started = time.perf_counter()
        try:
            status, raw = await self._request("dots_http", f"{self.base}/dots", body)
        except Exception as err:  # noqa: BLE001
            self.stats.errors.append(f"dot: {type(err).__name__} {err}")
            return
        self.stats.latencies["dot"].append(time.perf_counter() - started)
        reply = json.loads(raw)
        if status != 200:
            self.stats.errors.append(f"dot: HTTP {status}")
        elif reply["ok"]:
            self.me = reply["me"]
            self._later(self.poll)
        elif self.snapshot["workshop"]["phase"] != "vote":
            self.stats.late += 1
        else:
            self.stats.errors.append(f"dot: refused: {reply['message']}")

    async def join(self) -> None:
        await self.session.connect()
        started = time.perf_counter()
        page = await self.session.run(f"code={self.code}")
        self.stats.latencies["open join page"].append(time.perf_counter() - started)
        group = next(w for w in page.widgets if w.label == "Jeg deltager som")
        submit = next(w for w in page.widgets if w.label == "Deltag")
        choice = self.rng.choices(GROUPS, weights=GROUP_WEIGHTS)[0]
        started = time.perf_counter()
        joined = await self.session.run(f"code={self.code}", [pick(group.id, choice), trigger(submit.id)])
        self.stats.latencies["join"].append(time.perf_counter() - started)
        self.token = (joined.query_string or "").split("p=", 1)[1].split("&", 1)[0]
        board = joined.components["samskab_board"]
        self.board_id = board["id"]
        self.joined_at = time.perf_counter()
        self.me = board["data"]["me"]
        self.adopt(board["data"]["snapshot"])

    def collecting(self) -> bool:
        return self.snapshot["workshop"]["phase"] == "collect"

    async def think(self, seconds: float) -> bool:
        """Wait like a person thinking; False if the facilitator ended the collect phase meanwhile."""
        ends = time.monotonic() + seconds
        while time.monotonic() < ends:
            await asyncio.sleep(min(0.5, max(0.0, ends - time.monotonic())))
            if not self.collecting():
                return False
        return True

    async def write_idea(self) -> bool:
        """Type a title with 1-3 pauses (a draft run each), then add it; False if too late."""
        title = " ".join(self.rng.sample(WORDS, 3)).capitalize() + f" {self.rng.randint(1, 999)}"
        pauses = self.rng.randint(1, 3)
        for k in range(1, pauses + 1):
            if not await self.think(self.rng.uniform(*self.pace["typing"])):
                return False
            await self.save_draft("draft", title[: len(title) * k // pauses])
        if not await self.think(self.rng.uniform(*self.pace["typing"]) / 2):
            return False
        theme = self.rng.choice(self.snapshot["themes"])["id"]
        return await self.act("add", {"theme_id": theme, "title": title, "description": ""}) is not None

    async def comment(self) -> None:
        others = [i for i in self.snapshot["ideas"] if i["id"] not in self.mine]
        if not others:
            return
        idea = self.rng.choice(others)
        if await self.think(self.rng.uniform(*self.pace["typing"]) * 2):
            body = f"Godt forslag, {self.rng.choice(WORDS)} hjælper også"
            await self.act("comment", {"idea_id": idea["id"], "body": body})

    async def live(self, collect_ends: float) -> None:
        """From joining to the last dot; `collect_ends`: when (monotonic) the vote opens."""
        await asyncio.sleep(self.rng.uniform(0, self.pace["join_window"]))
        try:
            await self.join()
        except Exception as err:  # noqa: BLE001
            self.stats.errors.append(f"join: {type(err).__name__} {err}")
            return
        followers = [asyncio.create_task(self.listen()), asyncio.create_task(self.ticker())]
        try:
            # The first idea early enough to be typed before the vote opens.
            typing = 4 * self.pace["typing"][1] + 2
            room = max(0.5, collect_ends - time.monotonic() - typing)
            wait = self.rng.uniform(0.5, min(room, self.pace["idea"][0]))
            while self.collecting() and await self.think(wait) and await self.write_idea():
                if self.rng.random() < COMMENT_CHANCE:
                    await self.comment()
                wait = self.rng.uniform(*self.pace["idea"])
            while self.snapshot["workshop"]["phase"] != "vote":
                await asyncio.sleep(0.5)
            budget = self.snapshot["workshop"]["dot_budget"]
            cap = self.snapshot["workshop"]["dots_per_idea"]
            while self.me["votes_used"] < budget and self.snapshot["workshop"]["phase"] == "vote":
                await asyncio.sleep(self.rng.uniform(*self.pace["vote"]))
                mine = self.me["my_dots"]
                open_ideas = [i for i in self.snapshot["ideas"] if mine.get(str(i["id"]), 0) < cap]
                if not open_ideas:
                    break
                await self.dot(self.rng.choice(open_ideas)["id"])
        finally:
            self.stats.ideas_per_tablet.append(self.ideas)
            self.done.set()
            for task in [*followers, *self.background]:
                task.cancel()
            await asyncio.gather(*followers, *self.background, return_exceptions=True)
            for conn in (self.http, self.dots_http):
                if conn is not None:
                    conn[1].close()
            with contextlib.suppress(Exception):
                await self.session.close()
