"""Who took part: every figure against counts worked out by hand from the participants made here."""

import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, Participant, ProcessTargetGroup, Workshop
from services.common.errors import NotAllowed, NotFound
from services.insight import inclusion, representation, target_groups
from services.insight.inclusion import Gap
from services.workshop.counts import recount_all
from tests.factories import make_idea, make_participant, make_process, make_user, make_vote, make_workshop

AGE = (("under_30", 50), ("65_79", 50))
AREA = (("Nord", 60), ("Syd", 40))


def _people(session, workshop, count, **answers):
    return [make_participant(session, workshop, **answers)[0] for _ in range(count)]


def _vote(session, workshop, person, idea, dots):
    make_vote(session, workshop, person, idea, dots)


@pytest.fixture
def world(session):
    """Process P (targets citizen, business, politician) with W1 and W2; process Q with W3.

    W1: 6 citizens — ages 2 under_30, 3 65_79, 1 not given; areas 4 Nord, 2 not given;
        first time 2 yes, 3 no, 1 not given — and 2 businesses (65_79, Syd, first time).
    W2: 4 employees (65_79, Nord, returning).
    W3: 5 politicians (no age, no area, no answer on first time).
    """
    p = make_process(session, target_groups=["citizen", "business", "politician"])
    q = make_process(session, target_groups=["politician"])
    w1 = make_workshop(session, process_id=p.id, phase="vote", dot_budget=6, dots_per_idea=3)
    w2 = make_workshop(session, process_id=p.id, phase="vote")
    w3 = make_workshop(session, process_id=q.id, phase="vote")
    c = []
    c += _people(
        session, w1, 2, stakeholder_group="citizen", age_band="under_30", area="Nord", first_time=True
    )
    c += _people(session, w1, 2, stakeholder_group="citizen", age_band="65_79", area="Nord", first_time=False)
    c += _people(session, w1, 1, stakeholder_group="citizen", age_band="65_79", first_time=False)
    c += _people(session, w1, 1, stakeholder_group="citizen")
    b = _people(session, w1, 2, stakeholder_group="business", age_band="65_79", area="Syd", first_time=True)
    e = _people(session, w2, 4, stakeholder_group="employee", age_band="65_79", area="Nord", first_time=False)
    _people(session, w3, 5, stakeholder_group="politician")

    a1 = make_idea(session, w1, participant_id=c[0].id)
    a2 = make_idea(session, w1, participant_id=c[1].id, hidden=True)
    a3 = make_idea(session, w1, participant_id=c[2].id)
    b1 = make_idea(session, w1, participant_id=b[0].id)
    b2 = make_idea(session, w1, participant_id=b[1].id, status="withdrawn")
    e1 = make_idea(session, w2, participant_id=e[0].id)
    make_idea(session, w2)  # its author was removed: participant_id is None
    _vote(session, w1, c[0], a1, 2)
    _vote(session, w1, c[0], a3, 2)  # a3 is merged into a1 below: 4 on the pair, capped at 3
    _vote(session, w1, c[1], a2, 1)  # hidden: counts nothing
    _vote(session, w1, b[0], b1, 1)
    _vote(session, w1, b[1], b2, 1)  # withdrawn: counts nothing
    _vote(session, w2, e[0], e1, 2)
    a3.merged_into_id = a1.id
    recount_all(session)  # changed past the services that keep the counts
    session.flush()
    return {"p": p, "q": q, "w1": w1, "w2": w2, "w3": w3}


def _rows(dimension):
    return {r.value: r for r in dimension.rows}


def test_process_counts_by_group_age_and_area(session, world):
    r = inclusion.report(session, process_id=world["p"].id, age_shares=AGE, area_shares=AREA)
    assert r.participants == 12
    groups = _rows(r.groups)
    assert {g: row.participants for g, row in groups.items() if row.participants} == {
        "citizen": 6,
        "business": 2,
        "employee": 4,
    }
    assert groups["politician"].participants == 0
    assert [g for g, row in groups.items() if row.target] == ["citizen", "politician", "business"]
    assert r.targets == ("citizen", "politician", "business")
    assert r.targets_reached == 2

    age = _rows(r.age)
    assert (r.age.answered, r.age.not_given) == (11, 1)
    assert age["under_30"].participants == 2 and age["65_79"].participants == 9
    assert age["under_30"].share == pytest.approx(2 / 11)
    assert age["under_30"].population == pytest.approx(0.5)
    assert age["under_30"].ratio == pytest.approx((2 / 11) / 0.5)
    assert age["65_79"].ratio == pytest.approx((9 / 11) / 0.5)
    assert age["30_49"].participants == 0 and age["30_49"].ratio is None  # no population share given
    assert age[representation.NOT_GIVEN].participants == 1
    assert r.age.score == pytest.approx(2 / 9)

    area = _rows(r.area)
    assert (r.area.answered, r.area.not_given) == (10, 2)
    assert area["Nord"].ratio == pytest.approx(0.8 / 0.6)
    assert area["Syd"].ratio == pytest.approx(0.2 / 0.4)
    assert r.area.score == pytest.approx(0.5 / (0.8 / 0.6))
    assert r.score == pytest.approx(2 / 9)


def test_first_time_share_is_over_those_who_answered(session, world):
    r = inclusion.report(session, process_id=world["p"].id, age_shares=AGE, area_shares=AREA)
    assert (r.first_time, r.returning, r.first_time_not_given) == (4, 7, 1)
    assert r.first_time_share == pytest.approx(4 / 11)


def test_ideas_and_dots_by_group_follow_the_tally_rule(session, world):
    r = inclusion.report(session, process_id=world["p"].id, age_shares=AGE, area_shares=AREA)
    # Counted ideas: a1, b1, e1 and the authorless one (a2 hidden, a3 merged, b2 withdrawn).
    assert r.ideas == 4
    # Dots: citizens 3 (4 on a1+a3, capped), business 1 (b2 withdrawn), employees 2.
    assert r.dots == 6
    by_group = {c.group: c for c in r.contributions}
    assert {g: (c.ideas, c.dots) for g, c in by_group.items() if c.ideas or c.dots} == {
        "citizen": (1, 3),
        "business": (1, 1),
        "employee": (1, 2),
        representation.NOT_GIVEN: (1, 0),
    }
    assert by_group["citizen"].idea_share == pytest.approx(0.25)
    assert by_group["citizen"].dot_share == pytest.approx(0.5)
    assert by_group["employee"].dot_share == pytest.approx(1 / 3)
    assert by_group["citizen"].participants == 6


def test_gaps_missing_and_few_target_groups_then_under_represented(session, world):
    r = inclusion.report(session, process_id=world["p"].id, age_shares=AGE, area_shares=AREA)
    # Syd's ratio is exactly 0.5: at the threshold, not below it.
    assert list(r.gaps) == [
        Gap("stakeholder_group", "politician", 0, None),
        Gap("stakeholder_group", "business", 2, None),
        Gap("age_band", "under_30", 2, pytest.approx((2 / 11) / 0.5)),
    ]


def test_an_empty_group_makes_the_score_zero(session, world):
    shares = (("under_30", 40), ("65_79", 40), ("80_plus", 20))
    r = inclusion.report(session, process_id=world["p"].id, age_shares=shares, area_shares=AREA)
    assert _rows(r.age)["80_plus"].ratio == 0
    assert r.age.score == 0
    assert Gap("age_band", "80_plus", 0, 0.0) in r.gaps


def test_one_workshop_and_every_process(session, world):
    one = inclusion.report(session, workshop_id=world["w2"].id, age_shares=AGE, area_shares=AREA)
    assert one.participants == 4
    assert one.targets == ("citizen", "politician", "business")  # its process's targets
    assert [g.value for g in one.gaps if g.dimension == "stakeholder_group"] == [
        "citizen",
        "politician",
        "business",
    ]
    assert (one.ideas, one.dots) == (2, 2)
    everything = inclusion.report(session, age_shares=AGE, area_shares=AREA)
    assert everything.participants == 17
    assert _rows(everything.groups)["politician"].participants == 5
    assert everything.targets == ("citizen", "politician", "business")
    assert [g.value for g in everything.gaps if g.dimension == "stakeholder_group"] == ["business"]
    # W3's five politicians gave no age and no area.
    assert (everything.age.answered, everything.age.not_given) == (11, 6)


def test_not_reached_uses_the_configured_population(session, world, monkeypatch):
    monkeypatch.setenv("SAMSKAB_POPULATION_AGE_SHARES", "under_30:50,65_79:50")
    monkeypatch.setenv("SAMSKAB_POPULATION_AREA_SHARES", "Nord:60,Syd:40")
    gaps = inclusion.not_reached(session, process_id=world["p"].id)
    assert [(g.dimension, g.value, g.participants) for g in gaps] == [
        ("stakeholder_group", "politician", 0),
        ("stakeholder_group", "business", 2),
        ("age_band", "under_30", 2),
    ]
    assert gaps[2].ratio == pytest.approx(4 / 11)


def test_an_empty_process_has_no_figures_but_lists_its_targets_as_missing(session):
    p = make_process(session, target_groups=["business"])
    r = inclusion.report(session, process_id=p.id, age_shares=AGE, area_shares=AREA)
    assert (r.participants, r.ideas, r.dots) == (0, 0, 0)
    assert r.age.score is None and r.area.score is None and r.score is None
    assert r.first_time_share is None
    assert list(r.gaps) == [Gap("stakeholder_group", "business", 0, None)]


def test_unknown_scope_is_not_found(session, world):
    with pytest.raises(NotFound):
        inclusion.report(session, process_id=10_000, age_shares=AGE, area_shares=AREA)
    with pytest.raises(NotFound):
        inclusion.report(session, process_id=world["q"].id, workshop_id=world["w1"].id, age_shares=AGE)


def test_facilitator_sets_target_groups_audited(session, world):
    facilitator = make_user(session, role="facilitator")
    p = world["p"]
    chosen = target_groups.set_target_groups(
        session, p.id, ["employee", "citizen"], by_user_id=facilitator.id
    )
    assert chosen == ("citizen", "employee")
    stored = session.scalars(
        select(ProcessTargetGroup.stakeholder_group).where(ProcessTargetGroup.process_id == p.id)
    )
    assert sorted(stored) == ["citizen", "employee"]
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "process.target_groups")).one()
    assert (event.user_id, event.entity_id) == (facilitator.id, p.id)
    r = inclusion.report(session, process_id=p.id, age_shares=AGE, area_shares=AREA)
    # Citizens (6) are reached; the four employees are too few.
    assert [g for g in r.gaps if g.dimension == "stakeholder_group"] == [
        Gap("stakeholder_group", "employee", 4, None)
    ]


def test_politicians_and_leaders_cannot_set_target_groups(session, world):
    for role in ("politician", "leader"):
        user = make_user(session, role=role)
        with pytest.raises(NotAllowed):
            target_groups.set_target_groups(session, world["p"].id, ["citizen"], by_user_id=user.id)
    assert target_groups.target_groups(session, world["p"].id) == ("citizen", "politician", "business")


def test_masking_rule():
    assert [representation.masked(n) for n in (0, 1, 4, 5, 17)] == [0, None, None, 5, 17]


def test_the_demo_shows_its_lopsidedness(session, demo, monkeypatch):
    for name in ("SAMSKAB_POPULATION_AGE_SHARES", "SAMSKAB_POPULATION_AREA_SHARES", "SAMSKAB_AREAS"):
        monkeypatch.delenv(name, raising=False)
    businesses = session.scalar(
        select(func.count())
        .select_from(Participant)
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .where(Workshop.process_id == demo.process_id, Participant.stakeholder_group == "business")
    )
    assert 0 < businesses < 5, "the demo should have a thin target group"
    gaps = inclusion.not_reached(session, process_id=demo.process_id)
    assert gaps[0] == Gap("stakeholder_group", "business", businesses, None)
    # Nobody under 30 in the demo, against 31 % of the population.
    assert Gap("age_band", "under_30", 0, 0.0) in gaps
    assert all(p.first_time is not None for p in session.scalars(select(Participant)))
