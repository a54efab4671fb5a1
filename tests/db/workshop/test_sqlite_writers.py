"""Concurrent writers: BEGIN IMMEDIATE keeps SQLite from failing with "database is locked"."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from db.session import read_scope, session_scope
from services.workshop import workshops
from tests.factories import make_workshop


@pytest.mark.realtime
def test_many_threads_write_without_errors(db_url, session):
    workshop = make_workshop(session)
    start = workshops.board_version(session, workshop.id)
    session.commit()

    def write(_thread: int) -> None:
        for _ in range(20):
            with session_scope(db_url) as s:
                # Read first, then write: the pattern that deadlocks deferred transactions.
                workshops.board_version(s, workshop.id)
                workshops.touch_board(s, workshop.id)

    with ThreadPoolExecutor(max_workers=24) as pool:
        list(pool.map(write, range(24)))

    # Every write committed: each moved the counter by one.
    with read_scope(db_url) as s:
        assert workshops.board_version(s, workshop.id) == start + 24 * 20
