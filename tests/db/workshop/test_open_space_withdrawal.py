"""Taking an Open Space session off the marketplace: its proposer withdraws it (not once
others chose it, nor once it has a report), and the facilitator removes it (with a role,
an audit row, and the picks of it)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, OpenSpacePick, OpenSpaceSession
from services.admin.permissions import SYSTEM
from services.common.errors import Conflict, NotAllowed, NotFound, WorkshopClosed
from services.workshop.open_space import grid, market, reports, view, withdrawal
from tests.factories import make_participant, make_user, make_workshop


def _space(session):
    w = make_workshop(session, themes=[])
    grid.switch_open_space(session, w.id, True, by_user_id=SYSTEM)
    slot = grid.add_slot(session, w.id, "10.00", "10.45", by_user_id=SYSTEM)
    room = grid.add_room(session, w.id, "Salen", by_user_id=SYSTEM)
    karen, _ = make_participant(session, w, display_name="Karen")
    return w, slot, room, karen


def _topics(session, workshop_id):
    return [s.topic for s in view.marketplace(session, workshop_id).sessions]


def test_the_proposer_withdraws_their_session_and_the_marketplace_moves(session):
    w, slot, room, karen = _space(session)
    kept = market.propose_session(session, karen, "Frokostklub")
    held = market.propose_session(session, karen, "Besøgsvenner på landet")
    grid.place_session(session, held, slot, room, by_user_id=SYSTEM)
    market.pick_session(session, karen, held)  # their own pick does not hold it
    before = view.version(session, w.id)[1]
    assert view.marketplace(session, w.id).sessions[1].proposed_by == karen.id

    withdrawal.withdraw_session(session, karen, held)

    assert [s.id for s in view.marketplace(session, w.id).sessions] == [kept]
    # Tablets and projector rebuild their grid when the version moves.
    assert view.version(session, w.id)[1] > before
    assert view.my_picks(session, karen.id) == {}


def test_only_the_proposer_withdraws(session):
    w, _, _, karen = _space(session)
    ali, _ = make_participant(session, w, display_name="Ali")
    held = market.propose_session(session, karen, "Gåture")
    by_staff = grid.propose_session_for(session, w.id, "Digital hjælp", "Birthe", by_user_id=SYSTEM)
    for who, which in ((ali, held), (karen, by_staff)):
        with pytest.raises(NotAllowed) as refused:
            withdrawal.withdraw_session(session, who, which)
        assert refused.value.key == "open_space.error_not_yours"
    other = make_workshop(session, themes=[])
    stranger, _ = make_participant(session, other, display_name="Jens")
    grid.switch_open_space(session, other.id, True, by_user_id=SYSTEM)
    with pytest.raises(NotFound):
        withdrawal.withdraw_session(session, stranger, held)
    assert _topics(session, w.id) == ["Gåture", "Digital hjælp"]


def test_a_session_others_chose_stays_until_the_facilitator_removes_it(session):
    w, slot, room, karen = _space(session)
    ali, _ = make_participant(session, w, display_name="Ali")
    held = market.propose_session(session, karen, "Mandeværksted")
    grid.place_session(session, held, slot, room, by_user_id=SYSTEM)
    market.pick_session(session, ali, held)
    assert withdrawal.others_going(session, held, karen.id) == 1
    with pytest.raises(Conflict) as refused:
        withdrawal.withdraw_session(session, karen, held)
    assert (refused.value.key, refused.value.params) == (
        "open_space.error_withdraw_chosen",
        {"topic": "Mandeværksted"},
    )
    assert _topics(session, w.id) == ["Mandeværksted"]
    # Ali changes his mind: now Karen may take it back.
    market.drop_pick(session, ali, slot)
    withdrawal.withdraw_session(session, karen, held)
    assert _topics(session, w.id) == []


def test_a_session_with_a_report_stays_for_the_proposer_and_the_facilitator(session):
    w, slot, room, karen = _space(session)
    held = market.propose_session(session, karen, "Spisefællesskaber")
    grid.place_session(session, held, slot, room, by_user_id=SYSTEM)
    reports.save_report(session, karen, held, notes="Vi talte om fællesspisning.", ideas="Suppeaften")
    with pytest.raises(Conflict) as refused:
        withdrawal.withdraw_session(session, karen, held)
    assert refused.value.key == "open_space.error_withdraw_reported"
    with pytest.raises(Conflict):
        withdrawal.remove_session(session, held, by_user_id=SYSTEM)
    assert [r.topic for r in view.reports(session, workshop_id=w.id)] == ["Spisefællesskaber"]


def test_participants_cannot_withdraw_while_open_space_is_off_or_the_workshop_closed(session):
    w, _, _, karen = _space(session)
    held = market.propose_session(session, karen, "Gåture")
    grid.switch_open_space(session, w.id, False, by_user_id=SYSTEM)
    with pytest.raises(Conflict) as refused:
        withdrawal.withdraw_session(session, karen, held)
    assert refused.value.key == "open_space.error_off"
    w.phase = "closed"
    with pytest.raises(WorkshopClosed):
        withdrawal.remove_session(session, held, by_user_id=SYSTEM)
    assert _topics(session, w.id) == ["Gåture"]


def test_the_facilitator_removes_a_chosen_session_with_its_picks_and_an_audit_row(session):
    w, slot, room, karen = _space(session)
    ali, _ = make_participant(session, w, display_name="Ali")
    leader = make_user(session, role="leader")
    facilitator = make_user(session, role="facilitator")
    held = market.propose_session(session, karen, "Mandeværksted")
    grid.place_session(session, held, slot, room, by_user_id=SYSTEM)
    market.pick_session(session, ali, held)
    market.pick_session(session, karen, held)
    with pytest.raises(NotAllowed):
        withdrawal.remove_session(session, held, by_user_id=leader.id)
    before = view.version(session, w.id)[1]

    withdrawal.remove_session(session, held, by_user_id=facilitator.id)

    assert session.get(OpenSpaceSession, held) is None
    assert session.scalar(select(func.count()).select_from(OpenSpacePick)) == 0
    assert view.version(session, w.id)[1] > before
    [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "open_space.remove_session"))
    assert (event.user_id, event.entity, event.entity_id) == (facilitator.id, "open_space_session", held)
    assert json.loads(event.detail) == {"workshop_id": w.id, "topic": "Mandeværksted", "picks_dropped": 2}
    with pytest.raises(NotFound):
        withdrawal.remove_session(session, held, by_user_id=facilitator.id)
