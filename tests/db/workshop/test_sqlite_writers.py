"""Concurrent writers: BEGIN IMMEDIATE keeps SQLite from failing with "database is locked"."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from db.models import BoardEvent
from db.session import session_scope
from services.workshop import workshops
from tests.factories import make_workshop


@pytest.mark.realtime
def test_many_threads_write_without_errors(db_url, session):
    workshop = make_workshop(session)
    session.commit()

    def write(n: int) -> None:
        for _ in range(20):
            with session_scope(db_url) as s:
                # Read first, then write: the pattern that deadlocks deferred transactions.
                workshops.board_version(s, workshop.id)
                workshops.touch_board(s, workshop.id, f"thread-{n}")

    with ThreadPoolExecutor(max_workers=24) as pool:
        list(pool.map(write, range(24)))

    written = session.scalar(
        select(func.count()).select_from(BoardEvent).where(BoardEvent.kind.like("thread-%"))
    )
    assert written == 24 * 20
