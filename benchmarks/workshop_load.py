"""Workshop load: N simulated tablets join, add ideas and vote at human pace over Streamlit's
websocket protocol (no browser), while polling the board like the real board does.

    python benchmarks/workshop_load.py --tablets 50 150 300

For each N it first measures a bare hello-world Streamlit page under the same N and pace
(the baseline), then Samskab on a fresh SQLite database, and prints: action latency
p50/p95/p99 per kind, errors, the server's peak RSS and CPU, how long a new idea took
to reach the other tablets (propagation), and the poll latency. Target at N = 300 on a
2-core machine: action p95 ≤ 3 × baseline p95, no errors, propagation ≤ 3 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.stclient import (  # noqa: E402
    Session,
    component_event,
    http_get,
    open_http,
    percentile,
    pick,
    trigger,
)

POLL_SECONDS = 1.5  # the board's own poll interval (app_pages/participant.py)
ME_EVERY_POLLS = 2  # while voting, the own state every this many polls (components/board/board.js)
GROUPS = ("Borger", "Frivillig", "Forening", "Kommunalt ansat", "Politiker", "Virksomhed", "Andet")
GROUP_WEIGHTS = (30, 25, 15, 20, 4, 2, 4)
WORDS = [
    "fællesspisning",
    "gåture",
    "kaffe",
    "besøg",
    "kørsel",
    "bænke",
    "sang",
    "have",
    "bibliotek",
    "café",
    "naboer",
    "transport",
]


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    # A person who taps just as the facilitator moves on is refused with a message: counted,
    # but not an error.
    late: int = 0
    moved_at: float = float("inf")  # when the facilitator opened the vote
    added: dict[int, float] = field(default_factory=dict)  # idea id -> when its author saw it saved
    seen: list[float] = field(default_factory=list)  # propagation delays
    polls: list[float] = field(default_factory=list)
    rss_peak_kb: int = 0
    cpu_seconds: float = 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(script: str, env: dict[str, str], gc: bool = False) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none", "--runner.postScriptGC", "true" if gc else "false"],
        cwd=ROOT, env=os.environ | env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"{script} did not start")


def proc_figures(pid: int) -> tuple[int, float]:
    """(RSS in kB, CPU seconds used) of a process, from /proc."""
    rss = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1])
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return rss, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def sample_process(pid: int, stats: Stats, stop: asyncio.Event) -> None:
    start_cpu = proc_figures(pid)[1]
    while not stop.is_set():
        rss, cpu = proc_figures(pid)
        stats.rss_peak_kb = max(stats.rss_peak_kb, rss)
        stats.cpu_seconds = cpu - start_cpu
        await asyncio.sleep(0.5)


async def timed(stats: Stats, kind: str, coro):
    started = time.perf_counter()
    try:
        run = await coro
    except Exception as err:  # noqa: BLE001 - every failure is a finding
        stats.errors.append(f"{kind}: {type(err).__name__} {err}")
        return None
    stats.latencies[kind].append(time.perf_counter() - started)
    if run.exceptions:
        stats.errors.append(f"{kind}: exception {run.exceptions[0][:80]}")
    return run


# --- baseline -----------------------------------------------------------------------------


async def hello_tablet(url: str, stats: Stats, duration: float, pace: tuple[float, float], seed: int) -> None:
    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, 5))
    session = Session(url)
    try:
        await session.connect()
        first = await timed(stats, "load", session.run())
        button = next(w for w in first.widgets if w.label == "Click")
        ends = time.monotonic() + duration
        while time.monotonic() < ends:
            await asyncio.sleep(rng.uniform(*pace))
            await timed(stats, "click", session.run(widgets=[trigger(button.id)]))
    except Exception as err:  # noqa: BLE001
        stats.errors.append(f"hello: {type(err).__name__} {err}")
    finally:
        await session.close()


async def baseline(n: int, duration: float, gc: bool) -> Stats:
    stats = Stats()
    proc, url = start_server("benchmarks/hello_app.py", {}, gc)
    try:
        stop = asyncio.Event()
        sampler = asyncio.create_task(sample_process(proc.pid, stats, stop))
        await asyncio.gather(*(hello_tablet(url, stats, duration, (3, 12), i) for i in range(n)))
        stop.set()
        await sampler
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return stats


# --- Samskab ------------------------------------------------------------------------------


def prepare_database(url: str) -> str:
    """A migrated database with a process and an open workshop; returns the join code."""
    from db import migrate
    from db.session import dispose, session_scope
    from demo import seed
    from services.admin.permissions import SYSTEM
    from services.workshop import processes, workshops

    migrate.upgrade(url)
    with session_scope(url) as s:
        seed.seed_demo(s, rounds=4)
        process = processes.create_process(s, title="Belastningsprøve", by_user_id=SYSTEM)
        w = workshops.create_workshop(
            s, process_id=process.id, title="300 tablets",
            themes=["Fællesskaber", "Transport", "Mødesteder"], by_user_id=SYSTEM,
        )  # fmt: skip
        w.phase = "collect"
        code = w.code
    dispose(url)
    return code


class Tablet:
    def __init__(self, url: str, code: str, stats: Stats, seed: int) -> None:
        self.url, self.code, self.stats = url, code, stats
        self.rng = random.Random(seed)
        self.session = Session(url)
        self.token = ""
        self.board_id = ""
        self.snapshot: dict = {}
        self.me: dict = {}
        self.polls_done = 0
        self.seen_ideas: set[int] = set()
        self.done = asyncio.Event()
        self.http: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def act(self, kind: str, value: dict) -> dict | None:
        value = {"id": secrets.token_hex(4), "type": kind, **value}
        sent = time.perf_counter()
        run = await timed(
            self.stats,
            kind,
            self.session.run(f"p={self.token}", component_event(self.board_id, "action", value)),
        )
        if run is None:
            return None
        board = run.components.get("samskab_board")
        if board is None:
            self.stats.errors.append(f"{kind}: no board in the response")
            return None
        self.me = board["data"]["me"]
        result = board["data"]["result"] or {}
        moved_on = sent >= self.stats.moved_at - 0.5
        if not result.get("ok") and moved_on:
            self.stats.late += 1
        elif not result.get("ok") or result.get("id") != value["id"]:
            self.stats.errors.append(f"{kind}: refused: {result.get('message')}")
        return board["data"]

    async def dot(self, idea_id: int) -> None:
        """What the board does when a dot is tapped: a POST to the dots route."""
        parsed = urlparse(self.url)
        body = json.dumps({"token": self.token, "idea_id": idea_id, "change": 1, "lang": "da"}).encode()
        path = f"/api/board/{self.code}/dots"
        started = time.perf_counter()
        try:
            # Like a browser: a kept-alive connection the server has closed meanwhile
            # (idle timeout) is replaced once, silently.
            for attempt in (1, 2):
                if self.http is None:
                    self.http = await open_http(self.url)
                try:
                    status, raw = await http_get(*self.http, parsed.netloc, path, body, scheme=parsed.scheme)
                    break
                except (IndexError, ConnectionError, asyncio.IncompleteReadError):
                    self.http[1].close()
                    self.http = None
                    if attempt == 2:
                        raise
        except Exception as err:  # noqa: BLE001
            self.stats.errors.append(f"dot: {type(err).__name__} {err}")
            return
        self.stats.latencies["dot"].append(time.perf_counter() - started)
        reply = json.loads(raw)
        if status != 200:
            self.stats.errors.append(f"dot: HTTP {status}")
        elif reply["ok"]:
            self.me = reply["me"]
        elif self.snapshot["workshop"]["phase"] != "vote":
            self.stats.late += 1
        else:
            self.stats.errors.append(f"dot: refused: {reply['message']}")

    async def join(self) -> None:
        await self.session.connect()
        page = await timed(self.stats, "open join page", self.session.run(f"code={self.code}"))
        group = next(w for w in page.widgets if w.label == "Jeg deltager som")
        submit = next(w for w in page.widgets if w.label == "Deltag")
        choice = self.rng.choices(GROUPS, weights=GROUP_WEIGHTS)[0]
        joined = await timed(
            self.stats,
            "join",
            self.session.run(f"code={self.code}", [pick(group.id, choice), trigger(submit.id)]),
        )
        self.token = joined.query_string.split("p=", 1)[1].split("&", 1)[0]
        board = joined.components["samskab_board"]
        self.board_id = board["id"]
        self.snapshot, self.me = board["data"]["snapshot"], board["data"]["me"]

    async def poll(self) -> None:
        """What board.js does: version every 1.5 s, the snapshot only when it moved, and the
        participant's own state when it moved and, while voting, every second poll."""
        parsed = urlparse(self.url)
        reader, writer = await open_http(self.url)
        base = f"/api/board/{self.code}"
        try:
            while not self.done.is_set():
                await asyncio.sleep(POLL_SECONDS * self.rng.uniform(0.9, 1.1))
                try:
                    await self._poll_once(reader, writer, parsed.netloc, base)
                except Exception as err:  # noqa: BLE001 - a failed poll is a finding, then try again
                    self.stats.errors.append(f"poll: {type(err).__name__} {err}")
                    writer.close()
                    reader, writer = await open_http(self.url)
        finally:
            writer.close()

    async def _poll_once(self, reader, writer, netloc: str, base: str) -> None:
        started = time.perf_counter()
        status, body = await http_get(reader, writer, netloc, f"{base}/version", token=self.token)
        if status != 200:
            self.stats.errors.append(f"poll: HTTP {status}")
            return
        self.polls_done += 1
        moved = json.loads(body)["v"] != self.snapshot.get("version")
        if moved:
            status, body = await http_get(reader, writer, netloc, f"{base}/snapshot", token=self.token)
            if status != 200:
                self.stats.errors.append(f"snapshot: HTTP {status}")
                return
            self.snapshot = json.loads(body)
            now = time.perf_counter()
            for idea in self.snapshot["ideas"]:
                if idea["id"] not in self.seen_ideas:
                    self.seen_ideas.add(idea["id"])
                    added = self.stats.added.get(idea["id"])
                    if added is not None and idea["id"] not in self.me.get("my_ideas", []):
                        self.stats.seen.append(now - added)
        voting = self.snapshot["workshop"]["phase"] == "vote"
        if moved or (voting and self.polls_done % ME_EVERY_POLLS == 0):
            status, body = await http_get(reader, writer, netloc, f"{base}/me", token=self.token)
            if status != 200:
                self.stats.errors.append(f"me: HTTP {status}")
                return
        self.stats.polls.append(time.perf_counter() - started)

    async def think(self, seconds: float, phase: str) -> bool:
        """Wait like a person thinking; False if the facilitator moved on meanwhile."""
        ends = time.monotonic() + seconds
        while time.monotonic() < ends:
            await asyncio.sleep(min(0.5, ends - time.monotonic()))
            if self.snapshot["workshop"]["phase"] != phase:
                return False
        return True

    async def live(
        self, join_window: float, idea_pace: tuple[float, float], vote_pace: tuple[float, float]
    ) -> None:
        await asyncio.sleep(self.rng.uniform(0, join_window))
        try:
            await self.join()
        except Exception as err:  # noqa: BLE001
            self.stats.errors.append(f"join: {type(err).__name__} {err}")
            return
        poller = asyncio.create_task(self.poll())
        try:
            while self.snapshot["workshop"]["phase"] == "collect":
                if not await self.think(self.rng.uniform(*idea_pace), "collect"):
                    break
                themes = self.snapshot["themes"]
                title = " ".join(self.rng.sample(WORDS, 3)).capitalize() + f" {self.rng.randint(1, 999)}"
                data = await self.act("add", {"theme_id": self.rng.choice(themes)["id"], "title": title})
                if data is not None:
                    for idea_id in data["me"]["my_ideas"]:
                        self.stats.added.setdefault(idea_id, time.perf_counter())
            while self.snapshot["workshop"]["phase"] != "vote":
                await asyncio.sleep(0.5)
            budget = self.snapshot["workshop"]["dot_budget"]
            cap = self.snapshot["workshop"]["dots_per_idea"]
            while self.me["votes_used"] < budget and self.snapshot["workshop"]["phase"] == "vote":
                await asyncio.sleep(self.rng.uniform(*vote_pace))
                mine = self.me["my_dots"]
                open_ideas = [i for i in self.snapshot["ideas"] if mine.get(str(i["id"]), 0) < cap]
                if not open_ideas:
                    break
                await self.dot(self.rng.choice(open_ideas)["id"])
        finally:
            self.done.set()
            await poller
            await self.session.close()


async def facilitator(database_url: str, code: str, collect: float, stats: Stats) -> None:
    """After the collect phase, the facilitator opens the vote (as the console does)."""
    from db.session import session_scope
    from services.admin.permissions import SYSTEM
    from services.workshop import workshops

    await asyncio.sleep(collect)
    with session_scope(database_url) as s:
        w = workshops.workshop_by_code(s, code)
        workshops.move_phase(s, w.id, "vote", by_user_id=SYSTEM)
    stats.moved_at = time.perf_counter()


async def samskab(n: int, args: argparse.Namespace) -> tuple[Stats, float]:
    stats = Stats()
    tmp = tempfile.mkdtemp(prefix="samskab-load-")
    database_url = args.database or f"sqlite:///{tmp}/samskab.db"
    code = prepare_database(database_url)
    env = {
        "DATABASE_URL": database_url,
        "SAMSKAB_MODE": "demo",
        "SAMSKAB_COOKIE_KEY": secrets.token_urlsafe(32),
    }
    proc, url = start_server("app.py", env, args.gc)
    try:
        await warm_up(url, code)
        stats, seconds, _ = await drive(url, database_url, code, n, args, {"server": proc.pid}, stats)
        return stats, seconds
    finally:
        proc.terminate()
        proc.wait(timeout=20)


async def warm_up(url: str, code: str) -> None:
    """One page run: migrations, imports and first-run caches are not part of the measurement."""
    warm = Session(url)
    await warm.connect()
    await warm.run(f"code={code}")
    await warm.close()


async def drive(
    url: str,
    database_url: str,
    code: str,
    n: int,
    args: argparse.Namespace,
    pids: dict[str, int],
    stats: Stats | None = None,
) -> tuple[Stats, float, dict[str, Stats]]:
    """N tablets and the facilitator through one workshop at `url` (one server or a proxy).

    Returns the tablets' figures, the seconds it took, and RSS/CPU for each of `pids`
    (name -> process id), sampled over the same time.
    """
    stats = stats if stats is not None else Stats()
    per_process = {name: stats if len(pids) == 1 else Stats() for name in pids}
    stop = asyncio.Event()
    samplers = [
        asyncio.create_task(sample_process(pid, per_process[name], stop)) for name, pid in pids.items()
    ]
    started = time.monotonic()
    tablets = [Tablet(url, code, stats, i) for i in range(n)]
    progress = asyncio.create_task(show_progress(stats, tablets, started, stop))
    await asyncio.gather(
        facilitator(database_url, code, args.collect, stats),
        *(t.live(args.join_window, tuple(args.idea_pace), tuple(args.vote_pace)) for t in tablets),
    )
    stop.set()
    await asyncio.gather(*samplers, progress)
    return stats, time.monotonic() - started, per_process


async def show_progress(stats: Stats, tablets: list[Tablet], started: float, stop: asyncio.Event) -> None:
    """A line every 15 s on stderr, so a long run shows it is alive (and where it is)."""
    while not stop.is_set():
        await asyncio.sleep(15)
        done = sum(t.done.is_set() for t in tablets)
        actions = {kind: len(v) for kind, v in stats.latencies.items()} | {"polls": len(stats.polls)}
        print(
            f"  {time.monotonic() - started:4.0f} s: {actions}, {done}/{len(tablets)} tablets done, "
            f"{len(stats.errors)} errors {stats.errors[-1:] if stats.errors else ''}",
            file=sys.stderr,
            flush=True,
        )


def machine() -> str:
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    import streamlit

    python = platform.python_version()
    return f"{os.cpu_count()} cores ({model}), Python {python}, Streamlit {streamlit.__version__}"


def ms(values: list[float], p: float) -> str:
    return f"{percentile(values, p) * 1000:.0f}" if values else "-"


def line(label: str, values: list[float], extra: str = "") -> str:
    return (
        f"{label:<34} n={len(values):5d}  p50 {ms(values, 50):>5} ms  p95 {ms(values, 95):>5} ms  "
        f"p99 {ms(values, 99):>5} ms{extra}"
    )


def report(n: int, base: Stats, load: Stats, seconds: float) -> None:
    actions = [v for kind, vals in load.latencies.items() if kind != "open join page" for v in vals]
    clicks = base.latencies["click"]
    ratio = percentile(actions, 95) / percentile(clicks, 95) if clicks and actions else float("nan")
    print(f"\n=== N = {n} tablets, {seconds:.0f} s ===")
    print(line("baseline: hello-world click", clicks, f"  errors {len(base.errors)}"))
    for kind, vals in sorted(load.latencies.items()):
        print(line(f"samskab: {kind}", vals))
    print(line("samskab: every action", actions, f"  -> p95 = {ratio:.2f} x baseline p95"))
    print(line("propagation of a new idea", load.seen, f"  max {ms(load.seen, 100)} ms"))
    print(line("poll (version; snapshot if moved)", load.polls))
    cores = load.cpu_seconds / seconds
    print(
        f"server: peak RSS {load.rss_peak_kb / 1024:.0f} MB, CPU {load.cpu_seconds:.0f} s "
        f"({cores:.2f} cores); baseline server peak RSS {base.rss_peak_kb / 1024:.0f} MB"
    )
    print(f"refused because the phase had just moved on: {load.late}")
    print(f"errors: {len(load.errors)}" + "".join(f"\n  {e}" for e in load.errors[:10]))


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tablets", type=int, nargs="+", default=[50, 150, 300])
    parser.add_argument("--collect", type=float, default=60, help="seconds of adding ideas")
    parser.add_argument("--join-window", type=float, default=30, help="tablets join within this many seconds")
    parser.add_argument("--database", help="DATABASE_URL to use instead of a fresh SQLite file")
    parser.add_argument("--no-baseline", action="store_true", help="skip the hello-world baseline")
    parser.add_argument(
        "--gc", action="store_true", help="run both servers with runner.postScriptGC on (Streamlit's default)"
    )
    parser.add_argument("--idea-pace", type=float, nargs=2, default=[20, 60], help="seconds between ideas")
    parser.add_argument("--vote-pace", type=float, nargs=2, default=[3, 12], help="seconds between dots")
    args = parser.parse_args()
    print(f"machine: {machine()}; runner.postScriptGC {'on' if args.gc else 'off'}")
    (i0, i1), (v0, v1) = args.idea_pace, args.vote_pace
    print(f"pace: join within {args.join_window:.0f} s, an idea every {i0:g}-{i1:g} s "
          f"for {args.collect:.0f} s, then 5 dots at {v0:g}-{v1:g} s intervals; "
          f"polling every {POLL_SECONDS} s")  # fmt: skip
    failed = False
    for n in args.tablets:
        base = Stats() if args.no_baseline else await baseline(n, args.collect + 30, args.gc)
        load, seconds = await samskab(n, args)
        report(n, base, load, seconds)
        failed = failed or bool(load.errors) or not load.latencies.get("dot")
    # A smoke run (CI) fails on any error, or if the tablets never got to vote.
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    asyncio.run(main())
