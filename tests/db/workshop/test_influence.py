"""The level of influence: set per process by the facilitator, overridden by a workshop, audited."""

import pytest
from sqlalchemy import select

from db.models import AuditEvent
from services.common.errors import InvalidInput, NotAllowed
from services.workshop import influence
from tests.factories import make_user, make_workshop


def test_a_workshop_follows_its_process_until_it_sets_its_own(session):
    w = make_workshop(session)
    facilitator = make_user(session, role="facilitator").id
    assert influence.influence_of_workshop(session, w.id).level is None
    influence.set_process_influence(
        session, w.process_id, level="consult", promise=" Vi svarer inden 1. marts. ", by_user_id=facilitator
    )
    assert influence.influence_of_workshop(session, w.id) == influence.Influence(
        "consult", "Vi svarer inden 1. marts."
    )
    influence.set_workshop_influence(
        session, w.id, level="collaborate", promise="Vi planlægger sammen.", by_user_id=facilitator
    )
    assert influence.influence_of_workshop(session, w.id) == influence.Influence(
        "collaborate", "Vi planlægger sammen.", own=True
    )
    influence.set_workshop_influence(session, w.id, level=None, promise="", by_user_id=facilitator)
    assert influence.influence_of_workshop(session, w.id).level == "consult"
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.user_id == facilitator)).all()
    assert actions == ["process.influence", "workshop.influence", "workshop.influence"]


def test_bad_levels_and_missing_promises_are_refused(session):
    w = make_workshop(session)
    with pytest.raises(InvalidInput):
        influence.set_process_influence(
            session, w.process_id, level="decide", promise="x", by_user_id=make_user(session).id
        )
    with pytest.raises(InvalidInput):
        influence.set_process_influence(
            session, w.process_id, level="inform", promise="  ", by_user_id=make_user(session).id
        )
    with pytest.raises(InvalidInput):
        influence.set_workshop_influence(
            session, w.id, level=None, promise="Et løfte", by_user_id=make_user(session).id
        )
    assert w.process.influence_level is None


def test_only_facilitators_and_administrators_set_the_level(session):
    w = make_workshop(session)
    for role in ("leader", "politician"):
        with pytest.raises(NotAllowed):
            influence.set_process_influence(
                session,
                w.process_id,
                level="inform",
                promise="x",
                by_user_id=make_user(session, role=role).id,
            )
        with pytest.raises(NotAllowed):
            influence.set_workshop_influence(
                session, w.id, level="inform", promise="x", by_user_id=make_user(session, role=role).id
            )
