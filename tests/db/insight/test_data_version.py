"""The dashboards' data version: one step per committed writing transaction, none otherwise."""

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from db.models import DataVersion, Process, Workshop
from db.session import engine_for, read_scope, session_scope
from services.insight import ideas_to_action, volunteering_figures
from services.insight.data_version import data_version, version_for
from services.workshop import processes, votes
from tests.factories import make_idea, make_participant, make_process, make_workshop
from tests.when import TODAY


def _version(db_url):
    with read_scope(db_url) as s:
        return data_version(s, TODAY)[0]


def test_each_committed_write_moves_the_version_by_one(db_url):
    before = _version(db_url)
    with session_scope(db_url) as s:
        make_process(s)
        make_process(s)
    assert _version(db_url) == before + 1  # one transaction, one step
    with session_scope(db_url) as s:
        process_id = s.scalar(select(Process.id).limit(1))
        # A statement that bypasses the flush counts as well.
        s.execute(update(Process).where(Process.id == process_id).values(title="Ny titel"))
    assert _version(db_url) == before + 2


def test_reading_or_rolling_back_leaves_the_version(db_url):
    before = _version(db_url)
    with session_scope(db_url) as s:
        processes.list_processes(s)  # a unit of work that only reads
    with Session(engine_for(db_url)) as s:
        make_process(s)
        s.rollback()
        s.commit()  # nothing left to commit
    assert _version(db_url) == before


def test_a_savepoint_moves_nothing_until_the_transaction_commits(db_url):
    before = _version(db_url)
    with Session(engine_for(db_url)) as s:
        with s.begin_nested():
            make_process(s)
        assert _version(db_url) == before  # released savepoint, nothing committed yet
        with s.begin_nested() as undone:
            make_process(s)
            undone.rollback()
        s.commit()
    assert _version(db_url) == before + 1  # the write kept from the first savepoint counts


def test_a_missing_row_comes_back_with_the_next_write(db_url):
    with engine_for(db_url).begin() as conn:
        conn.execute(text("DELETE FROM data_version"))
    assert _version(db_url) == 0
    with session_scope(db_url) as s:
        make_process(s)
    with read_scope(db_url) as s:
        assert s.scalar(select(DataVersion.version)) == 1


def test_a_dot_moves_the_votes_counter_and_leaves_the_figures_without_dots_cached(db_url):
    """A live workshop: every dot moves the dots' counter only; a join or an idea moves the version."""
    with session_scope(db_url) as s:
        workshop = make_workshop(s, phase="vote", dot_budget=5, dots_per_idea=3)
        person, _ = make_participant(s, workshop)
        idea = make_idea(s, workshop)
    with read_scope(db_url) as s:
        before = data_version(s, TODAY)
    with session_scope(db_url) as s:
        votes.add_dot(s, person.id, idea.id)
    with read_scope(db_url) as s:
        after_dot = data_version(s, TODAY)
    writes, dots, today = before
    assert after_dot == (writes, dots + 1, today)
    # What runtime.aggregates keys each figure on: volunteer time stays cached, the funnel not.
    assert version_for(volunteering_figures.volunteering, after_dot) == version_for(
        volunteering_figures.volunteering, before
    )
    assert version_for(ideas_to_action.process_figures, after_dot) != version_for(
        ideas_to_action.process_figures, before
    )
    with session_scope(db_url) as s:
        votes.take_dot(s, person.id, idea.id)
    with session_scope(db_url) as s:
        make_participant(s, s.get(Workshop, workshop.id))  # a join is no dot
    with read_scope(db_url) as s:
        assert data_version(s, TODAY) == (writes + 1, dots + 2, today)
