"""A database of the test's own beside the test database, empty: to migrate up and down, or
to restore a backup into (a file on SQLite, a database on PostgreSQL)."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from db.session import dispose
from tests.conftest import ON_POSTGRES, POSTGRES_URL


@pytest.fixture
def scratch_url(tmp_path: Path) -> Iterator[str]:
    """A new empty database on the engine the tests run on, dropped afterwards."""
    if not ON_POSTGRES:
        url = f"sqlite:///{tmp_path / 'scratch.db'}"
        yield url
        dispose(url)
        return
    # Named after the test database, so a shared server keeps each run's databases apart.
    base = make_url(POSTGRES_URL)
    name = f"{base.database}_scratch_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    yield url
    dispose(url)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()
