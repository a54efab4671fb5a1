"""`/api/ready`: 200 only when the database answers and its schema is at Alembic's head."""

import socket

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from api import routes
from db import health, migrate
from db.session import configure, dispose


def _ready(url):
    configure(url)
    try:
        return TestClient(Starlette(routes=routes())).get("/api/ready")
    finally:
        configure(None)


def test_an_empty_database_is_not_ready_until_migrated(scratch_url):
    reply = _ready(scratch_url)
    assert reply.status_code == 503
    assert reply.json() == {
        "ready": False,
        "reason": "schema not at head",
        "revision": None,
        "head": health.head_revision(),
    }
    migrate.upgrade(scratch_url)
    reply = _ready(scratch_url)
    assert reply.status_code == 200
    assert reply.json()["ready"] is True and reply.json()["revision"] == health.head_revision()
    assert reply.headers["cache-control"] == "no-store"


def test_a_database_one_migration_behind_is_not_ready(scratch_url):
    migrate.upgrade(scratch_url, "0003")
    reply = _ready(scratch_url)
    assert reply.status_code == 503
    assert reply.json()["reason"] == "schema not at head"
    assert reply.json()["revision"].startswith("0003")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(params=["postgresql", "sqlite"])
def unreachable_url(request, tmp_path):
    if request.param == "postgresql":
        url = f"postgresql+psycopg://samskab:secret-pw@127.0.0.1:{_closed_port()}/samskab"
    else:
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("a file where the database's folder should be")
        url = f"sqlite:///{blocker / 'samskab.db'}"
    yield url
    dispose(url)


def test_an_unreachable_database_is_not_ready_and_the_answer_names_nothing(unreachable_url):
    reply = _ready(unreachable_url)
    assert reply.status_code == 503
    assert reply.json() == {"ready": False, "reason": "database unreachable"}
    assert "secret-pw" not in reply.text and "127.0.0.1" not in reply.text
