"""What one dot costs the server: the CPU of `POST /api/board/<code>/dots`, in process.

    python benchmarks/dot_cost.py [--database URL] [--dots 1200] [--repeat 3]

A fresh SQLite file (or the empty PostgreSQL database `--database` names) with one
workshop in the vote phase, 100 ideas and 60 participants. Each participant spends five
dots on ideas of its own choosing and takes them back, each through the route's own
function (`api/board.py` `_dots`: the token looked up, `add_dot` or `take_dot` in the write
transaction, the participant's own state for the reply), without HTTP. Printed: CPU and wall time per
dot, and the wall time of it inside the write transaction, where every other writer of the
room waits; median of `--repeat` rounds. With votes shown every dot is a new board version, and
in a room's vote phase dots were a quarter of the server's CPU (py-spy, 300 tablets).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _room(url: str) -> tuple[str, list[str], list[int]]:
    """The join code, tokens of 60 participants and ids of 100 ideas of a workshop in the vote phase."""
    from db import migrate
    from db.models import Idea
    from db.session import session_scope
    from services.admin.permissions import SYSTEM
    from services.workshop import new_workshops, participants, processes, workshops

    migrate.upgrade(url)
    with session_scope(url) as s:
        process = processes.create_process(s, title="Prikker", by_user_id=SYSTEM)
        w = new_workshops.create_workshop(
            s, process_id=process.id, title="Prikker", themes=["Mødesteder"],
            dot_budget=5, dots_per_idea=2, hide_votes_until_reveal=False, by_user_id=SYSTEM,
        )  # fmt: skip
        workshops.move_phase(s, w.id, "collect", by_user_id=SYSTEM)
        joined = [participants.join(s, w.code, stakeholder_group="citizen") for _ in range(60)]
        ideas = [
            Idea(workshop_id=w.id, participant_id=joined[i % 60][0].id, title=f"Idé {i}", description="")
            for i in range(100)
        ]
        s.add_all(ideas)
        s.flush()
        workshops.move_phase(s, w.id, "vote", by_user_id=SYSTEM)
        return w.code, [token for _, token in joined], [i.id for i in ideas]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", help="an empty database's URL instead of a fresh SQLite file")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of 600 dots")
    args = parser.parse_args()
    url = args.database or f"sqlite:///{tempfile.mkdtemp(prefix='dots-')}/dots.db"
    import api.board
    from api.board import _dots
    from db.session import configure, session_scope

    held = [0.0]

    @contextmanager
    def timed_write(*args: object) -> Iterator[object]:
        started = time.perf_counter()
        try:
            with session_scope(*args) as session:  # type: ignore[arg-type]
                yield session
        finally:
            held[0] += time.perf_counter() - started

    api.board.session_scope = timed_write  # type: ignore[assignment]

    code, tokens, ideas = _room(url)
    configure(url)  # the route finds its database as the app's
    rng = random.Random(16)

    def dot(token: str, idea_id: int, change: int) -> None:
        status, _ = _dots(code, token, idea_id, change, "da")  # a refusal (the cap) is answered too
        assert status == 200

    cpu, wall, writing = [], [], []
    for _ in range(args.repeat + 1):  # the first round warms the caches and is not counted
        n, started_cpu, started, held[0] = 0, time.process_time(), time.perf_counter(), 0.0
        for token in tokens:
            chosen = rng.sample(ideas, 5)
            for change in (+1, -1):
                for idea_id in chosen:
                    dot(token, idea_id, change)
                    n += 1
        cpu.append((time.process_time() - started_cpu) / n)
        wall.append((time.perf_counter() - started) / n)
        writing.append(held[0] / n)
    engine = url.split(":", 1)[0].split("+", 1)[0]
    print(
        f"{engine}: a dot costs {1000 * statistics.median(cpu[1:]):.2f} ms of CPU,"
        f" {1000 * statistics.median(wall[1:]):.2f} ms wall, of which"
        f" {1000 * statistics.median(writing[1:]):.2f} ms in the write transaction"
        f" (median of {args.repeat} rounds of {n} dots)"
    )


if __name__ == "__main__":
    main()
