"""The counting rule: capped per participant per survivor, merges and hidden ideas respected."""

from services.workshop import counts, tally
from tests.factories import make_idea, make_participant, make_vote, make_workshop


def support(session, **scope):
    """The rule over the raw rows: these tests change ideas directly, past the services that
    keep the counts, so everything is counted again from the votes first."""
    counts.recount_all(session)
    return tally.support(session, **scope)


def _vote(session, workshop, person, idea, dots):
    make_vote(session, workshop, person, idea, dots)


def test_support_counts_dots_and_voters_per_group(session):
    w = make_workshop(session, phase="vote", dot_budget=5, dots_per_idea=3)
    idea, other = make_idea(session, w), make_idea(session, w)
    a, _ = make_participant(session, w, stakeholder_group="citizen")
    b, _ = make_participant(session, w, stakeholder_group="citizen")
    c, _ = make_participant(session, w, stakeholder_group="business")
    _vote(session, w, a, idea, 2)
    _vote(session, w, b, idea, 1)
    _vote(session, w, c, idea, 3)
    _vote(session, w, c, other, 1)
    result = support(session, workshop_ids=[w.id])
    assert result[idea.id].dots == 6
    assert result[idea.id].voters == 3
    assert result[idea.id].dots_by_group == {"citizen": 3, "business": 3}
    assert result[idea.id].voters_by_group == {"citizen": 2, "business": 1}
    assert result[other.id].dots == 1


def test_merged_ideas_count_for_the_survivor_within_the_cap(session):
    w = make_workshop(session, phase="vote", dot_budget=6, dots_per_idea=3)
    survivor, duplicate = make_idea(session, w), make_idea(session, w)
    a, _ = make_participant(session, w)
    b, _ = make_participant(session, w)
    _vote(session, w, a, survivor, 2)
    _vote(session, w, a, duplicate, 3)  # 5 on the group, cap 3
    _vote(session, w, b, duplicate, 1)
    duplicate.merged_into_id = survivor.id
    session.flush()
    result = support(session, workshop_ids=[w.id])
    assert duplicate.id not in result
    assert result[survivor.id].dots == 3 + 1
    assert result[survivor.id].voters == 2


def test_hidden_and_withdrawn_ideas_count_nothing(session):
    w = make_workshop(session, phase="vote")
    hidden, withdrawn, merged_into_hidden, kept = (make_idea(session, w) for _ in range(4))
    person, _ = make_participant(session, w)
    for idea in (hidden, withdrawn, merged_into_hidden, kept):
        _vote(session, w, person, idea, 1)
    hidden.hidden = True
    withdrawn.status = "withdrawn"
    merged_into_hidden.merged_into_id = hidden.id
    session.flush()
    assert set(support(session, workshop_ids=[w.id])) == {kept.id}


def test_each_workshop_uses_its_own_cap(session):
    strict = make_workshop(session, phase="vote", dot_budget=4, dots_per_idea=1)
    loose = make_workshop(session, phase="vote", dot_budget=4, dots_per_idea=4)
    for w in (strict, loose):
        first, second = make_idea(session, w), make_idea(session, w)
        person, _ = make_participant(session, w)
        _vote(session, w, person, first, 1)
        _vote(session, w, person, second, 1)
        second.merged_into_id = first.id
        session.flush()
        assert support(session, idea_ids=[first.id])[first.id].dots == (1 if w is strict else 2)


def test_support_counts_what_is_named_and_only_that(session):
    one, two = make_workshop(session, phase="vote"), make_workshop(session, phase="vote")
    a, _ = make_participant(session, one)
    b, _ = make_participant(session, two)
    idea_one, idea_two, unvoted = make_idea(session, one), make_idea(session, two), make_idea(session, two)
    _vote(session, one, a, idea_one, 1)
    _vote(session, two, b, idea_two, 2)
    assert set(support(session, workshop_ids=[one.id])) == {idea_one.id}
    assert set(support(session, idea_ids=[idea_two.id, unvoted.id])) == {idea_two.id}
    assert set(support(session, workshop_ids=[one.id], idea_ids=[idea_two.id])) == {idea_one.id, idea_two.id}
    assert support(session) == {}  # nothing named, nothing counted (not every workshop)
