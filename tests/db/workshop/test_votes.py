"""Dot voting rules, and the invariants under many concurrent voters."""

import random
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from db.models import Idea, Participant, Vote
from db.session import read_scope, session_scope
from services.common.errors import Conflict, LimitReached, NotFound, WorkshopClosed, WrongPhase
from services.workshop import clusters, participants, votes
from services.workshop.tally import support
from tests.factories import make_idea, make_participant, make_user, make_workshop


def _setup(session, *, budget=5, cap=3, ideas=3, phase="vote"):
    w = make_workshop(session, phase=phase, dot_budget=budget, dots_per_idea=cap)
    return w, [make_idea(session, w) for _ in range(ideas)]


def test_dots_are_spent_and_taken_back(session):
    w, (idea, other, _) = _setup(session)
    person, _ = make_participant(session, w)
    state = votes.add_dot(session, person.id, idea.id)
    assert (state.my_dots, state.dots_left) == (1, 4)
    votes.add_dot(session, person.id, idea.id)
    votes.add_dot(session, person.id, other.id)
    state = votes.take_dot(session, person.id, idea.id)
    assert (state.my_dots, state.dots_left) == (1, 3)
    assert votes.my_dots(session, person.id) == {idea.id: 1, other.id: 1}


def test_budget_and_cap_are_enforced(session):
    w, ideas = _setup(session, budget=4, cap=2)
    person, _ = make_participant(session, w)
    votes.add_dot(session, person.id, ideas[0].id)
    votes.add_dot(session, person.id, ideas[0].id)
    with pytest.raises(LimitReached) as err:
        votes.add_dot(session, person.id, ideas[0].id)
    assert err.value.key == "error.idea_cap"
    votes.add_dot(session, person.id, ideas[1].id)
    votes.add_dot(session, person.id, ideas[2].id)
    with pytest.raises(LimitReached) as err:
        votes.add_dot(session, person.id, ideas[2].id)
    assert err.value.key == "error.no_dots_left"
    session.refresh(person)
    assert person.votes_used == 4
    assert sum(votes.my_dots(session, person.id).values()) == 4


@pytest.mark.parametrize("phase", ["draft", "collect", "cluster", "results"])
def test_no_voting_outside_the_vote_phase(session, phase):
    w, (idea, *_) = _setup(session, phase=phase)
    person, _ = make_participant(session, w)
    with pytest.raises(WrongPhase):
        votes.add_dot(session, person.id, idea.id)
    session.refresh(person)
    assert person.votes_used == 0


def test_a_closed_workshop_is_read_only(session):
    w, (idea, *_) = _setup(session)
    person, _ = make_participant(session, w)
    votes.add_dot(session, person.id, idea.id)
    w.phase = "closed"
    session.flush()
    with pytest.raises(WorkshopClosed):
        votes.add_dot(session, person.id, idea.id)
    with pytest.raises(WorkshopClosed):
        votes.take_dot(session, person.id, idea.id)


def test_taking_back_a_dot_you_never_gave_changes_nothing(session):
    w, (idea, other, _) = _setup(session)
    person, _ = make_participant(session, w)
    votes.add_dot(session, person.id, other.id)
    with pytest.raises(Conflict):
        votes.take_dot(session, person.id, idea.id)
    session.refresh(person)
    assert person.votes_used == 1


def test_hidden_and_foreign_ideas_cannot_be_voted_on(session):
    w, (idea, *_) = _setup(session)
    _, (foreign, *_) = _setup(session)
    person, _ = make_participant(session, w)
    idea.hidden = True
    session.flush()
    for target in (idea.id, foreign.id, 999_999):
        with pytest.raises(NotFound):
            votes.add_dot(session, person.id, target)
    session.refresh(person)
    assert person.votes_used == 0


def test_a_dot_from_an_unknown_participant_or_for_an_unknown_workshop_is_not_found(session):
    w, (idea, *_) = _setup(session)
    facilitator = make_user(session)
    proxy = participants.add_proxy(session, w.id, stakeholder_group="citizen", by_user_id=facilitator.id)
    for change in (votes.add_dot, votes.take_dot):
        with pytest.raises(NotFound) as err:
            change(session, 999_999, idea.id)
        assert err.value.key == "error.participant_link"
    for change_for in (votes.add_dot_for, votes.take_dot_for):
        with pytest.raises(NotFound) as err:
            change_for(session, 999_999, proxy.id, idea.id, by_user_id=facilitator.id)
        assert err.value.key == "error.proxy_not_found"
    assert session.scalar(select(func.count()).select_from(Vote)) == 0


def test_the_cap_counts_dots_on_merged_ideas_together(session):
    w, (survivor, duplicate, _) = _setup(session, budget=6, cap=2)
    facilitator = make_user(session)
    person, _ = make_participant(session, w)
    votes.add_dot(session, person.id, survivor.id)
    votes.add_dot(session, person.id, duplicate.id)
    clusters.merge(session, survivor.id, [duplicate.id], by_user_id=facilitator.id)
    with pytest.raises(LimitReached):
        votes.add_dot(session, person.id, survivor.id)
    # A dot sent to the merged idea lands on its survivor, within the same cap.
    with pytest.raises(LimitReached):
        votes.add_dot(session, person.id, duplicate.id)
    # Taking one back frees the dot again.
    state = votes.take_dot(session, person.id, duplicate.id)
    assert (state.idea_id, state.my_dots, state.dots_left) == (survivor.id, 1, 5)


def _invariants(url, workshop_id, budget, cap):
    with read_scope(url) as s:
        people = s.scalars(select(Participant).where(Participant.workshop_id == workshop_id)).all()
        rows = s.execute(
            select(Vote.participant_id, func.coalesce(Idea.merged_into_id, Idea.id), func.sum(Vote.dots))
            .join(Idea, Idea.id == Vote.idea_id)
            .where(Vote.workshop_id == workshop_id)
            .group_by(Vote.participant_id, func.coalesce(Idea.merged_into_id, Idea.id))
        ).all()
        min_dots = s.scalar(select(func.min(Vote.dots)).where(Vote.workshop_id == workshop_id))
        total = s.scalar(select(func.coalesce(func.sum(Vote.dots), 0)).where(Vote.workshop_id == workshop_id))
    spent = {p.id: 0 for p in people}
    for participant_id, _, dots in rows:
        assert dots <= cap, "a participant exceeded the per-idea cap"
        spent[participant_id] += dots
    for p in people:
        assert p.votes_used == spent[p.id] <= budget
    assert min_dots is None or min_dots >= 1
    return total


@pytest.mark.realtime
def test_fifty_threads_hammering_one_workshop_keep_every_rule(db_url, session):
    budget, cap = 5, 3
    w, ideas = _setup(session, budget=budget, cap=cap, ideas=8)
    people = [make_participant(session, w)[0] for _ in range(30)]
    session.commit()
    idea_ids, person_ids = [i.id for i in ideas], [p.id for p in people]

    def hammer(seed: int) -> int:
        rng = random.Random(seed)
        net = 0
        for _ in range(20):
            who, what = rng.choice(person_ids), rng.choice(idea_ids)
            try:
                with session_scope(db_url) as s:
                    if rng.random() < 0.8:
                        votes.add_dot(s, who, what)
                        net += 1
                    else:
                        votes.take_dot(s, who, what)
                        net -= 1
            except (LimitReached, Conflict):
                pass
        return net

    with ThreadPoolExecutor(max_workers=50) as pool:
        net = sum(pool.map(hammer, range(50)))
    total = _invariants(db_url, w.id, budget, cap)
    assert total == net > 0
    # Without merges the tally counts exactly the dots cast.
    assert sum(s.dots for s in support(session, workshop_ids=[w.id]).values()) == total
