"""Workshop load: N simulated tablets join, type and add ideas, comment and vote at human pace
over Streamlit's websocket protocol and the board's HTTP routes (no browser), each following
the board as components/board/board.js does: the push stream, polling as the fallback.

    python -u benchmarks/workshop_load.py --tablets 100 300 --votes hidden shown

For each N it first measures a bare hello-world Streamlit page (benchmarks/hello_app.py,
TCP_NODELAY like the app) under N clicking tablets at the same pace, the clean baseline,
then Samskab on a fresh SQLite database (or --database) once per votes setting, and prints
per action kind p50/p95/p99 with the ratio of p50 and p95 to the baseline's bare-rerun
p95, and for the board's routes what the route itself took by its Server-Timing header
(the rest is waiting: in the server's queues or this generator's event loop);
propagation from the tap of an add to each other tablet holding the idea, for ideas
added after that tablet joined; errors; the server's peak RSS and CPU; the client's own
CPU; and the load average. What a tablet does: benchmarks/tablet.py.

Targets (issue 16): each action kind's p95 <= 3x the baseline's bare-rerun p95, 0 errors,
server RSS <= 1 GB, propagation p95 <= 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import resource
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import room_work  # noqa: E402
from benchmarks.load_report import BASELINE_KIND, ms, report  # noqa: E402
from benchmarks.stclient import Session, trigger  # noqa: E402
from benchmarks.tablet import COMMENT_CHANCE, POLL_SECONDS, Stats, Tablet, propagation  # noqa: E402

__all__ = ["POLL_SECONDS", "Stats", "drive", "free_port", "machine", "prepare_database", "start_server"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    script: str, env: dict[str, str], gc: bool = False, gc_log: str | None = None
) -> tuple[subprocess.Popen, str]:
    """`streamlit run script` on a free port; `gc_log`: where it writes its garbage
    collections' pauses (benchmarks/gc_pauses/)."""
    port = free_port()
    if gc_log:
        paths = [str(ROOT / "benchmarks" / "gc_pauses"), os.environ.get("PYTHONPATH", "")]
        env = env | {"PYTHONPATH": os.pathsep.join(filter(None, paths)), "SAMSKAB_BENCH_GC_LOG": gc_log}
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


# --- baseline -----------------------------------------------------------------------------


async def hello_tablet(url: str, stats: Stats, duration: float, pace: tuple[float, float], seed: int) -> None:
    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, 5))
    session = Session(url)
    try:
        await session.connect()
        started = time.perf_counter()
        first = await session.run()
        stats.record("load", started)
        button = next(w for w in first.widgets if w.label == "Click")
        ends = time.monotonic() + duration
        while time.monotonic() < ends:
            await asyncio.sleep(rng.uniform(*pace))
            started = time.perf_counter()
            run = await session.run(widgets=[trigger(button.id)])
            stats.record(BASELINE_KIND, started)
            if run.exceptions:
                stats.errors.append(f"hello: {run.exceptions[0][:80]}")
    except Exception as err:  # noqa: BLE001
        stats.errors.append(f"hello: {type(err).__name__} {err}")
    finally:
        await session.close()


def collections_so_far(gc_log: str) -> dict[str, list]:
    """A server's garbage collections so far, by generation: [count, seconds, [each over 1 ms]]."""
    try:
        return json.loads(Path(gc_log).read_text())
    except (OSError, ValueError):
        return {}


def collections_since(gc_log: str, before: dict[str, list]) -> dict[str, list[float]]:
    """The collections since `before`, by generation: [count, seconds, the longest]."""
    since = {}
    for generation, (n, seconds, long_ones) in collections_so_far(gc_log).items():
        n0, seconds0, long_ones0 = before.get(generation, (0, 0.0, []))
        since[generation] = [n - n0, seconds - seconds0, max(long_ones[len(long_ones0) :], default=0.0)]
    return since


async def baseline(n: int, duration: float, gc: bool) -> Stats:
    stats = Stats()
    gc_log = f"{tempfile.mkdtemp(prefix='samskab-hello-')}/gc.json"
    proc, url = start_server("benchmarks/hello_app.py", {}, gc, gc_log)
    try:
        stop = asyncio.Event()
        sampler = asyncio.create_task(sample_process(proc.pid, stats, stop))
        before = collections_so_far(gc_log)
        await asyncio.gather(*(hello_tablet(url, stats, duration, (3, 12), i) for i in range(n)))
        stop.set()
        await sampler
        await asyncio.sleep(1.1)  # the server writes its figures each second
        stats.collections = collections_since(gc_log, before)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return stats


# --- Samskab ------------------------------------------------------------------------------


def prepare_database(url: str, votes_shown: bool = False) -> str:
    """A migrated database with a process and an open workshop; returns the join code.

    `votes_shown`: the workshop setting that shows the dots while voting (every dot then
    moves the board's version, at most once a second as the tablets see it).
    """
    from db import migrate
    from db.session import dispose, session_scope
    from demo import seed
    from services.admin.permissions import SYSTEM
    from services.workshop import new_workshops, processes

    migrate.upgrade(url)
    with session_scope(url) as s:
        seed.seed_demo(s, rounds=4)
        process = processes.create_process(s, title="Belastningsprøve", by_user_id=SYSTEM)
        w = new_workshops.create_workshop(
            s, process_id=process.id, title="300 tablets",
            themes=["Fællesskaber", "Transport", "Mødesteder"],
            hide_votes_until_reveal=not votes_shown, by_user_id=SYSTEM,
        )  # fmt: skip
        w.phase = "collect"
        code = w.code
    dispose(url)
    return code


async def facilitator(database_url: str, code: str, collect: float, stats: Stats) -> None:
    """After the collect phase, the facilitator opens the vote (as the console does)."""
    from db.session import session_scope
    from services.admin.permissions import SYSTEM
    from services.workshop import join_codes, workshops

    await asyncio.sleep(collect)
    with session_scope(database_url) as s:
        w = join_codes.workshop_by_code(s, code)
        workshops.move_phase(s, w.id, "vote", by_user_id=SYSTEM)
    stats.moved_at = time.perf_counter()


async def samskab(n: int, args: argparse.Namespace, votes: str) -> tuple[Stats, float]:
    tmp = tempfile.mkdtemp(prefix="samskab-load-")
    database_url = args.database or f"sqlite:///{tmp}/samskab.db"
    code = prepare_database(database_url, votes_shown=votes == "shown")
    env = {
        "DATABASE_URL": database_url,
        "SAMSKAB_MODE": "demo",
        "SAMSKAB_COOKIE_KEY": secrets.token_urlsafe(32),
    }
    gc_log = f"{tmp}/gc.json"
    proc, url = start_server("app.py", env, args.gc, gc_log)
    try:
        await warm_up(url, code)
        await asyncio.sleep(1.1)  # the server writes its figures each second
        before = collections_so_far(gc_log)
        stats, seconds, _ = await drive(url, database_url, code, n, args, {"server": proc.pid})
        await asyncio.sleep(1.1)
        stats.collections = collections_since(gc_log, before)
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


def pace_of(args: argparse.Namespace) -> dict:
    """The tablets' pace from the arguments (scale_out.py's parser has only some of them)."""
    return {
        "join_window": args.join_window,
        "idea": tuple(getattr(args, "idea_pace", (20, 60))),
        "vote": tuple(getattr(args, "vote_pace", (3, 12))),
        "typing": tuple(getattr(args, "typing", (1.0, 2.5))),
    }


def own_cpu() -> float:
    """CPU seconds this client process has used so far (user + system)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


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
    (name -> process id), sampled over the same time. The client's own CPU goes in
    stats.client_cpu, the load average before and after in stats.load.
    """
    stats = stats if stats is not None else Stats()
    room_work.forget()
    per_process = {name: stats if len(pids) == 1 else Stats() for name in pids}
    stop = asyncio.Event()
    samplers = [
        asyncio.create_task(sample_process(pid, per_process[name], stop)) for name, pid in pids.items()
    ]
    started = time.monotonic()
    stats.started_at = time.perf_counter()
    cpu = own_cpu()
    load_before = os.getloadavg()
    pace = pace_of(args)
    tablets = [Tablet(url, code, stats, i, pace) for i in range(n)]
    progress = asyncio.create_task(show_progress(stats, tablets, started, stop, list(per_process.values())))
    lag = asyncio.create_task(sample_lag(stats, stop))
    collect_ends = started + args.collect
    await asyncio.gather(
        facilitator(database_url, code, args.collect, stats),
        *(t.live(collect_ends) for t in tablets),
    )
    stop.set()
    await asyncio.gather(*samplers, progress, lag)
    seconds = time.monotonic() - started
    stats.client_cpu = own_cpu() - cpu
    stats.load = (load_before, os.getloadavg())
    propagation(stats, tablets)
    return stats, seconds, per_process


async def sample_lag(stats: Stats, stop: asyncio.Event, every: float = 0.1) -> None:
    """How late this process's event loop wakes from a short sleep, all through the run."""
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        asked = loop.time()
        await asyncio.sleep(every)
        stats.client_lag.append(max(0.0, loop.time() - asked - every))


async def show_progress(
    stats: Stats, tablets: list[Tablet], started: float, stop: asyncio.Event, servers: list[Stats]
) -> None:
    """A line every 15 s on stderr, so a long run shows it is alive, where it is, and how
    many cores the servers and this client used since the line before: a server that
    stays near 1.0 has run out of its one interpreter."""
    last, cpu, client = started, 0.0, own_cpu()
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 15)
        done = sum(t.done.is_set() for t in tablets)
        actions = {kind: len(v) for kind, v in stats.latencies.items()} | {"pushed": stats.pushed}
        now, cpu_now, client_now = time.monotonic(), sum(s.cpu_seconds for s in servers), own_cpu()
        spent = now - last
        cores = f"servers {(cpu_now - cpu) / spent:.2f} cores, client {(client_now - client) / spent:.2f}"
        last, cpu, client = now, cpu_now, client_now
        print(
            f"  {now - started:4.0f} s: {actions}, {done}/{len(tablets)} tablets done, {cores}, "
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


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tablets", type=int, nargs="+", default=[100, 300])
    parser.add_argument("--votes", nargs="+", choices=("hidden", "shown"), default=["hidden", "shown"])
    parser.add_argument("--collect", type=float, default=60, help="seconds of adding ideas")
    parser.add_argument("--join-window", type=float, default=30, help="tablets join within this many seconds")
    parser.add_argument("--database", help="DATABASE_URL to use instead of a fresh SQLite file")
    parser.add_argument("--no-baseline", action="store_true", help="skip the hello-world baseline")
    parser.add_argument(
        "--gc", action="store_true", help="run both servers with runner.postScriptGC on (Streamlit's default)"
    )
    parser.add_argument("--idea-pace", type=float, nargs=2, default=[20, 60], help="seconds between ideas")
    parser.add_argument("--vote-pace", type=float, nargs=2, default=[3, 12], help="seconds between dots")
    parser.add_argument(
        "--typing", type=float, nargs=2, default=[1.0, 2.5], help="seconds between typing pauses"
    )
    args = parser.parse_args()
    if args.database and len(args.tablets) * len(args.votes) > 1:
        parser.error("--database takes one run (one N, one --votes): each run needs a fresh database")
    print(f"machine: {machine()}; runner.postScriptGC {'on' if args.gc else 'off'}")
    (i0, i1), (v0, v1), (t0, t1) = args.idea_pace, args.vote_pace, args.typing
    print(f"pace: join within {args.join_window:.0f} s; for {args.collect:.0f} s a first idea soon "
          f"after joining, then one every {i0:g}-{i1:g} s, each typed with 1-3 pauses of "
          f"{t0:g}-{t1:g} s (a look-alike hint request each), "
          f"a comment after {COMMENT_CHANCE:.0%} of them; then 5 dots at {v0:g}-{v1:g} s intervals; "
          f"push stream, polling every {POLL_SECONDS} s as the fallback")  # fmt: skip
    failed = False
    for n in args.tablets:
        base = Stats() if args.no_baseline else await baseline(n, args.collect + 30, args.gc)
        if not args.no_baseline:
            clicks = base.latencies[BASELINE_KIND]
            print(f"baseline, {n} hello tablets: bare rerun p50 {ms(clicks, 50)} ms, "
                  f"p95 {ms(clicks, 95)} ms, errors {len(base.errors)}", flush=True)  # fmt: skip
        for votes in args.votes:
            load, seconds = await samskab(n, args, votes)
            report(n, votes, base, load, seconds)
            sys.stdout.flush()
            # Failing (CI's smoke run): any error, an idea a tablet never saw, or no vote at all.
            failed = failed or bool(load.errors) or load.missed > 0 or not load.latencies.get("dot")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    asyncio.run(main())
