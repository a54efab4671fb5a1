"""Bridging scores and the two top lists against rates worked out by hand."""

import math

import pytest

from services.insight import bridging
from services.workshop.counts import recount_all
from tests.factories import HOSTILE, make_idea, make_participant, make_process, make_vote, make_workshop


def _people(session, workshop, group, count):
    return [make_participant(session, workshop, stakeholder_group=group)[0] for _ in range(count)]


def _vote(session, workshop, person, idea, dots=1):
    make_vote(session, workshop, person, idea, dots)


@pytest.fixture
def room(session):
    """4 citizens, 3 employees, 1 business voting on X, Y, Z.

    X: 2 citizens + 2 employees (4 dots). Y: all 4 citizens, one of them with 2 dots (5 dots).
    Z: the third employee and the business (2 dots).
    """
    process = make_process(session)
    w = make_workshop(session, process_id=process.id, phase="vote", dot_budget=5, dots_per_idea=3)
    c = _people(session, w, "citizen", 4)
    e = _people(session, w, "employee", 3)
    (b,) = _people(session, w, "business", 1)
    x, y, z = (make_idea(session, w) for _ in range(3))
    for person in c[:2] + e[:2]:
        _vote(session, w, person, x)
    for person in c:
        _vote(session, w, person, y, 2 if person is c[2] else 1)
    _vote(session, w, e[2], z)
    _vote(session, w, b, z)
    return {"process": process, "w": w, "x": x, "y": y, "z": z, "c": c, "e": e, "b": b}


# By hand: citizens n=4, employees n=3 (both ≥ 3), business n=1 (left out).
X_SCORE = math.sqrt((3 / 6) * (3 / 5))  # citizens (2+1)/(4+2), employees (2+1)/(3+2)
Y_SCORE = math.sqrt((5 / 6) * (1 / 5))  # citizens (4+1)/(4+2), employees (0+1)/(3+2)
Z_SCORE = math.sqrt((1 / 6) * (2 / 5))  # citizens (0+1)/(4+2), employees (1+1)/(3+2)


def test_scores_dots_voters_groups(session, room):
    top = bridging.top_ideas(session, workshop_id=room["w"].id, limit=10)
    assert [i.idea_id for i in top] == [room["x"].id, room["y"].id, room["z"].id]
    by_id = {i.idea_id: i for i in top}
    x, y, z = by_id[room["x"].id], by_id[room["y"].id], by_id[room["z"].id]
    assert (x.dots, x.voters, x.groups) == (4, 4, 2)
    assert (y.dots, y.voters, y.groups) == (5, 4, 1)
    assert (z.dots, z.voters, z.groups) == (2, 2, 2)
    assert x.bridging == pytest.approx(X_SCORE)
    assert y.bridging == pytest.approx(Y_SCORE)
    assert z.bridging == pytest.approx(Z_SCORE)
    assert x.title == room["x"].title and HOSTILE in x.title
    assert x.workshop_title == room["w"].title


def test_by_dots_and_by_bridging_differ(session, room):
    by_dots = bridging.top_ideas(session, process_id=room["process"].id, by="dots", limit=2)
    by_bridging = bridging.top_ideas(session, process_id=room["process"].id, by="bridging", limit=2)
    assert [i.idea_id for i in by_dots] == [room["y"].id, room["x"].id]
    assert [i.idea_id for i in by_bridging] == [room["x"].id, room["y"].id]


def test_merged_hidden_and_withdrawn_ideas_follow_the_tally_rule(session, room):
    w, x = room["w"], room["x"]
    duplicate, hidden, withdrawn = (make_idea(session, w) for _ in range(3))
    # A third citizen backs X through a duplicate (2 dots); the cap is per survivor:
    # the first citizen's 1 on X + 3 on the duplicate count as 3.
    _vote(session, w, room["c"][3], duplicate, 2)
    _vote(session, w, room["c"][0], duplicate, 3)
    _vote(session, w, room["e"][2], hidden, 3)
    _vote(session, w, room["b"], withdrawn, 2)
    duplicate.merged_into_id = x.id
    hidden.hidden = True
    withdrawn.status = "withdrawn"
    recount_all(session)  # changed past the services that keep the counts
    session.flush()
    top = {i.idea_id: i for i in bridging.top_ideas(session, workshop_id=w.id, limit=10)}
    assert set(top) == {x.id, room["y"].id, room["z"].id}
    # X: c0 3 (capped), c1 1, c3 2, e0 1, e1 1.
    assert (top[x.id].dots, top[x.id].voters) == (8, 5)
    assert top[x.id].bridging == pytest.approx(math.sqrt((4 / 6) * (3 / 5)))


def test_ideas_without_dots_are_left_out(session, room):
    make_idea(session, room["w"])
    assert len(bridging.top_ideas(session, workshop_id=room["w"].id, limit=10)) == 3


def test_a_workshop_without_a_large_enough_group_scores_zero(session):
    w = make_workshop(session, phase="vote")
    idea = make_idea(session, w)
    for group in ("citizen", "citizen", "business", "business"):
        (person,) = _people(session, w, group, 1)
        _vote(session, w, person, idea)
    (top,) = bridging.top_ideas(session, workshop_id=w.id)
    assert (top.dots, top.voters, top.groups, top.bridging) == (4, 4, 2, 0.0)


def test_each_workshop_has_its_own_voters(session, room):
    other = make_workshop(session, process_id=room["process"].id, phase="vote")
    idea = make_idea(session, other)
    for person in _people(session, other, "citizen", 3):
        _vote(session, other, person, idea)
    top = {i.idea_id: i for i in bridging.top_ideas(session, process_id=room["process"].id, limit=10)}
    assert top[idea.id].bridging == pytest.approx(4 / 5)  # 3 of 3 citizens there, not of 4 + 3
    assert top[room["x"].id].bridging == pytest.approx(X_SCORE)
    assert bridging.top_ideas(session, workshop_id=other.id, limit=10)[0].idea_id == idea.id


def test_limit_and_unknown_order(session, room):
    assert len(bridging.top_ideas(session, workshop_id=room["w"].id, limit=1)) == 1
    assert bridging.top_ideas(session, process_id=make_process(session).id) == []
    with pytest.raises(ValueError, match="by must be one of"):
        bridging.top_ideas(session, workshop_id=room["w"].id, by="votes")


def test_a_voter_whose_dots_went_to_a_hidden_idea_still_voted(session, room):
    w = room["w"]
    hidden = make_idea(session, w)
    (fourth,) = _people(session, w, "employee", 1)
    _vote(session, w, fourth, hidden, 2)
    hidden.hidden = True
    recount_all(session)  # changed past the services that keep the counts
    session.flush()
    top = {i.idea_id: i for i in bridging.top_ideas(session, workshop_id=w.id, limit=10)}
    # Employees are now 4 voters, none of them new supporters: X (2+1)/(4+2), Y (0+1)/(4+2).
    assert top[room["x"].id].bridging == pytest.approx(math.sqrt((3 / 6) * (3 / 6)))
    assert top[room["y"].id].bridging == pytest.approx(math.sqrt((5 / 6) * (1 / 6)))
    assert hidden.id not in top


def test_scores_carry_no_float_noise(session):
    # 6 of 6 citizens: (6+1)/(6+2) = 0.875 exactly, which a display to two decimals
    # (half to even) shows as 0.88; 0.87499999… would show 0.87.
    w = make_workshop(session, phase="vote")
    idea = make_idea(session, w)
    for person in _people(session, w, "citizen", 6):
        _vote(session, w, person, idea)
    (top,) = bridging.top_ideas(session, workshop_id=w.id)
    assert top.bridging == 0.875
