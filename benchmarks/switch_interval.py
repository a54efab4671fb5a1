"""What the interpreter's switch interval does to a dot while other threads compute.

    python benchmarks/switch_interval.py [--busy 2] [--dots 200] [--intervals 5 1 0.5]

The room of benchmarks/dot_cost.py (a fresh SQLite file, one workshop voting, 60
participants, 100 ideas). While `--busy` threads run pure Python, as the event loop and the
page runs do in a busy server, one thread spends and takes back dots through the route's
own function (`api/board.py` `_dots`), `--dots` of them at each switch interval in turn.
Printed: milliseconds per dot and dots per second. Each SQLite statement lets the
interpreter go, and getting it back waits for a busy thread's switch interval (Python's
default 5 ms, which the server keeps: docs/performance.md says why); alone, a dot takes
about 3 ms.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _compute(stop: threading.Event) -> None:
    while not stop.is_set():
        sum(range(1000))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--busy", type=int, default=2, help="threads computing beside the dots")
    parser.add_argument("--dots", type=int, default=200, help="dots at each interval")
    parser.add_argument("--intervals", type=float, nargs="+", default=[5, 1, 0.5], help="in ms")
    args = parser.parse_args()
    from api.board import _dots
    from benchmarks.dot_cost import _room
    from db.session import configure

    url = f"sqlite:///{tempfile.mkdtemp(prefix='switch-')}/dots.db"
    code, tokens, ideas = _room(url)
    configure(url)
    rng = random.Random(16)
    print(f"{args.busy} threads computing beside one thread spending and taking back dots:")
    for interval in args.intervals:
        sys.setswitchinterval(interval / 1000)
        stop = threading.Event()
        busy = [threading.Thread(target=_compute, args=(stop,)) for _ in range(args.busy)]
        for thread in busy:
            thread.start()
        started, done = time.perf_counter(), 0
        while done < args.dots:
            token, chosen = rng.choice(tokens), rng.sample(ideas, 5)
            for change in (+1, -1):
                for idea_id in chosen:
                    status, _ = _dots(code, token, idea_id, change, "da")
                    assert status == 200
                    done += 1
        took = time.perf_counter() - started
        stop.set()
        for thread in busy:
            thread.join()
        each = 1000 * took / done
        print(f"  switch interval {interval:g} ms: {each:.1f} ms a dot, {done / took:.0f} dots/s")


if __name__ == "__main__":
    main()
