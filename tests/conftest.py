"""Fresh databases per test: a copied SQLite file, or PostgreSQL emptied when DATABASE_URL says so.

On PostgreSQL each pytest-xdist worker has a database of its own, named after the one
DATABASE_URL names (`samskab_ci_gw0`, ...): every test empties its tables, so two workers
in one database would empty each other's mid-test.
"""

from __future__ import annotations

import io
import json
import logging
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

# Cheap bcrypt in tests (still real bcrypt) and a cookie key that never touches data/.
os.environ.setdefault("SAMSKAB_BCRYPT_ROUNDS", "4")
os.environ.setdefault("SAMSKAB_COOKIE_KEY", secrets.token_urlsafe(32))
os.environ.setdefault("SAMSKAB_MODE", "demo")
# The tests' dates are reckoned in Copenhagen, whatever a local secrets file says.
os.environ.setdefault("SAMSKAB_TIMEZONE", "Europe/Copenhagen")

import i18n
import logs
from api import board_snapshots
from db import migrate
from db.models import Base
from db.session import configure, dispose, engine_for, is_sqlite, session_scope
from demo import seed
from services.workshop import board
from services.workshop.open_space import view as open_space_view
from tests import when

POSTGRES_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = POSTGRES_URL.startswith("postgresql")
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if ON_POSTGRES and WORKER:
    _given = make_url(POSTGRES_URL)
    POSTGRES_URL = _given.set(database=f"{_given.database}_{WORKER}").render_as_string(hide_password=False)
    # Code that finds its database on its own (the JSON routes, the commands) finds this one.
    os.environ["DATABASE_URL"] = POSTGRES_URL


class JsonLog:
    """What the operations log wrote during a test: the raw lines, and each as a dict."""

    def __init__(self) -> None:
        self.stream = io.StringIO()

    def text(self) -> str:
        return self.stream.getvalue()

    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.text().splitlines()]

    def events(self, name: str) -> list[dict]:
        return [line for line in self.lines() if line["event"] == name]


@pytest.fixture
def json_log() -> Iterator[JsonLog]:
    """The operations log's lines, formatted as in production, at INFO."""
    captured = JsonLog()
    handler = logging.StreamHandler(captured.stream)
    handler.setFormatter(logs.JsonFormatter())
    logger = logging.getLogger(logs.LOGGER_NAME)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield captured
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.fixture(autouse=True)
def _danish_by_default() -> Iterator[None]:
    """Every test starts in Danish, whatever language the test before it switched to.

    AppTest formats widget values (a selectbox's labels) in the test's own thread, so a
    language left switched there would make a Danish page's widgets look unknown.
    """
    i18n.set_language("da")
    yield
    i18n.set_language("da")


@pytest.fixture(autouse=True)
def _fresh_board_caches() -> None:
    """The process's shared board and marketplace caches start empty, as in a new process.

    They are keyed by workshop id and version, which recur from test to test on PostgreSQL
    (its tables are truncated with RESTART IDENTITY between tests) with other content.
    """
    board.snapshots.clear()
    board_snapshots.forget()
    open_space_view._CACHE.clear()


@pytest.fixture(autouse=True)
def clock_at() -> Iterator[Callable[[date | datetime], datetime]]:
    """Samskab's clock, stopped at tests/when.py's NOW for every test: none reads the real date.

    `clock_at(day)` moves it to that day's morning in the municipality's zone, or to a naive
    datetime's wall-clock time there, and returns the moment. The clock stays stopped, so
    "today", every stamp a service writes and every default period agree within a test.
    Travelling in UTC also sets the process's own zone to UTC, as on a server: a date taken
    from the server's zone instead of the municipality's shows up here, not in production.
    """
    with time_machine.travel(when.NOW.astimezone(UTC), tick=False) as traveller:

        def move(to: date | datetime) -> datetime:
            moment = when.local(to)
            traveller.move_to(moment.astimezone(UTC))
            return moment

        yield move


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory: pytest.TempPathFactory) -> str | Path:
    """A migrated empty database to start every test from."""
    if ON_POSTGRES:
        if WORKER:
            _create_worker_database(POSTGRES_URL)
        migrate.upgrade(POSTGRES_URL)
        return POSTGRES_URL
    path = tmp_path_factory.mktemp("template") / "samskab.db"
    migrate.upgrade(f"sqlite:///{path}")
    dispose(f"sqlite:///{path}")
    return path


# TRUNCATE ... CASCADE took 150 ms a test however few tables held rows (it replaces every
# table a foreign key reaches); deleting the rows of those that hold any, children first,
# and restarting the sequences that moved takes about 10 ms (PostgreSQL 15, 2026-12-07).
# The sequences restart so that ids begin at 1 again, as in a new database.
_TABLES = [table.name for table in Base.metadata.sorted_tables]
_HOLDING_ROWS = text(" UNION ALL ".join(f"(SELECT '{name}' FROM \"{name}\" LIMIT 1)" for name in _TABLES))
_NEXT_DATA_VERSION = text(
    "INSERT INTO data_version (id, version, votes) VALUES (1, 1, 0) "
    "ON CONFLICT (id) DO UPDATE SET version = data_version.version + 1"
)
_MOVED_SEQUENCES = text("SELECT schemaname, sequencename FROM pg_sequences WHERE last_value IS NOT NULL")


def empty_postgres(url: str) -> None:
    """Every table of this database empty and every id starting at 1, as after migrating.

    All but the data version, which moves on instead: figures are cached in this process
    by that version (services.insight.data_version), and a version counted again from the
    start would hand one test the figures of the test before it, as no database ever does.
    """
    with engine_for(url).begin() as conn:
        holding = set(conn.scalars(_HOLDING_ROWS))
        for name in reversed(_TABLES):
            if name in holding and name != "data_version":
                conn.execute(text(f'DELETE FROM "{name}"'))
        conn.execute(_NEXT_DATA_VERSION)
        for schema, sequence in conn.execute(_MOVED_SEQUENCES).all():
            conn.execute(text(f'ALTER SEQUENCE "{schema}"."{sequence}" RESTART'))


def _create_worker_database(url: str) -> None:
    """This worker's database, new and empty (a run before may have left one)."""
    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


@pytest.fixture
def db_url(_template_db: str | Path, tmp_path: Path) -> Iterator[str]:
    if ON_POSTGRES:
        url = str(_template_db)
        empty_postgres(url)
        configure(url)
        yield url
        configure(None)
        return
    path = tmp_path / "samskab.db"
    shutil.copy(_template_db, path)
    url = f"sqlite:///{path}"
    os.environ["DATABASE_URL"] = url
    # Code that finds its database on its own (the JSON routes) must find this one.
    configure(url)
    yield url
    configure(None)
    os.environ.pop("DATABASE_URL", None)
    dispose(url)


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    """A session on the test's database; the test commits what it wants others to see."""
    with Session(engine_for(db_url), expire_on_commit=False) as s:
        yield s
        s.rollback()


@pytest.fixture
def demo(db_url: str) -> seed.DemoSummary:
    with session_scope(db_url) as s:
        return seed.seed_demo(s, rounds=4)


def pytest_report_header() -> str:
    return f"database: {'PostgreSQL ' + POSTGRES_URL if ON_POSTGRES else 'SQLite (a file per test)'}"


__all__ = ["ON_POSTGRES", "is_sqlite"]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """What each rerun browser test (tests/e2e/conftest.py) failed on the first time: the
    summary's RERUN line names it, this says why, so a flaky test can be fixed, not kept."""
    for report in terminalreporter.stats.get("rerun", []):
        terminalreporter.write_line(f"first failure of {report.nodeid}:")
        for line in report.longreprtext.strip().splitlines()[-12:]:
            terminalreporter.write_line(f"    {line}")
