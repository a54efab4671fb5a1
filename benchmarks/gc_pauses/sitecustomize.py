"""Loaded into the servers the load benchmarks start (benchmarks/workshop_load.py puts this
folder on their PYTHONPATH): how long the interpreter's garbage collections stopped the
process, by generation.

Every request of the process waits while a collection runs. A full collection walks every
object the process keeps, so at 1,000 tablets it is long, and the report prints how many
there were and how long they took. Written every second to the file named by
SAMSKAB_BENCH_GC_LOG as JSON: {generation: [collections, seconds in all, [each over 1 ms]]},
so that the benchmark can tell the longest of its run from one of the server's warm-up.
"""

from __future__ import annotations

import gc
import json
import os
import threading
import time

_PATH = os.environ.get("SAMSKAB_BENCH_GC_LOG")
_figures: dict[int, list] = {generation: [0, 0.0, []] for generation in range(3)}
_started = [0.0]


def _timed(phase: str, info: dict) -> None:
    if phase == "start":
        _started[0] = time.perf_counter()
        return
    took = time.perf_counter() - _started[0]
    figures = _figures[info["generation"]]
    figures[0] += 1
    figures[1] += took
    if took > 0.001:
        figures[2].append(took)


def _write(path: str) -> None:
    while True:
        time.sleep(1)
        with open(f"{path}.part", "w") as out:
            json.dump(_figures, out)
        os.replace(f"{path}.part", path)


if _PATH:
    gc.callbacks.append(_timed)
    threading.Thread(target=_write, args=(_PATH,), daemon=True, name="gc-pauses").start()
