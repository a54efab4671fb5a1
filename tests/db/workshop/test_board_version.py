"""The board's version: counters on the workshop row, one step per change, none lost."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from db.session import read_scope, session_scope
from services.workshop import board, workshops
from tests.factories import make_workshop
from tests.statements import statements_sent


def test_each_change_moves_its_channel_by_one(session):
    w = make_workshop(session, phase="vote", hide_votes_until_reveal=False)
    start = workshops.board_version(session, w.id)
    assert workshops.touch_board(session, w.id) == start + 1
    assert workshops.touch_board(session, w.id, channel="votes") == 1
    assert workshops.touch_board(session, w.id, channel="votes") == 2
    assert (workshops.board_version(session, w.id), workshops.board_version(session, w.id, "votes")) == (
        start + 1,
        2,
    )
    assert board.version_for_code(session, w.code) == (w.id, f"{start + 1}.2")
    assert w.board_version == start + 1  # the copy in the session follows the database


def test_a_change_touches_the_board_in_one_statement(session):
    """Every change on a board touches it inside its hold of the write lock: the counter's
    UPDATE is all it adds there, no log row beside it."""
    w = make_workshop(session)
    session.flush()
    with statements_sent() as sent:
        workshops.touch_board(session, w.id)
    assert [s.split()[:2] for s in sent] == [["UPDATE", "workshop"]], sent


@pytest.mark.realtime
def test_concurrent_changes_lose_no_step(db_url, session):
    w = make_workshop(session)
    start = workshops.board_version(session, w.id)
    session.commit()  # and so, on SQLite, free the write lock for the threads

    def change(_thread: int) -> None:
        for _ in range(10):
            with session_scope(db_url) as s:
                workshops.touch_board(s, w.id)

    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(change, range(12)))
    with read_scope(db_url) as s:
        assert workshops.board_version(s, w.id) == start + 12 * 10
