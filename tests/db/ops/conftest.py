"""A second, empty database beside the test's own: a file on SQLite, a database on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from db.session import dispose
from tests.conftest import ON_POSTGRES, POSTGRES_URL


@pytest.fixture
def empty_url(tmp_path: Path) -> Iterator[str]:
    if not ON_POSTGRES:
        url = f"sqlite:///{tmp_path / 'empty.db'}"
        yield url
        dispose(url)
        return
    base = make_url(POSTGRES_URL)
    name = f"{base.database}_empty"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    yield url
    dispose(url)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
