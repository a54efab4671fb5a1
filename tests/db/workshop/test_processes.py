"""Processes in the UI's services: create, edit, move through phases, archive; roles and audit."""

import json
from datetime import date

import pytest
from sqlalchemy import select

from db.models import AuditEvent
from services.common.errors import Conflict, InvalidInput, NotAllowed
from services.workshop import processes
from tests.factories import make_user


def _audit(session, action):
    return [
        (e.user_id, json.loads(e.detail))
        for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    ]


@pytest.fixture
def facilitator(session):
    return make_user(session, role="facilitator")


def test_a_facilitator_creates_a_process_in_its_first_phase(session, facilitator):
    p = processes.create_process(
        session,
        title="Unge og fællesskab",
        description="Flere unge med i foreningslivet.",
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
        target_groups=["volunteer", "citizen", "citizen"],
        by_user_id=facilitator.id,
    )
    assert (p.phase, p.archived_at) == ("framing", None)
    assert [g.stakeholder_group for g in p.target_groups] == ["citizen", "volunteer"]
    assert _audit(session, "process.create") == [(facilitator.id, {})]


@pytest.mark.parametrize("role", ["leader", "politician"])
def test_leaders_and_politicians_may_not_create_edit_move_or_archive(session, facilitator, role):
    other = make_user(session, role=role)
    p = processes.create_process(session, title="P", by_user_id=facilitator.id)
    with pytest.raises(NotAllowed):
        processes.create_process(session, title="Q", by_user_id=other.id)
    with pytest.raises(NotAllowed):
        processes.update_process(
            session,
            p.id,
            title="X",
            description="",
            starts_on=None,
            ends_on=None,
            target_groups=[],
            by_user_id=other.id,
        )
    with pytest.raises(NotAllowed):
        processes.set_phase(session, p.id, "idea_workshops", by_user_id=other.id)
    with pytest.raises(NotAllowed):
        processes.set_archived(session, p.id, True, by_user_id=other.id)
    assert (p.title, p.phase, p.archived_at) == ("P", "framing", None)


def test_editing_records_what_changed(session, facilitator):
    p = processes.create_process(session, title="P", target_groups=["citizen"], by_user_id=facilitator.id)
    processes.update_process(
        session,
        p.id,
        title="P, anden runde",
        description="Nyt formål",
        starts_on=date(2027, 2, 1),
        ends_on=None,
        target_groups=["citizen", "business"],
        by_user_id=facilitator.id,
    )
    assert (p.title, p.description, p.starts_on) == ("P, anden runde", "Nyt formål", date(2027, 2, 1))
    [(user_id, detail)] = _audit(session, "process.update")
    assert user_id == facilitator.id
    assert detail == {
        "title": "P, anden runde",
        "starts_on": "2027-02-01",
        "target_groups": ["business", "citizen"],
        "purpose_changed": True,
    }
    with pytest.raises(InvalidInput) as refused:
        processes.update_process(
            session,
            p.id,
            title="P",
            description="",
            starts_on=date(2027, 2, 1),
            ends_on=date(2027, 1, 1),
            target_groups=[],
            by_user_id=facilitator.id,
        )
    assert refused.value.key == "error.dates_order"
    assert p.title == "P, anden runde"


def test_the_phase_moves_either_way_and_an_archived_process_stays_put(session, facilitator):
    p = processes.create_process(session, title="P", by_user_id=facilitator.id)
    processes.set_phase(session, p.id, "concretising", by_user_id=facilitator.id)
    processes.set_phase(session, p.id, "idea_workshops", by_user_id=facilitator.id)
    assert p.phase == "idea_workshops"
    assert [d for _, d in _audit(session, "process.phase")] == [
        {"old": "framing", "new": "concretising"},
        {"old": "concretising", "new": "idea_workshops"},
    ]
    with pytest.raises(InvalidInput):
        processes.set_phase(session, p.id, "party", by_user_id=facilitator.id)
    processes.set_archived(session, p.id, True, by_user_id=facilitator.id)
    with pytest.raises(Conflict) as refused:
        processes.set_phase(session, p.id, "evaluation", by_user_id=facilitator.id)
    assert refused.value.key == "error.process_archived"


def test_an_archived_process_leaves_the_overview_and_the_new_work_pickers(session, facilitator):
    kept = processes.create_process(session, title="Kept", by_user_id=facilitator.id)
    gone = processes.create_process(session, title="Gone", by_user_id=facilitator.id)
    processes.set_archived(session, gone.id, True, by_user_id=facilitator.id)
    assert [f.process_id for f in processes.overview(session)] == [kept.id]
    assert [p.id for p in processes.list_processes(session, include_archived=False)] == [kept.id]
    assert {p.id for p in processes.list_processes(session)} == {kept.id, gone.id}
    processes.set_archived(session, gone.id, False, by_user_id=facilitator.id)
    assert {f.process_id for f in processes.overview(session)} == {kept.id, gone.id}
    assert [a for (a,) in session.execute(select(AuditEvent.action).where(AuditEvent.entity_id == gone.id))][
        -2:
    ] == [
        "process.archive",
        "process.restore",
    ]
