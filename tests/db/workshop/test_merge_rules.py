"""Merges and dots against a board that changed since it was read: refusals, never a lost idea.

These run on both engines. The interleavings that only PostgreSQL can have are forced in
tests/db/postgres; here the other party's change is simply committed first, and the
session that acts holds copies of the ideas from before it (what a console or a tablet
that looked a moment ago holds).
"""

import random
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, Idea, Participant, Vote
from db.session import read_scope, session_scope
from services.common.errors import ChangedMeanwhile, DomainError
from services.workshop import board, clusters, votes
from tests.factories import make_idea, make_participant, make_user, make_workshop


@pytest.fixture
def room(session):
    w = make_workshop(session, phase="vote", dot_budget=5, dots_per_idea=3, hide_votes_until_reveal=False)
    x, y, z = (make_idea(session, w, title=name) for name in ("Ældrecafé", "Spis sammen", "Madklub"))
    facilitator = make_user(session, role="facilitator")
    session.commit()
    return SimpleNamespace(w=w, x=x, y=y, z=z, facilitator=facilitator.id)


def _merge_elsewhere(db_url, survivor_id, duplicate_id, facilitator_id):
    with session_scope(db_url) as s:
        clusters.merge(s, survivor_id, [duplicate_id], by_user_id=facilitator_id)


def _merges_audited(db_url):
    with read_scope(db_url) as s:
        return s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "idea.merge"))


def test_a_merge_into_an_idea_merged_meanwhile_is_refused(db_url, session, room):
    x, y, z, facilitator = room.x, room.y, room.z, room.facilitator
    assert y.merged_into_id is None  # the copy this session holds
    _merge_elsewhere(db_url, z.id, y.id, facilitator)
    with pytest.raises(ChangedMeanwhile) as refused:
        clusters.merge(session, y.id, [x.id], by_user_id=facilitator)
    assert (refused.value.key, refused.value.params) == ("error.merged_meanwhile", {"title": "Spis sammen"})
    session.rollback()
    with read_scope(db_url) as s:
        assert s.get(Idea, x.id).merged_into_id is None
    assert _merges_audited(db_url) == 1


def test_a_duplicate_merged_elsewhere_meanwhile_is_refused_not_moved(db_url, session, room):
    x, y, z, facilitator = room.x, room.y, room.z, room.facilitator
    _merge_elsewhere(db_url, z.id, y.id, facilitator)
    with pytest.raises(ChangedMeanwhile):
        clusters.merge(session, x.id, [y.id], by_user_id=facilitator)
    session.rollback()
    with read_scope(db_url) as s:
        assert s.get(Idea, y.id).merged_into_id == z.id


def test_ideas_merged_into_a_duplicate_follow_it_even_if_merged_after_it_was_read(db_url, session, room):
    x, y, z, facilitator = room.x, room.y, room.z, room.facilitator
    session.get(Idea, x.id)  # this session read x before the other merge
    _merge_elsewhere(db_url, y.id, x.id, facilitator)
    clusters.merge(session, z.id, [y.id], by_user_id=facilitator)
    session.commit()
    with read_scope(db_url) as s:
        assert {s.get(Idea, i).merged_into_id for i in (x.id, y.id)} == {z.id}


def test_an_unmerge_undone_meanwhile_is_refused(db_url, session, room):
    x, y, facilitator = room.x, room.y, room.facilitator
    _merge_elsewhere(db_url, y.id, x.id, facilitator)
    loaded = session.get(Idea, x.id, populate_existing=True)
    assert loaded.merged_into_id == y.id
    session.commit()  # the copy stays as it was read (and SQLite's write lock is free)
    with session_scope(db_url) as s:
        clusters.unmerge(s, x.id, by_user_id=facilitator)
    with pytest.raises(DomainError) as refused:
        clusters.unmerge(session, x.id, by_user_id=facilitator)
    assert refused.value.key == "error.not_merged"


def test_a_dot_looked_up_before_a_merge_committed_looks_again(session, room, monkeypatch):
    """The look-up found the idea unmerged, the lock finds it merged: the dot goes to the survivor."""
    w, x, y, facilitator = room.w, room.x, room.y, room.facilitator
    me, _ = make_participant(session, w)
    clusters.merge(session, y.id, [x.id], by_user_id=facilitator)
    follow, stale = votes._follow, [x.id]

    def from_before_the_merge(s, workshop_id, idea_id):
        return stale.pop() if stale else follow(s, workshop_id, idea_id)

    monkeypatch.setattr(votes, "_follow", from_before_the_merge)
    state = votes.add_dot(session, me.id, x.id)
    assert state.idea_id == y.id
    assert session.scalars(select(Vote.idea_id).where(Vote.participant_id == me.id)).all() == [y.id]


def test_a_dot_that_keeps_losing_to_merges_is_refused_cleanly(session, room, monkeypatch):
    w, x, y, facilitator = room.w, room.x, room.y, room.facilitator
    me, _ = make_participant(session, w)
    clusters.merge(session, y.id, [x.id], by_user_id=facilitator)
    monkeypatch.setattr(votes, "_follow", lambda s, workshop_id, idea_id: x.id)
    with pytest.raises(ChangedMeanwhile) as refused:
        votes.add_dot(session, me.id, x.id)
    assert refused.value.key == "error.idea_changed"
    session.refresh(me)
    assert me.votes_used == 0  # the savepoint took the spent dot back


@pytest.mark.realtime
def test_voting_while_two_facilitators_merge_and_unmerge_keeps_every_dot(db_url, session):
    """A room voting while merges come and go: only refusals, every dot counted, no chains."""
    w = make_workshop(session, phase="vote", dot_budget=5, dots_per_idea=3, hide_votes_until_reveal=False)
    idea_ids = [make_idea(session, w).id for _ in range(6)]
    people = [make_participant(session, w)[0].id for _ in range(12)]
    facilitator = make_user(session, role="facilitator").id
    session.commit()
    unexpected: list[BaseException] = []

    def vote(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(15):
            try:
                with session_scope(db_url) as s:
                    change = votes.add_dot if rng.random() < 0.8 else votes.take_dot
                    change(s, rng.choice(people), rng.choice(idea_ids))
            except DomainError:
                pass
            except Exception as err:  # noqa: BLE001 - the assertion below names it
                unexpected.append(err)

    def facilitate(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(15):
            try:
                with session_scope(db_url) as s:
                    if rng.random() < 0.6:
                        survivor, duplicate = rng.sample(idea_ids, 2)
                        clusters.merge(s, survivor, [duplicate], by_user_id=facilitator)
                    else:
                        clusters.unmerge(s, rng.choice(idea_ids), by_user_id=facilitator)
            except DomainError:
                pass
            except Exception as err:  # noqa: BLE001
                unexpected.append(err)

    with ThreadPoolExecutor(max_workers=10) as pool:
        jobs = [pool.submit(vote, n) for n in range(8)] + [pool.submit(facilitate, 100 + n) for n in range(2)]
        for job in jobs:
            job.result()
    assert unexpected == []
    with read_scope(db_url) as s:
        pointers = dict(s.execute(select(Idea.id, Idea.merged_into_id).where(Idea.workshop_id == w.id)).all())
        assert {i: p for i, p in pointers.items() if p is not None and pointers[p] is not None} == {}
        spent = s.scalar(
            select(func.coalesce(func.sum(Participant.votes_used), 0)).where(Participant.workshop_id == w.id)
        )
        assert s.scalar(select(func.coalesce(func.sum(Vote.dots), 0))) == spent
        counted = sum(r.dots for r in board.results(s, w.id))
        # Merges can only cap dots (per participant per survivor), never lose them to a chain.
        assert 0 < counted <= spent
