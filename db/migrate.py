"""Bring a database to the newest schema with Alembic; the app calls this on start.

Also the lock for work that must happen once however many servers start at once (the
demo's seeding): `exclusive_scope`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.orm import Session

from db.session import default_url, is_sqlite, make_engine, session_scope

_ROOT = Path(__file__).resolve().parent.parent
_done: set[str] = set()
_lock = threading.Lock()

# Any fixed number: PostgreSQL's advisory lock keeps two app processes from migrating at
# once, and from seeding at once (exclusive_scope).
_PG_MIGRATION_LOCK = 7_243_001


def alembic_config(url: str) -> Config:
    cfg = Config(str(_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(_ROOT / "db" / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str | None = None, revision: str = "head") -> None:
    url = url or default_url()
    cfg = alembic_config(url)
    if is_sqlite(url):
        # env.py opens its own connection with foreign keys off; BEGIN IMMEDIATE there
        # serialises two processes that start at once.
        command.upgrade(cfg, revision)
        return
    engine = make_engine(url, pooled=False)
    try:
        with engine.connect() as lock_conn:
            lock_conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            try:
                command.upgrade(cfg, revision)
            finally:
                lock_conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_MIGRATION_LOCK})
                lock_conn.commit()
    finally:
        engine.dispose()


def downgrade(url: str | None = None, revision: str = "base") -> None:
    command.downgrade(alembic_config(url or default_url()), revision)


def ensure_migrated(url: str) -> bool:
    """Upgrade `url` once per process; True if this call did the work."""
    with _lock:
        if url in _done:
            return False
        upgrade(url)
        _done.add(url)
        return True


@contextmanager
def exclusive_scope(url: str) -> Iterator[Session]:
    """A writing unit of work that holds the migration's lock from its first statement to COMMIT.

    For "do it if nobody has": what the caller checks inside stays true until it has
    written, because a second server doing the same waits at the lock and then sees the
    first one's work. On PostgreSQL that is the migration's advisory lock, taken for the
    transaction (so a server still migrating is waited for too); on SQLite the
    transaction's BEGIN IMMEDIATE, which is the database's one write lock.
    """
    with session_scope(url) as session:
        if is_sqlite(url):
            session.connection()  # BEGIN IMMEDIATE now, before the caller's first read
        else:
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        yield session
