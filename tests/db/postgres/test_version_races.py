"""A poll between two commits must not cache a version the later commit never moves.

Before migration 0006: the board's version was the newest id of its change log (a table
since dropped, in 0015) and the dashboards' the newest id of each log. Ids are handed out
at INSERT and committed in another order, so with A (lower id) still open and B (higher
id) committed, a poll cached B's id as the version; A's commit then changed nothing a
poller could see, and A's idea stayed off the tablets.
"""

from sqlalchemy.orm import Session

from db.models import Participant
from db.session import engine_for, read_scope, session_scope
from services.admin.permissions import SYSTEM
from services.insight.data_version import data_version
from services.volunteering import hours
from services.workshop import board, ideas
from tests.db.postgres.interleave import Concurrent
from tests.factories import make_participant, make_volunteer, make_workshop
from tests.when import TODAY


def _poll(url: str, code: str) -> tuple[str, set[str]]:
    """What a tablet's poll sees: the version, and the titles of the snapshot cached for it."""
    with read_scope(url) as s:
        found = board.version_for_code(s, code)
        assert found is not None
        snap = board.cached_snapshot(s, code, found)
        assert snap is not None
    return found[1], {i["title"] for i in snap["ideas"]}


def test_a_board_poll_between_two_commits_still_learns_of_the_later_one(db_url, session, monkeypatch):
    # Snapshots are cached per (database, workshop, version) for the whole process; ids
    # restart in every test, so an earlier test's entry must not answer for this one.
    monkeypatch.setattr(board, "snapshots", board.SnapshotCache())
    w = make_workshop(session, phase="collect", themes=[])
    anna, _ = make_participant(session, w)
    bent, _ = make_participant(session, w)
    session.commit()

    # A: Anna's idea is written, not yet committed.
    with Session(engine_for(db_url), expire_on_commit=False) as first:
        ideas.add_idea(first, first.get_one(Participant, anna.id), theme_id=None, title="Anna")

        def bent_adds() -> None:
            with session_scope(db_url) as s:
                ideas.add_idea(s, s.get_one(Participant, bent.id), theme_id=None, title="Bent")

        # B: Bent's idea, as far as it gets while A is open.
        second = Concurrent(bent_adds).until_done_or_waiting(db_url)
        version_seen, _ = _poll(db_url, w.code)
        first.commit()
    second.result()

    version_now, titles_now = _poll(db_url, w.code)
    assert version_now != version_seen, "a tablet holding the version it saw would never re-read"
    assert titles_now == {"Anna", "Bent"}


def test_a_dashboard_read_between_two_commits_still_learns_of_the_later_one(db_url, session):
    v = make_volunteer(session)
    session.commit()

    def log(s: Session) -> None:
        hours.log_hours(s, worked_on=TODAY, minutes=30, volunteer_id=v.id, today=TODAY, by_user_id=SYSTEM)

    with Session(engine_for(db_url), expire_on_commit=False) as first:
        log(first)
        first.flush()

        def second_log() -> None:
            with session_scope(db_url) as s:
                log(s)

        second = Concurrent(second_log).until_done_or_waiting(db_url)
        with read_scope(db_url) as s:
            seen = data_version(s, TODAY)
        first.commit()
    second.result()

    with read_scope(db_url) as s:
        assert data_version(s, TODAY) != seen, "a dashboard cached at `seen` would never show A's hours"
