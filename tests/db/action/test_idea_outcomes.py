"""Every idea's outcome: read from initiatives, merges and the catalogue, else a facilitator's decision."""

import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, IdeaDecision
from services.action import curation, idea_outcomes, lifecycle, outcomes
from services.admin.permissions import SYSTEM
from services.common.errors import InvalidInput, NotAllowed
from services.workshop import clusters, ideas, influence
from tests.factories import make_idea, make_user, make_workshop


def _by(session, role):
    return make_user(session, role=role).id


def test_each_idea_gets_its_outcome_and_hidden_or_withdrawn_ideas_none(session):
    w = make_workshop(session, phase="cluster")
    picked, grown, merged, survivor, refused, _pending, hidden, withdrawn = (
        make_idea(session, w, title=f"Idé {n}") for n in range(8)
    )
    curation.add_ideas(session, w.process_id, [picked.id], by_user_id=SYSTEM)
    made = lifecycle.create_initiative(
        session, title="Mødested", process_id=w.process_id, idea_ids=[grown.id], by_user_id=SYSTEM
    )
    clusters.merge(session, survivor.id, [merged.id], by_user_id=SYSTEM)
    ideas.hide_idea(session, hidden.id, hidden=True, reason="grov", by_user_id=SYSTEM)
    withdrawn.status = "withdrawn"
    facilitator = _by(session, "facilitator")
    assert (
        idea_outcomes.decide(
            session,
            w.id,
            [refused.id],
            decision="not_taken_forward",
            reason="Findes allerede",
            by_user_id=facilitator,
        )
        == 1
    )
    found = {o.title: o for o in idea_outcomes.workshop_outcomes(session, w.id)}
    assert set(found) == {"Idé 0", "Idé 1", "Idé 2", "Idé 3", "Idé 4", "Idé 5"}
    assert found["Idé 0"].outcome == "catalogue"
    assert (found["Idé 1"].outcome, [r.title for r in found["Idé 1"].initiatives]) == (
        "initiative",
        ["Mødested"],
    )
    assert made.id == found["Idé 1"].initiatives[0].id
    assert (found["Idé 2"].outcome, found["Idé 2"].merged_into) == ("merged", "Idé 3")
    assert found["Idé 3"].outcome == "pending"
    assert (found["Idé 4"].outcome, found["Idé 4"].reason) == ("not_taken_forward", "Findes allerede")
    assert found["Idé 5"].outcome == "pending"
    row = session.scalars(select(AuditEvent).where(AuditEvent.action == "ideas.decide")).one()
    assert row.user_id == facilitator


def test_a_derived_outcome_cannot_be_overruled_and_nothing_is_written(session):
    w = make_workshop(session, phase="closed")
    picked, other = make_idea(session, w, title="I kataloget"), make_idea(session, w)
    curation.add_ideas(session, w.process_id, [picked.id], by_user_id=SYSTEM)
    with pytest.raises(InvalidInput) as refused:
        idea_outcomes.decide(
            session,
            w.id,
            [other.id, picked.id],
            decision="not_taken_forward",
            reason="Nej",
            by_user_id=SYSTEM,
        )
    assert refused.value.params == {"idea": "I kataloget"}
    assert session.scalar(select(func.count()).select_from(IdeaDecision)) == 0
    with pytest.raises(InvalidInput):
        idea_outcomes.decide(
            session, w.id, [other.id], decision="not_taken_forward", reason=" ", by_user_id=SYSTEM
        )
    with pytest.raises(InvalidInput):
        idea_outcomes.decide(session, w.id, [other.id], decision="maybe", reason="Nej", by_user_id=SYSTEM)
    elsewhere = make_idea(session, make_workshop(session))
    with pytest.raises(InvalidInput):
        idea_outcomes.decide(
            session, w.id, [elsewhere.id], decision="not_taken_forward", reason="Nej", by_user_id=SYSTEM
        )


def test_leaders_and_politicians_may_not_decide_or_undo(session):
    w = make_workshop(session, phase="closed")
    idea = make_idea(session, w)
    for role in ("leader", "politician"):
        with pytest.raises(NotAllowed):
            idea_outcomes.decide(
                session,
                w.id,
                [idea.id],
                decision="not_taken_forward",
                reason="Nej",
                by_user_id=_by(session, role),
            )
        with pytest.raises(NotAllowed):
            idea_outcomes.undo_decisions(session, w.id, [idea.id], by_user_id=_by(session, role))


def test_undo_makes_the_idea_pending_again(session):
    w = make_workshop(session, phase="closed")
    idea = make_idea(session, w)
    idea_outcomes.decide(
        session, w.id, [idea.id], decision="not_taken_forward", reason="Nej", by_user_id=SYSTEM
    )
    assert idea_outcomes.undo_decisions(session, w.id, [idea.id], by_user_id=_by(session, "admin")) == 1
    assert [o.outcome for o in idea_outcomes.workshop_outcomes(session, w.id)] == ["pending"]


def test_the_public_page_lists_every_workshop_idea_with_outcome_and_level(session):
    w = make_workshop(session, phase="closed")
    refused, kept = make_idea(session, w, title="Bænke"), make_idea(session, w, title="Kaffe")
    curation.add_ideas(session, w.process_id, [kept.id], by_user_id=SYSTEM)
    curation.set_published(session, w.process_id, True, by_user_id=SYSTEM)
    idea_outcomes.decide(
        session,
        w.id,
        [refused.id],
        decision="not_taken_forward",
        reason="<b>Ingen plads</b>",
        by_user_id=SYSTEM,
    )
    influence.set_process_influence(
        session, w.process_id, level="consult", promise="Svar 1. marts", by_user_id=SYSTEM
    )
    page = outcomes.public_page(session, w.process.public_slug)
    (shown,) = page.outcomes
    assert (page.level, page.promise, shown.level, shown.promise) == (
        "consult",
        "Svar 1. marts",
        "consult",
        "Svar 1. marts",
    )
    assert [(i.title, i.outcome, i.reason) for i in shown.ideas] == [
        ("Bænke", "not_taken_forward", "<b>Ingen plads</b>"),
        ("Kaffe", "catalogue", ""),
    ]
    assert shown.outcomes_published is False
