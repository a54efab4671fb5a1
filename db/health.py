"""Is the database ready to serve: does it answer, and is its schema the newest (Alembic's head)?

A process that answers requests on a database that is behind (or not there) fails every
tablet with an error, so the proxy asks this before it sends anyone there (api/ready.py).
"""

from __future__ import annotations

import functools
import logging
from typing import NamedTuple

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from db.migrate import alembic_config
from db.session import default_url, engine_for, is_sqlite

_log = logging.getLogger(__name__)


class Readiness(NamedTuple):
    ready: bool
    reason: str  # "ok", "database unreachable" or "schema not at head"
    revision: str | None  # the database's, None if not migrated or not reachable
    head: str


@functools.lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest migration this code brings (one head: the migrations form a line)."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return script.get_current_head() or ""


def check(url: str | None = None) -> Readiness:
    url = url or default_url()
    head = head_revision()
    try:
        engine = engine_for(url)  # a SQLite file's folder is made here, and may fail
        # Never the write lock on SQLite: probes every few seconds must not queue behind votes.
        bind = engine.execution_options(sqlite_begin="DEFERRED") if is_sqlite(url) else engine
        with bind.connect() as conn:
            conn.execute(text("SELECT 1"))
            heads = MigrationContext.configure(conn).get_current_heads()
    except (SQLAlchemyError, OSError) as err:
        # The message may name hosts and users: the log has it, the public answer does not.
        _log.warning("readiness: database unreachable (%s)", type(err).__name__)
        return Readiness(False, "database unreachable", None, head)
    revision = heads[0] if len(heads) == 1 else None
    if revision != head:
        return Readiness(False, "schema not at head", revision, head)
    return Readiness(True, "ok", revision, head)
