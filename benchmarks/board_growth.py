"""How a board's cost grows with its ideas: the poll and the snapshot at 50, 400 and 2,000 ideas.

    python benchmarks/board_growth.py --ideas 50 400 2000

For each size: a fresh SQLite database with one workshop in the vote phase (votes shown),
that many ideas by 100 participants, a comment on every fourth idea and 3 dots each.
Timed through the board's own routes (api/board.py, Starlette's test client, in process):

- poll: `/version` answered from the half-second cache, and with the cache emptied (one
  index seek each time);
- snapshot built: a new version's snapshot, from the database to gzipped JSON (what one
  tablet pays once per version for the whole process);
- snapshot served: `/snapshot` of a version already built (what every other tablet pays);
- its size as JSON and gzipped.

Medians of `--repeat` runs (builds: of 5).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _board(url: str, ideas: int) -> str:
    from db import migrate
    from db.models import Comment, Idea
    from db.session import session_scope
    from services.admin.permissions import SYSTEM
    from services.workshop import new_workshops, participants, processes, votes

    migrate.upgrade(url)
    with session_scope(url) as s:
        process = processes.create_process(s, title="Vækst", by_user_id=SYSTEM)
        w = new_workshops.create_workshop(
            s, process_id=process.id, title="Vækst", themes=["Mødesteder", "Transport", "Fællesskab"],
            dot_budget=3, dots_per_idea=3, hide_votes_until_reveal=False, by_user_id=SYSTEM,
        )  # fmt: skip
        people = [participants.join(s, w.code, stakeholder_group="citizen")[0] for _ in range(100)]
        rows = []
        for i in range(ideas):
            idea = Idea(
                workshop_id=w.id,
                participant_id=people[i % len(people)].id,
                theme_id=w.themes[i % 3].id,
                title=f"Idé nummer {i}: bænke, lys og læ ved stien",
                description="Et par linjers forklaring af idéen, som deltagerne skriver den. " * 2,
            )
            rows.append(idea)
        s.add_all(rows)
        s.flush()
        s.add_all(
            Comment(idea_id=idea.id, participant_id=people[i % len(people)].id, body="Godt tænkt, og nemt.")
            for i, idea in enumerate(rows[::4])
        )
        w.phase = "vote"
        s.flush()
        for i, person in enumerate(people):
            for k in range(3):
                votes.add_dot(s, person.id, rows[(i * 7 + k * 13) % len(rows)].id)
        return w.code


def _ms(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:.2f}"


def measure(ideas: int, repeat: int) -> dict[str, str]:
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from api import board as board_api
    from db.session import configure, dispose, session_scope
    from services.workshop import board, join_codes

    url = f"sqlite:///{tempfile.mkdtemp(prefix='samskab-growth-')}/samskab.db"
    code = _board(url, ideas)
    configure(url)
    client = TestClient(Starlette(routes=board_api.routes()))
    base = f"/api/board/{code}"

    def timed(call, n: int) -> list[float]:
        out = []
        for _ in range(n):
            started = time.perf_counter()
            call()
            out.append(time.perf_counter() - started)
        return out

    client.get(f"{base}/version")
    cached = timed(lambda: client.get(f"{base}/version"), repeat)

    def fresh_poll():
        board_api._versions.clear()
        client.get(f"{base}/version")

    fresh = timed(fresh_poll, repeat)

    def build():
        with session_scope(url) as s:
            w = join_codes.workshop_by_code(s, code)
            data = board.snapshot(s, w.id)
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        gzip.compress(raw, compresslevel=5)

    built = timed(build, 5)
    client.get(f"{base}/snapshot", headers={"Accept-Encoding": "gzip"})
    served = timed(lambda: client.get(f"{base}/snapshot", headers={"Accept-Encoding": "gzip"}), repeat)
    raw = client.get(f"{base}/snapshot").content
    configure(None)
    dispose(url)
    return {
        "ideas": str(ideas),
        "poll (cached) ms": _ms(cached),
        "poll (looked up) ms": _ms(fresh),
        "snapshot built ms": _ms(built),
        "snapshot served ms": _ms(served),
        "JSON KB": f"{len(raw) / 1024:.0f}",
        "gzipped KB": f"{len(gzip.compress(raw, compresslevel=5)) / 1024:.0f}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--ideas", type=int, nargs="+", default=[50, 400, 2000])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    rows = [measure(n, args.repeat) for n in args.ideas]
    print("| " + " | ".join(rows[0]) + " |")
    print("|" + " --- |" * len(rows[0]))
    for row in rows:
        print("| " + " | ".join(row.values()) + " |")


if __name__ == "__main__":
    main()
