"""Open Space: the grid, one session per cell, one pick per slot (changed at will), reports
whose ideas join the board with their lineage, roles and audit, and the proceedings PDF."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from db.models import AuditEvent, Idea, OpenSpacePick, OpenSpaceSession
from services.admin.permissions import SYSTEM
from services.common.errors import Conflict, InvalidInput, NotAllowed, WorkshopClosed
from services.workshop import board
from services.workshop.open_space import grid, market, proceedings, reports, view
from tests.factories import HOSTILE, make_participant, make_user, make_workshop
from tests.when import TODAY


def _space(session, *, slots=("10.00", "11.00"), rooms=("Salen", "Biblioteket")):
    """A switched-on marketplace: its workshop, slot ids and room ids."""
    w = make_workshop(session, themes=[])
    grid.switch_open_space(session, w.id, True, by_user_id=SYSTEM)
    slot_ids = [grid.add_slot(session, w.id, s, "", by_user_id=SYSTEM) for s in slots]
    room_ids = [grid.add_room(session, w.id, r, by_user_id=SYSTEM) for r in rooms]
    return w, slot_ids, room_ids


def _placed(session, w, slot_id, room_id, topic="Spisefællesskaber"):
    held = grid.propose_session_for(session, w.id, topic, "Birthe", by_user_id=SYSTEM)
    grid.place_session(session, held, slot_id, room_id, by_user_id=SYSTEM)
    return held


def _audit(session, action):
    return session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_a_participant_proposes_a_session_as_convener_or_for_someone_else(session):
    w, _, _ = _space(session)
    me, _ = make_participant(session, w, display_name="Karen")
    mine = market.propose_session(session, me, "Besøgsvenner på landet")
    theirs = market.propose_session(session, me, "Frokostklub", convener="Jens fra Ældresagen")
    shown = {s.id: (s.topic, s.convener, s.slot_id) for s in view.marketplace(session, w.id).sessions}
    assert shown == {
        mine: ("Besøgsvenner på landet", "Karen", None),
        theirs: ("Frokostklub", "Jens fra Ældresagen", None),
    }
    nameless, _ = make_participant(session, w, display_name=None)
    with pytest.raises(InvalidInput) as refused:
        market.propose_session(session, nameless, "Gåture")
    assert refused.value.params == {"field": "open_space.convener"}


def test_participants_cannot_write_while_open_space_is_off(session):
    w = make_workshop(session, themes=[])
    me, _ = make_participant(session, w, display_name="Karen")
    with pytest.raises(Conflict) as refused:
        market.propose_session(session, me, "Gåture")
    assert refused.value.key == "open_space.error_off"
    assert view.version(session, w.id) == (False, 0)


def test_one_session_per_cell(session):
    w, (ten, eleven), (hall, library) = _space(session)
    first = _placed(session, w, ten, hall, "Spisefællesskaber")
    second = grid.propose_session_for(session, w.id, "Digital hjælp", "Ali", by_user_id=SYSTEM)
    with pytest.raises(Conflict) as refused:
        grid.place_session(session, second, ten, hall, by_user_id=SYSTEM)
    assert refused.value.params == {"topic": "Spisefællesskaber"}
    grid.place_session(session, second, ten, library, by_user_id=SYSTEM)
    grid.place_session(session, first, eleven, hall, by_user_id=SYSTEM)
    grid.place_session(session, second, ten, hall, by_user_id=SYSTEM)  # free again now
    market_view = view.marketplace(session, w.id)
    assert market_view.cell(ten, hall).id == second
    assert market_view.cell(eleven, hall).id == first
    assert market_view.cell(ten, library) is None


def test_the_database_holds_one_session_per_cell_too(session):
    w, (ten, _), (hall, _) = _space(session)
    _placed(session, w, ten, hall)
    session.add(OpenSpaceSession(workshop_id=w.id, topic="x", convener="y", slot_id=ten, room_id=hall))
    with pytest.raises(IntegrityError):
        session.flush()


def test_one_pick_per_slot_and_a_change_of_mind(session):
    w, (ten, eleven), (hall, library) = _space(session)
    meals = _placed(session, w, ten, hall, "Spisefællesskaber")
    digital = _placed(session, w, ten, library, "Digital hjælp")
    walks = _placed(session, w, eleven, hall, "Gåture")
    me, _ = make_participant(session, w, display_name="Karen")
    market.pick_session(session, me, meals)
    market.pick_session(session, me, walks)
    assert view.my_picks(session, me.id) == {ten: meals, eleven: walks}
    market.pick_session(session, me, digital)  # the law of two feet
    assert view.my_picks(session, me.id) == {ten: digital, eleven: walks}
    picks = {s.id: s.picks for s in view.marketplace(session, w.id).sessions}
    assert picks == {meals: 0, digital: 1, walks: 1}
    market.drop_pick(session, me, eleven)
    assert view.my_picks(session, me.id) == {ten: digital}
    assert session.scalar(select(func.count()).select_from(OpenSpacePick)) == 1


def test_an_unplaced_session_cannot_be_picked_and_moving_one_ends_its_picks(session):
    w, (ten, eleven), (hall, _) = _space(session)
    loose = grid.propose_session_for(session, w.id, "Frokostklub", "Jens", by_user_id=SYSTEM)
    me, _ = make_participant(session, w)
    with pytest.raises(Conflict) as refused:
        market.pick_session(session, me, loose)
    assert refused.value.key == "open_space.error_not_placed"
    placed = _placed(session, w, ten, hall)
    market.pick_session(session, me, placed)
    grid.place_session(session, placed, eleven, hall, by_user_id=SYSTEM)
    assert view.my_picks(session, me.id) == {}


def test_every_change_moves_the_version(session):
    w, (ten, _), (hall, _) = _space(session)
    before = view.version(session, w.id)
    held = _placed(session, w, ten, hall)
    after_place = view.version(session, w.id)
    me, _ = make_participant(session, w)
    market.pick_session(session, me, held)
    assert before[1] < after_place[1] < view.version(session, w.id)[1]
    assert view.cached_marketplace(session, w.id).sessions[0].picks == 1


def test_grid_writes_need_a_role_that_runs_workshops_and_are_audited(session):
    w = make_workshop(session, themes=[])
    leader = make_user(session, role="leader")
    facilitator = make_user(session, role="facilitator")
    with pytest.raises(NotAllowed):
        grid.add_slot(session, w.id, "10.00", "10.45", by_user_id=leader.id)
    with pytest.raises(NotAllowed):
        grid.switch_open_space(session, w.id, True, by_user_id=None)
    slot = grid.add_slot(session, w.id, "10.00", "10.45", by_user_id=facilitator.id)
    [event] = _audit(session, "open_space.add_slot")
    assert (event.user_id, event.entity_id) == (facilitator.id, slot)
    grid.switch_open_space(session, w.id, True, by_user_id=facilitator.id)
    [switched] = _audit(session, "open_space.switch")
    assert json.loads(switched.detail) == {"on": True}
    assert view.marketplace(session, w.id).slots[0].label == "10.00–10.45"


def test_a_closed_workshop_keeps_its_grid_as_it_is(session):
    w, (ten, _), (hall, _) = _space(session)
    held = grid.propose_session_for(session, w.id, "Gåture", "Ali", by_user_id=SYSTEM)
    w.phase = "closed"
    with pytest.raises(WorkshopClosed):
        grid.place_session(session, held, ten, hall, by_user_id=SYSTEM)


def test_report_ideas_join_the_board_with_their_lineage(session):
    w, (ten, _), (hall, _) = _space(session)
    held = _placed(session, w, ten, hall, "Spisefællesskaber")
    me, _ = make_participant(session, w, display_name="Karen")
    outsider, _ = make_participant(session, w)
    market.pick_session(session, me, held)
    version_before = w.board_version
    added = reports.save_report(
        session,
        me,
        held,
        notes="Vi talte om fællesspisning i forsamlingshuset.",
        next_steps="Kontakt foreningerne.",
        ideas="Madklub hver torsdag\n\nKørselsordning til spisning\n",
        attendance={"citizen": 6, "volunteer": 2, "employee": 0},
    )
    assert len(added) == 2
    on_board = {i["title"]: i for i in board.snapshot(session, w.id)["ideas"]}
    assert {"Madklub hver torsdag", "Kørselsordning til spisning"} <= set(on_board)
    # The tablets show where each came from ("Fra sessionen «…»"); the others came from no session.
    assert on_board["Madklub hver torsdag"]["from_session"] == "Spisefællesskaber"
    assert all(
        i["from_session"] is None
        for t, i in on_board.items()
        if t not in ("Madklub hver torsdag", "Kørselsordning til spisning")
    )
    assert view.origins_in_workshop(session, w.id) == dict.fromkeys(added, "Spisefællesskaber")
    session.refresh(w)
    assert w.board_version > version_before
    # Saving again after a correction adds only the new line.
    again = reports.save_report(
        session, me, held, notes="Rettet.", ideas="Madklub hver torsdag\nBesøgsven på cykel"
    )
    assert len(again) == 1
    [report] = view.reports(session, workshop_id=w.id)
    assert (report.topic, report.notes, report.attendance, report.people) == (
        "Spisefællesskaber",
        "Rettet.",
        {},
        0,
    )
    assert report.ideas == ("Madklub hver torsdag", "Kørselsordning til spisning", "Besøgsven på cykel")
    with pytest.raises(NotAllowed):
        reports.save_report(session, outsider, held, notes="Jeg var der ikke")


def test_a_report_refuses_bad_counts_and_leaves_nothing_half_written(session):
    w, (ten, _), (hall, _) = _space(session)
    held = _placed(session, w, ten, hall)
    me, _ = make_participant(session, w)
    market.pick_session(session, me, held)
    ideas_before = session.scalar(select(func.count()).select_from(Idea))
    with pytest.raises(InvalidInput):
        reports.save_report(session, me, held, notes="x", ideas="En idé", attendance={"citizen": -1})
    with pytest.raises(InvalidInput):
        reports.save_report(session, me, held, notes="x", attendance={"aliens": 3})
    assert session.scalar(select(func.count()).select_from(Idea)) == ideas_before
    assert view.reports(session, workshop_id=w.id) == []


def test_the_proceedings_pdf_holds_every_report_literally(session):
    w, (ten, eleven), (hall, _) = _space(session)
    meals = _placed(session, w, ten, hall, "Spisefællesskaber på Ærø")
    walks = _placed(session, w, eleven, hall, "**Gåture** <b>i</b> byen")
    me, _ = make_participant(session, w, display_name="Karen")
    market.pick_session(session, me, meals)
    market.pick_session(session, me, walks)
    reports.save_report(
        session, me, meals, notes="Fællesspisning mod ensomhed.", ideas="Madklub", attendance={"citizen": 4}
    )
    reports.save_report(session, me, walks, notes=HOSTILE, next_steps="Find ruter med bænke.")
    data = proceedings.proceedings_pdf(session, w.process_id, municipality="Ærø Kommune", today=TODAY)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    for expected in (
        "Spisefællesskaber på Ærø",
        "Fællesspisning mod ensomhed.",
        "Madklub",
        "Borger: 4",
        "**Gåture** <b>i</b> byen",
        "<script>alert(1)</script>",
        "Find ruter med bænke.",
        "Ærø Kommune",
    ):
        assert expected in text, expected
