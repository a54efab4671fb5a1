"""Dashboard scale: render time of the insight pages and cost of each aggregate on a large database.

    python benchmarks/dashboard_scale.py --engine both --scale 1.0 --repeat 5

Generates (or reuses) the database of benchmarks/scale_data.py: 100 k ideas, 1 M votes,
20 k volunteers, 1 M hour entries. Per engine it then prints:

- each aggregate the pages compute, through its service function: cold (first call on a
  fresh connection) and warm (median of --repeat calls), beside the very SQL statements
  the service sent (recorded with a `before_cursor_execute` listener) run bare on the raw
  DBAPI cursor; target: service ≤ 1.5 × bare.
- each page rendered by `streamlit.testing.v1.AppTest` from app.py with a signed-in
  leader: cold (first run after `st.cache_data.clear()`) and warm (median of the next
  runs); targets: ≤ 1 s cold, ≤ 0.2 s warm.

SQLite's file stays in the OS page cache between runs, so "cold" means cold in Python and
in the connection, not on disk. The figures go in the README's Dashboards section.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import secrets
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from benchmarks.scale_data import ANCHOR, ensure_database  # noqa: E402
from db.session import dispose, is_sqlite, make_engine  # noqa: E402

COLD_TARGET, WARM_TARGET, RATIO_TARGET = 1.0, 0.2, 1.5
HOUR_VALUE = 200


@dataclass(frozen=True)
class Query:
    """One aggregate a page shows: `module.function(session, **kwargs)`."""

    label: str
    module: str
    function: str
    kwargs: dict[str, Any] = field(default_factory=dict)

    def resolve(self) -> Callable[..., Any] | None:
        """The function, or None while the branch that adds it is not merged."""
        try:
            return getattr(importlib.import_module(self.module), self.function, None)
        except ImportError:
            return None


# What the pages compute, with the arguments they pass (today pinned to the data's anchor).
QUERIES = (
    Query("data_version", "services.data_version", "data_version", {"today": ANCHOR}),
    Query("processes.overview", "services.processes", "overview"),
    Query("workshops.list_workshops", "services.workshops", "list_workshops"),
    Query("tally.support (all workshops)", "services.tally", "support"),
    Query(
        "resources.resource_map",
        "services.resources",
        "resource_map",
        {"hour_value": HOUR_VALUE, "today": ANCHOR},
    ),
    Query("volunteers.retention", "services.volunteers", "retention", {"today": ANCHOR}),
)

# Page key -> (file, role that opens it).
PAGES = {
    "overview": ("app_pages/overview.py", "leader"),
    "dashboard": ("app_pages/dashboard.py", "leader"),
    "inclusion": ("app_pages/inclusion.py", "leader"),
    "summary": ("app_pages/summary.py", "politician"),
}


# --- measuring ------------------------------------------------------------------------------


def median_time(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@dataclass
class QueryFigures:
    label: str
    statements: int
    cold: float
    warm: float
    bare_cold: float
    bare_warm: float

    @property
    def ratio(self) -> float:
        return self.warm / self.bare_warm if self.bare_warm else float("inf")


def _read_session(engine) -> Session:
    bind = engine.execution_options(sqlite_begin="DEFERRED") if is_sqlite(str(engine.url)) else engine
    return Session(bind, expire_on_commit=False)


def measure_query(url: str, query: Query, fn: Callable[..., Any], repeat: int) -> QueryFigures:
    engine = make_engine(url, pooled=False)  # a fresh connection for every session: cold is cold
    recorded: list[tuple[str, Any]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _record(_conn, _cursor, statement, parameters, _context, _executemany) -> None:
        if not statement.lstrip().upper().startswith("BEGIN"):
            recorded.append((statement, parameters))

    def call() -> None:
        with _read_session(engine) as session:
            fn(session, **query.kwargs)

    started = time.perf_counter()
    call()
    cold = time.perf_counter() - started
    statements = list(recorded)
    event.remove(engine, "before_cursor_execute", _record)
    warm = median_time(call, repeat)
    engine.dispose()

    bare_engine = make_engine(url, pooled=False)

    def bare() -> None:
        raw = bare_engine.raw_connection()
        try:
            cursor = raw.cursor()
            for statement, parameters in statements:
                cursor.execute(statement, parameters)
                cursor.fetchall()
            cursor.close()
            raw.rollback()
        finally:
            raw.close()

    started = time.perf_counter()
    bare()
    bare_cold = time.perf_counter() - started
    bare_warm = median_time(bare, repeat)
    bare_engine.dispose()
    return QueryFigures(query.label, len(statements), cold, warm, bare_cold, bare_warm)


@dataclass
class PageFigures:
    page: str
    role: str
    cold: float
    warm: float
    note: str = ""
    title: str = ""


def measure_page(url: str, page: str, repeat: int) -> PageFigures:
    import streamlit as st
    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest

    set_log_level("error")  # clearing the cache outside a script run warns, harmlessly

    file, role = PAGES[page]
    if not (ROOT / file).exists():
        return PageFigures(page, role, float("nan"), float("nan"), "page missing")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    # Signed in as streamlit-authenticator leaves it after a login: the app reads the user
    # from the database by this name on every run (components/auth.py).
    at.session_state["authentication_status"] = True
    at.session_state["username"] = role
    at.session_state["name"] = role
    at.run()
    at.switch_page(file).run()  # the page's first run: imports, first connections
    title = at.title[0].value if at.title else "?"
    note = "; ".join(str(e.value)[:60] for e in [*at.exception, *at.error])
    st.cache_data.clear()
    started = time.perf_counter()
    at.run()
    cold = time.perf_counter() - started
    warm = median_time(at.run, repeat)
    if at.exception:
        note = "; ".join(str(e.value)[:60] for e in at.exception)
    return PageFigures(page, role, cold, warm, note, title)


# --- reporting ------------------------------------------------------------------------------


def machine(urls: dict[str, str]) -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    mem = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    lines = [
        f"CPU: {cpu}, {os.cpu_count()} cores; RAM {int(mem) / 2**20:.0f} GiB",
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}",
    ]
    if "postgresql" in urls:
        engine = make_engine(urls["postgresql"], pooled=False)
        with engine.connect() as conn:
            lines.append(f"PostgreSQL {conn.exec_driver_sql('SHOW server_version').scalar()}")
        engine.dispose()
    return lines


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def print_queries(engine: str, figures: list[QueryFigures]) -> None:
    print(f"\n{engine}: aggregates (seconds; warm = median; target service ≤ {RATIO_TARGET} × bare)")
    print(
        f"  {'query':34} {'stmts':>5} {'cold':>7} {'warm':>7} {'bare cold':>9} {'bare warm':>9} {'ratio':>6}"
    )
    for f in figures:
        print(
            f"  {f.label:34} {f.statements:>5} {f.cold:>7.3f} {f.warm:>7.3f} {f.bare_cold:>9.3f}"
            f" {f.bare_warm:>9.3f} {f.ratio:>5.2f}× {verdict(f.ratio <= RATIO_TARGET)}"
        )


def print_pages(engine: str, figures: list[PageFigures]) -> None:
    print(f"\n{engine}: pages through AppTest (seconds; targets cold ≤ {COLD_TARGET}, warm ≤ {WARM_TARGET})")
    print(f"  {'page':12} {'role':11} {'cold':>7}      {'warm':>7}")
    for f in figures:
        if f.note == "page missing":
            print(f"  {f.page:12} {f.role:11} (not in this checkout)")
            continue
        print(
            f"  {f.page:12} {f.role:11} {f.cold:>7.3f} {verdict(f.cold <= COLD_TARGET)} {f.warm:>7.3f}"
            f" {verdict(f.warm <= WARM_TARGET)}  {f.title[:30]}{'  ! ' + f.note if f.note else ''}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of the full size (1.0 = 1 M votes)"
    )
    parser.add_argument("--repeat", type=int, default=5, help="warm runs to take the median of")
    parser.add_argument("--queries", nargs="*", help="only aggregates whose label contains one of these")
    parser.add_argument("--pages", nargs="*", choices=tuple(PAGES), help="only these pages")
    parser.add_argument("--no-pages", action="store_true", help="aggregates only")
    parser.add_argument("--no-queries", action="store_true", help="pages only")
    args = parser.parse_args()

    engines = ("sqlite", "postgresql") if args.engine == "both" else (args.engine,)
    urls = {engine: ensure_database(engine, args.scale) for engine in engines}
    os.environ.setdefault("SAMSKAB_COOKIE_KEY", secrets.token_urlsafe(32))
    os.environ["SAMSKAB_MODE"] = "production"
    for engine, url in urls.items():
        if not args.no_queries:
            figures = []
            for query in QUERIES:
                if args.queries and not any(q in query.label for q in args.queries):
                    continue
                fn = query.resolve()
                if fn is not None:
                    figures.append(measure_query(url, query, fn, args.repeat))
            print_queries(engine, figures)
        if not args.no_pages:
            os.environ["DATABASE_URL"] = url
            pages = [measure_page(url, page, args.repeat) for page in (args.pages or PAGES)]
            dispose(url)
            print_pages(engine, pages)
    print()
    print("\n".join(machine(urls)))


if __name__ == "__main__":
    main()
