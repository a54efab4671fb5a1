"""Dashboard scale: render time of the insight pages and cost of each aggregate on a large database.

    python benchmarks/dashboard_scale.py --engine both --scale 1.0 --repeat 5

Generates (or reuses) the database of benchmarks/scale_data.py: 100 k ideas, 1 M votes,
20 k volunteers, 1 M hour entries. Per engine it then prints:

- each aggregate the pages compute, through its service function: cold (first call on a
  fresh connection) and warm (median of --repeat calls), beside the very SQL statements
  the service sent (recorded with a `before_cursor_execute` listener) run bare on the raw
  DBAPI cursor; target: service ≤ 1.5 × bare.
- each page rendered by `streamlit.testing.v1.AppTest` from app.py with a signed-in
  leader: cold (the median of --cold-repeat runs, each the first after
  `st.cache_data.clear()`) and warm (median of --repeat runs); targets: ≤ 1 s cold,
  ≤ 0.2 s warm.

`--smoke` (CI: `--scale 0.01 --smoke`, well under 30 s) fails when a page raised or an
aggregate could not be measured, whatever the times.

SQLite's file stays in the OS page cache between runs, so "cold" means cold in Python and
in the connection, not on disk. The figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import secrets
import shutil
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

from sqlalchemy import Engine, event  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

import config  # noqa: E402
from benchmarks.scale_data import ANCHOR, ensure_database  # noqa: E402
from db.session import dispose, is_sqlite, make_engine  # noqa: E402
from services.volunteering.resources import default_period  # noqa: E402

COLD_TARGET, WARM_TARGET, RATIO_TARGET = 1.0, 0.2, 1.5


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


# What the pages compute, with the arguments they pass. Dates are pinned to the data's
# anchor; "all" is the widest scope a page offers, "process" one process of twenty.
_SETTINGS = config.load()
_START, _END = default_period(ANCHOR)
_PERIOD = {"process_id": None, "start": _START, "end": _END, "actor_id": None, "today": ANCHOR}
_HOUR_VALUE = _SETTINGS.volunteer_hour_value
# getattr: the population settings come with the inclusion page.
_SHARES = {k: getattr(_SETTINGS, f"population_{k}", None) for k in ("age_shares", "area_shares")}
_SUMMARY = {"hour_value": _HOUR_VALUE, "today": ANCHOR, "timezone": _SETTINGS.timezone}
QUERIES = (
    Query("data_version", "services.insight.data_version", "data_version", {"today": ANCHOR}),
    # overview page (main)
    Query("processes.overview", "services.workshop.processes", "overview"),
    Query("workshops.list_workshops", "services.workshop.workshops", "list_workshops"),
    # existing aggregates the new pages build on
    # Support as the board (one workshop) and a catalogue page (its ideas) ask for it; no
    # page asks for every workshop's.
    Query("tally.support (workshop)", "services.workshop.tally", "support", {"workshop_ids": [1]}),
    Query(
        "tally.support (200 ideas)", "services.workshop.tally", "support", {"idea_ids": list(range(1, 201))}
    ),
    Query(
        "resources.resource_map",
        "services.volunteering.resources",
        "resource_map",
        {"hour_value": _HOUR_VALUE, "today": ANCHOR},
    ),
    Query("volunteers.retention", "services.volunteering.retention", "retention", {"today": ANCHOR}),
    # leader dashboard
    Query(
        "dashboard.process_figures",
        "services.insight.ideas_to_action",
        "process_figures",
        {k: v for k, v in _PERIOD.items() if k != "process_id"},
    ),
    Query("dashboard.funnel", "services.insight.ideas_to_action", "funnel", _PERIOD),
    Query(
        "dashboard.volunteering",
        "services.insight.volunteering_figures",
        "volunteering",
        _PERIOD | {"hour_value": _HOUR_VALUE},
    ),
    Query(
        "dashboard.initiative_figures", "services.insight.initiative_progress", "initiative_figures", _PERIOD
    ),
    Query(
        "dashboard.survey_profiles",
        "services.insight.survey_figures",
        "survey_profiles",
        {k: v for k, v in _PERIOD.items() if k != "actor_id"}
        | {"min_responses": _SETTINGS.survey_min_responses},
    ),
    Query(
        "dashboard.process_comparison",
        "services.insight.ideas_to_action",
        "process_comparison",
        {k: v for k, v in _PERIOD.items() if k != "process_id"},
    ),
    # participation and inclusion
    Query("inclusion.scopes", "services.insight.inclusion", "scopes"),
    Query("inclusion.report (all)", "services.insight.inclusion", "report", {"process_id": None} | _SHARES),
    Query("inclusion.report (process)", "services.insight.inclusion", "report", {"process_id": 1} | _SHARES),
    Query("bridging.top_lists (all)", "services.insight.bridging", "top_lists", {"process_id": None}),
    Query("bridging.top_lists (process)", "services.insight.bridging", "top_lists", {"process_id": 1}),
    Query("bridging.top_ideas (process)", "services.insight.bridging", "top_ideas", {"process_id": 1}),
    # politicians' summary
    Query("summary.summary (all)", "services.insight.summary", "summary", {"process_id": None} | _SUMMARY),
    Query("summary.summary (process)", "services.insight.summary", "summary", {"process_id": 1} | _SUMMARY),
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
        bare_read(bare_engine, statements)

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
    cold_cpu: float = float("nan")  # this process's CPU in the cold run (SQLite: all of it)


def measure_page(url: str, page: str, repeat: int, cold_repeat: int = 3) -> PageFigures:
    import streamlit as st
    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest

    set_log_level("error")  # clearing the cache outside a script run warns, harmlessly

    file, role = PAGES[page]
    if not (ROOT / file).exists():
        return PageFigures(page, role, float("nan"), float("nan"), "page missing")
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test

    from tests.ui.apptest import sign_in

    # AppTest makes a new script cache for every run, so each run compiled app.py and the
    # page again (0.05-0.08 s of a warm run); a server keeps one for the process's life.
    shared = ScriptCache()
    app_test.ScriptCache = lambda: shared  # type: ignore[assignment,misc]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    # Through the login form with the demo account's password, as the UI tests do: the app
    # keeps the session's user and version in session state (runtime/sessions.py).
    sign_in(at, role)
    at.switch_page(file).run()  # the page's first run: imports, first connections
    title = at.title[0].value if at.title else "?"
    note = "; ".join(str(e.value)[:60] for e in [*at.exception, *at.error])
    colds, cpus = [], []
    from components import figure_cache

    for _ in range(max(cold_repeat, 1)):
        # Cold: after a change, both the figures and the charts drawn from them are new.
        st.cache_data.clear()
        figure_cache.clear()
        started, cpu = time.perf_counter(), time.process_time()
        at.run()
        colds.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    cold, cold_cpu = statistics.median(colds), statistics.median(cpus)
    warm = median_time(at.run, repeat)
    if at.exception:
        note = "; ".join(str(e.value)[:60] for e in at.exception)
    return PageFigures(page, role, cold, warm, note, title, cold_cpu)


def capture(url: str, query: Query, fn: Callable[..., Any]) -> list[tuple[str, Any]]:
    """The statements (and parameters) one call of the service sends."""
    engine = make_engine(url, pooled=False)
    recorded: list[tuple[str, Any]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _record(_conn, _cursor, statement, parameters, _context, _executemany) -> None:
        if not statement.lstrip().upper().startswith("BEGIN"):
            recorded.append((statement, parameters))

    with _read_session(engine) as session:
        fn(session, **query.kwargs)
    engine.dispose()
    return recorded


def index_comparison(urls: dict[str, str], revision: str, repeat: int, wanted: list[str] | None) -> None:
    """Bare SQL of each aggregate on a copy of the database migrated down to `revision`, and on
    the database itself; runs alternate so that other load on the machine hits both alike."""
    for engine, url in urls.items():
        copy_url = _copy_at_revision(engine, url, revision)
        print(f"\n{engine}: bare SQL before/after the indexes (min of {repeat} alternating runs, seconds)")
        print(f"  {'query':32} {'at ' + revision:>9} {'at head':>9} {'speed-up':>9}")
        for query in QUERIES:
            fn = query.resolve()
            if fn is None or (wanted and not any(q in query.label for q in wanted)):
                continue
            statements = capture(url, query, fn)
            times: dict[str, list[float]] = {copy_url: [], url: []}
            for _ in range(repeat):
                for target in times:
                    started = time.perf_counter()
                    _run_bare(target, statements)
                    times[target].append(time.perf_counter() - started)
            before, after = min(times[copy_url]), min(times[url])
            print(f"  {query.label:32} {before:>9.3f} {after:>9.3f} {before / after:>8.1f}×")


def bare_read(engine: Engine, statements: list[tuple[str, Any]]) -> None:
    """The statements an aggregate sends, straight on the driver's connection: its bare SQL."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            cursor.fetchall()
        cursor.close()
        raw.rollback()
    finally:
        raw.close()


def _run_bare(url: str, statements: list[tuple[str, Any]]) -> None:
    engine = make_engine(url, pooled=False)
    try:
        bare_read(engine, statements)
    finally:
        engine.dispose()


def _copy_at_revision(engine: str, url: str, revision: str) -> str:
    """A copy of the generated database with the schema at `revision` (kept for reruns)."""
    from db import migrate

    if engine == "sqlite":
        source = Path(url.removeprefix("sqlite:///"))
        copy = source.with_name(f"{source.stem}_at_{revision}.db")
        copy_url = f"sqlite:///{copy}"
        if not copy.exists() or copy.stat().st_mtime < source.stat().st_mtime:
            shutil.copyfile(source, copy)
            migrate.downgrade(copy_url, revision)
            with sqlite3.connect(copy) as conn:
                conn.execute("ANALYZE")
        return copy_url
    name = url.rsplit("/", 1)[1] + f"_at_{revision}"
    copy_url = url.rsplit("/", 1)[0] + "/" + name
    admin = make_engine(url.rsplit("/", 1)[0] + "/postgres", pooled=False).execution_options(
        isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        exists = conn.exec_driver_sql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'").first()
        if not exists:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{url.rsplit("/", 1)[1]}"')
    admin.dispose()
    if not exists:
        migrate.downgrade(copy_url, revision)
        analyze = make_engine(copy_url, pooled=False).execution_options(isolation_level="AUTOCOMMIT")
        with analyze.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
        analyze.dispose()
    return copy_url


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
        "load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.1f}" for x in os.getloadavg()),
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
        f"  {'query':32} {'stmts':>5} {'cold':>7} {'warm':>7} {'bare cold':>9} {'bare warm':>9} {'ratio':>6}"
    )
    for f in figures:
        print(
            f"  {f.label:32} {f.statements:>5} {f.cold:>7.3f} {f.warm:>7.3f} {f.bare_cold:>9.3f}"
            f" {f.bare_warm:>9.3f} {f.ratio:>5.2f}× {verdict(f.ratio <= RATIO_TARGET)}"
        )


def print_pages(engine: str, figures: list[PageFigures]) -> None:
    print(f"\n{engine}: pages through AppTest (seconds; targets cold ≤ {COLD_TARGET}, warm ≤ {WARM_TARGET})")
    print(f"  {'page':12} {'role':11} {'cold':>7}      {'warm':>7}       {'cold CPU':>8}")
    for f in figures:
        if f.note == "page missing":
            print(f"  {f.page:12} {f.role:11} (not in this checkout)")
            continue
        print(
            f"  {f.page:12} {f.role:11} {f.cold:>7.3f} {verdict(f.cold <= COLD_TARGET)} {f.warm:>7.3f}"
            f" {verdict(f.warm <= WARM_TARGET)} {f.cold_cpu:>8.3f}  {f.title[:30]}"
            f"{'  ! ' + f.note if f.note else ''}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of the full size (1.0 = 1 M votes)"
    )
    parser.add_argument("--repeat", type=int, default=5, help="warm runs to take the median of")
    parser.add_argument("--cold-repeat", type=int, default=3, help="cold page runs to take the median of")
    parser.add_argument("--smoke", action="store_true", help="exit 1 if a page raised (CI's smoke run)")
    parser.add_argument("--queries", nargs="*", help="only aggregates whose label contains one of these")
    parser.add_argument("--pages", nargs="*", choices=tuple(PAGES), help="only these pages")
    parser.add_argument("--no-pages", action="store_true", help="aggregates only")
    parser.add_argument("--no-queries", action="store_true", help="pages only")
    parser.add_argument(
        "--indexes-since",
        metavar="REVISION",
        help="instead: bare SQL on a copy migrated down to REVISION against head (e.g. 0004)",
    )
    args = parser.parse_args()

    engines = ("sqlite", "postgresql") if args.engine == "both" else (args.engine,)
    urls = {engine: ensure_database(engine, args.scale) for engine in engines}
    if args.indexes_since:
        index_comparison(urls, args.indexes_since, args.repeat, args.queries)
        print("\n" + "\n".join(machine(urls)))
        return
    os.environ.setdefault("SAMSKAB_COOKIE_KEY", secrets.token_urlsafe(32))
    os.environ["SAMSKAB_MODE"] = "production"
    failures: list[str] = []
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
            pages = [measure_page(url, page, args.repeat, args.cold_repeat) for page in (args.pages or PAGES)]
            dispose(url)
            print_pages(engine, pages)
            failures += [f"{engine} {p.page}: {p.note}" for p in pages if p.note and p.note != "page missing"]
    print()
    print("\n".join(machine(urls)))
    if args.smoke and failures:
        print("\nsmoke run failed:\n  " + "\n  ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
