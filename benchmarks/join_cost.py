"""What one tablet's join costs the server, against Streamlit's own floor for the same steps.

    python benchmarks/join_cost.py [--joins 100] [--repeat 3]

Two servers are started as the load benchmark starts them: Samskab on a fresh SQLite file
with one workshop collecting ideas, and the bare hello-world page (benchmarks/hello_app.py).
Tablets then join one after another, each on a new websocket, as benchmarks/tablet.py does:

- Samskab: open the join page (a page run), tap "Deltag" (the run that joins and draws the
  board) and fetch the board's snapshot;
- hello-world: open the page (a run) and click its button (a rerun), the least a tablet's
  two page runs can cost in Streamlit.

Printed per server, the server's CPU per join (the median of `--repeat` rounds of
`--joins`), and what that asks of one interpreter when a room joins within 30 s or 120 s:
the cores of CPU that many joins need in that window. One process runs its scripts on one
interpreter, so above 1.0 the joins alone are more than it has, whatever else it does.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.stclient import Session, http_get, open_http, pick, trigger  # noqa: E402
from benchmarks.tablet import GROUPS  # noqa: E402
from benchmarks.workshop_load import prepare_database, proc_figures, start_server  # noqa: E402

ROOM = 1_000  # tablets
WINDOWS = (30, 120)  # seconds the room joins within


async def samskab_join(url: str, code: str, k: int) -> None:
    session = Session(url)
    await session.connect()
    page = await session.run(f"code={code}")
    group = next(w for w in page.widgets if w.label == "Jeg deltager som")
    submit = next(w for w in page.widgets if w.label == "Deltag")
    joined = await session.run(f"code={code}", [pick(group.id, GROUPS[k % len(GROUPS)]), trigger(submit.id)])
    if "samskab_board" not in joined.components:
        raise RuntimeError(f"the join drew no board: {joined.exceptions or joined.texts[:3]}")
    token = (joined.query_string or "").split("p=", 1)[1].split("&", 1)[0]
    reader, writer = await open_http(url)
    status, _, _ = await http_get(
        reader, writer, url.split("//", 1)[1], f"/api/board/{code}/snapshot", token=token
    )
    writer.close()
    await session.close()
    if status != 200:
        raise RuntimeError(f"snapshot answered {status}")


async def hello_join(url: str) -> None:
    session = Session(url)
    await session.connect()
    first = await session.run()
    button = next(w for w in first.widgets if w.label == "Click")
    await session.run(widgets=[trigger(button.id)])
    await session.close()


async def cpu_per_join(pid: int, join, joins: int) -> float:
    """The server's CPU seconds per join over `joins` joins one after another."""
    _, before = proc_figures(pid)
    for k in range(joins):
        await join(k)
    _, after = proc_figures(pid)
    return (after - before) / joins


async def measure(args: argparse.Namespace) -> dict[str, list[float]]:
    tmp = tempfile.mkdtemp(prefix="samskab-join-")
    database_url = f"sqlite:///{tmp}/samskab.db"
    code = prepare_database(database_url)
    env = {
        "DATABASE_URL": database_url,
        "SAMSKAB_MODE": "demo",
        "SAMSKAB_COOKIE_KEY": secrets.token_urlsafe(32),
    }
    app, app_url = start_server("app.py", env)
    hello, hello_url = start_server("benchmarks/hello_app.py", {})
    rounds: dict[str, list[float]] = {"Samskab": [], "hello-world": []}
    # A tablet of each stays connected throughout, as the rest of a room would: Streamlit
    # drops its compiled scripts whenever no session is left, and every join alone on the
    # server would compile them again.
    stays = [Session(app_url), Session(hello_url)]
    try:
        for session in stays:
            await session.connect()
        await stays[0].run(f"code={code}")
        await stays[1].run()
        # First-run imports, compiling and caches are not a join's.
        await samskab_join(app_url, code, 0)
        await hello_join(hello_url)
        for _ in range(args.repeat):
            # Alternated, so a drift in the machine's speed falls on both.
            rounds["Samskab"].append(
                await cpu_per_join(app.pid, lambda k: samskab_join(app_url, code, k), args.joins)
            )
            rounds["hello-world"].append(
                await cpu_per_join(hello.pid, lambda _: hello_join(hello_url), args.joins)
            )
    finally:
        for session in stays:
            await session.close()
        for proc in (app, hello):
            proc.terminate()
            proc.wait(timeout=20)
    return rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--joins", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rounds = asyncio.run(measure(args))
    print(f"server CPU per join, {args.joins} joins one after another, median of {args.repeat} rounds")
    header = " ".join(f"{ROOM:,} in {w} s" for w in WINDOWS)
    print(f"{'server':<14}{'ms per join':>12}   rounds (ms)          cores for {header}")
    for name, seconds in rounds.items():
        median = statistics.median(seconds)
        needs = "  ".join(f"{ROOM * median / w:>12.2f}" for w in WINDOWS)
        spread = ", ".join(f"{s * 1000:.1f}" for s in seconds)
        print(f"{name:<14}{median * 1000:>12.1f}   {spread:<20} {needs}")


if __name__ == "__main__":
    main()
