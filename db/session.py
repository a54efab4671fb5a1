"""Engines and units of work: SQLite pragmas, BEGIN IMMEDIATE for writes, `session_scope`,
and the data version every writing unit of work bumps just before it commits."""

from __future__ import annotations

import contextlib
import math
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction
from sqlalchemy.pool import NullPool

import config

_engines: dict[str, Engine] = {}
# What read_scope binds to: on SQLite the engine with reads that begin DEFERRED, built once
# (execution_options() builds a new engine proxy at each call, about 16 µs of every read).
_readers: dict[str, Engine] = {}
_write_locks: dict[str, threading.RLock] = {}
_lock = threading.Lock()
_default_url: str | None = None

# How long a SQLite writer waits for the lock before giving up (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 30_000

# Connections a process keeps open, and how many more it may open for a burst. A busy
# process has up to 40 request threads (Starlette's pool) besides its page runs; with
# SQLAlchemy's default of 5 kept (10 on PostgreSQL), a room of 1,000 tablets opened and
# closed a connection for most requests: SQLite's with its pragmas, 3.5 % of the server's
# busy time in a profile; PostgreSQL's with a new server process each time. PostgreSQL's
# burst stays at 30 connections a process, as before: two processes and the tools fit in
# its default of 100 (docs/deployment.md).
POOL_SIZE = 20
SQLITE_OVERFLOW = 40
POSTGRES_OVERFLOW = 10


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _prepare_sqlite_file(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def make_engine(url: str, *, foreign_keys: bool = True, pooled: bool = True) -> Engine:
    """A new engine for `url`, with Samskab's SQLite transaction rules where they apply."""
    if not is_sqlite(url):
        # JIT off for every connection: PostgreSQL compiles a plan to machine code once its
        # estimated cost passes jit_above_cost, which only the dashboards' aggregates reach,
        # and at 100 k ideas the compiling took 377 of their 1,082 ms. Nothing Samskab asks
        # runs long enough to win the compile time back.
        options: dict[str, Any] = {"pool_pre_ping": True, "connect_args": {"options": "-c jit=off"}}
        if pooled:
            options |= {"pool_size": POOL_SIZE, "max_overflow": POSTGRES_OVERFLOW}
        else:
            options |= {"poolclass": NullPool}
        return create_engine(url, **options)

    _prepare_sqlite_file(url)
    in_memory = make_url(url).database in (None, "", ":memory:")
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        **(
            {"poolclass": NullPool}
            if not pooled
            else {}
            if in_memory
            else {"pool_size": POOL_SIZE, "max_overflow": SQLITE_OVERFLOW}
        ),
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        # Hand transaction control to SQLAlchemy's "begin" event below: the driver's own
        # implicit BEGIN is deferred, which gives "database is locked" under concurrent
        # writers even with busy_timeout.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        try:
            cursor.execute("SELECT ln(1), exp(0)")
        except sqlite3.OperationalError:
            # An SQLite built without its math functions: the top lists score ideas with them.
            dbapi_connection.create_function("ln", 1, math.log, deterministic=True)
            dbapi_connection.create_function("exp", 1, math.exp, deterministic=True)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # noqa: ANN001
        # Writers take the write lock up front; readers (read_scope) do not block them.
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def engine_for(url: str | None = None) -> Engine:
    """The process-wide engine for `url` (default: the configured database)."""
    url = url or default_url()
    engine = _engines.get(url)  # made already: no lock for what every unit of work asks
    if engine is not None:
        return engine
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = make_engine(url)
            if is_sqlite(url):
                _write_locks[url] = threading.RLock()
                _readers[url] = engine.execution_options(sqlite_begin="DEFERRED")
            else:
                _readers[url] = engine
            _engines[url] = engine  # last: seen without the lock only once complete
        return engine


def dispose(url: str) -> None:
    """Close and forget the engine for `url` (tests use a database per test)."""
    with _lock:
        engine = _engines.pop(url, None)
        _readers.pop(url, None)
        _write_locks.pop(url, None)
    if engine is not None:
        engine.dispose()


def configure(url: str | None) -> None:
    """Set the database the app uses (None: the settings'); app.py calls this every run."""
    global _default_url
    _default_url = url


def default_url() -> str:
    return _default_url or config.load().database_url


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """One unit of work that writes: commits at the end, rolls back on any error.

    On SQLite, writers of this process also queue on a lock of their own. SQLite lets one
    writer in at a time anyway; the others would wait in its busy handler, which sleeps
    in growing steps (up to 100 ms) and so turns a burst of 300 tablets voting into
    seconds of waiting. A lock hands the turn over the moment the writer is done.
    Other processes still meet at SQLite's own lock and busy timeout.
    """
    url = url or default_url()
    engine = engine_for(url)
    turn = _write_locks.get(url) or contextlib.nullcontext()
    with turn, Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def read_scope(url: str | None = None) -> Iterator[Session]:
    """A unit of work that only reads; on SQLite it never takes the write lock."""
    url = url or default_url()
    bind = _readers.get(url)
    if bind is None:
        engine_for(url)
        bind = _readers[url]
    # Closing (not rolling back) keeps what was loaded readable after the scope ends.
    with Session(bind, expire_on_commit=False) as session:
        yield session


# --- the data version ------------------------------------------------------------------
#
# Dashboards cache on `data_version` (services.insight.data_version). Every Session that
# wrote anything bumps it right before COMMIT, in the same transaction: the bump is the
# transaction's last statement, so its row lock (every writer meets there) is held only
# for the COMMIT itself, and no long transaction keeps the others waiting. Listening on
# the Session class covers every unit of work, the tests' own sessions included; only
# writes on a bare Connection (migrations, bulk loads in benchmarks) do not count.

_WROTE = "samskab.wrote"  # the (table, how) pairs a transaction wrote: how is "row" or "statement"

# What a dot writes (services.workshop.votes), all by statement: the participant's
# votes_used and the workshop's board counters, the vote, and the kept counts. A
# transaction that wrote nothing else moves `data_version.votes` instead of `version`, so
# the figures that read no dots stay cached during a workshop (runtime.aggregates). Rows
# of participant or workshop written through the ORM (a join, a settings change) are not
# in this set: they move `version`. Anything new that writes one of these tables by
# statement must read the same figures as a dot, or move `version`.
_VOTES_ONLY = frozenset(
    {
        ("vote", "statement"),
        ("idea_support", "statement"),
        ("idea_support_group", "statement"),
        ("participant", "statement"),
        ("workshop", "statement"),
    }
)

# An upsert, not an UPDATE: a row missing (a test's TRUNCATE) must not silently stop the
# version; the same statement works on SQLite (3.24+) and PostgreSQL.
_BUMP = text(
    "INSERT INTO data_version (id, version) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET version = data_version.version + 1"
)
_BUMP_VOTES = text(
    "INSERT INTO data_version (id, version, votes) VALUES (1, 0, 1) "
    "ON CONFLICT (id) DO UPDATE SET votes = data_version.votes + 1"
)


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, _flush_context: object) -> None:
    written = session.info.setdefault(_WROTE, set())
    for row in (*session.new, *session.dirty, *session.deleted):
        table = getattr(row, "__tablename__", None)
        written.add((table or "?", "row"))


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state: ORMExecuteState) -> None:
    # UPDATE/INSERT/DELETE statements (votes.py, clusters.py) bypass the flush.
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        written = state.session.info.setdefault(_WROTE, set())
        written.add((getattr(table, "name", "?"), "statement"))


@event.listens_for(Session, "before_commit")
def _bump_data_version(session: Session) -> None:
    # before_commit fires for savepoints too; only the outermost COMMIT makes writes visible.
    if session.in_nested_transaction():
        return
    session.flush()  # pending objects are written after this hook; they count too
    written = session.info.get(_WROTE)
    if written:
        session.connection().execute(_BUMP_VOTES if written <= _VOTES_ONLY else _BUMP)


@event.listens_for(Session, "after_transaction_end")
def _forget_writes(session: Session, transaction: SessionTransaction) -> None:
    # Only the outermost transaction: writes kept after a rolled-back savepoint still count.
    if transaction.parent is None:
        session.info.pop(_WROTE, None)
