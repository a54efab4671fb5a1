"""Participants see and erase their own details; facilitators export and anonymise a workshop's."""

from datetime import datetime

import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, Comment, Idea, Participant, Vote
from services.common.errors import NotAllowed, NotFound
from services.workshop import board, participant_privacy, votes
from tests.factories import HOSTILE, make_idea, make_participant, make_user, make_workshop
from tests.spreadsheets import csv_rows, live_csv_cells, xlsx_cells

LABELS = {k: f"h.{k}" for k in participant_privacy.EXPORT_COLUMNS} | {
    "yes": "ja",
    "no": "nej",
    "group.citizen": "Borger",
    "group.volunteer": "Frivillig",
    "age.65_79": "65–79",
}


def _details(session, person_id):
    session.expire_all()
    p = session.get(Participant, person_id)
    return (p.display_name, p.age_band, p.area, p.first_time, p.stakeholder_group)


def _joined(session, workshop, name="Grethe", **extra):
    values = {
        "display_name": name,
        "age_band": "65_79",
        "area": "Nord",
        "first_time": True,
        "areas": ("Nord",),
    }
    return make_participant(session, workshop, **(values | extra))


def test_a_participant_sees_what_is_kept_about_them(session):
    workshop = make_workshop(session, phase="vote", anonymous_ideas=False)
    me, token = _joined(session, workshop)
    idea = make_idea(session, workshop, participant_id=me.id)
    session.add(Comment(idea_id=idea.id, participant_id=me.id, body="enig"))
    votes.add_dot(session, me.id, idea.id)
    votes.add_dot(session, me.id, idea.id)
    mine = participant_privacy.own_data(session, token)
    assert (mine.display_name, mine.stakeholder_group, mine.age_band, mine.area, mine.first_time) == (
        "Grethe",
        "citizen",
        "65_79",
        "Nord",
        True,
    )
    assert (mine.ideas, mine.comments, mine.dots) == (1, 1, 2)
    assert mine.workshop_title == workshop.title and not mine.erased


def test_erasing_keeps_ideas_comments_and_dots_and_takes_the_name_off_the_board(session):
    workshop = make_workshop(session, phase="vote", anonymous_ideas=False)
    me, token = _joined(session, workshop)
    idea = make_idea(session, workshop, participant_id=me.id)
    session.add(Comment(idea_id=idea.id, participant_id=me.id, body="enig"))
    votes.add_dot(session, me.id, idea.id)
    session.commit()
    names_before = [i["author"] for i in board.snapshot(session, workshop.id)["ideas"]]
    assert names_before == ["Grethe"]
    version = workshop.board_version

    assert participant_privacy.erase_own_data(session, token) is True
    session.commit()

    assert _details(session, me.id) == (None, None, None, None, "citizen")
    assert session.scalar(select(Idea.participant_id).where(Idea.id == idea.id)) == me.id
    assert (
        session.scalar(select(func.count()).select_from(Comment).where(Comment.participant_id == me.id)) == 1
    )
    assert session.scalar(select(Vote.dots).where(Vote.participant_id == me.id)) == 1
    snapshot = board.snapshot(session, workshop.id)
    assert [(i["title"], i["author"]) for i in snapshot["ideas"]] == [(idea.title, None)]
    session.refresh(workshop)
    assert workshop.board_version > version  # every tablet re-reads the board
    # The token still works: the participant keeps their board, now anonymous.
    assert participant_privacy.own_data(session, token).erased
    row = session.scalars(select(AuditEvent).where(AuditEvent.action == "participant.erase_own")).one()
    assert (row.user_id, row.entity, row.entity_id) == (None, "participant", me.id)
    assert "Grethe" not in row.detail
    # A second erase has nothing left to do and says so, without another audit row.
    assert participant_privacy.erase_own_data(session, token) is False
    assert session.scalar(select(func.count()).where(AuditEvent.action == "participant.erase_own")) == 1


def test_erasing_works_in_a_closed_workshop_too(session):
    workshop = make_workshop(session)
    me, token = _joined(session, workshop)
    workshop.phase = "closed"
    assert participant_privacy.erase_own_data(session, token)
    assert _details(session, me.id)[:4] == (None, None, None, None)


@pytest.mark.parametrize("token", [None, "", "x" * 22, "short", "a" * 400])
def test_a_bad_token_erases_nobody(session, token):
    workshop = make_workshop(session)
    me, _ = _joined(session, workshop)
    with pytest.raises(NotFound):
        participant_privacy.erase_own_data(session, token)
    assert _details(session, me.id)[0] == "Grethe"


def test_a_facilitator_anonymises_a_workshops_participants_and_no_other(session):
    facilitator = make_user(session, role="facilitator")
    workshop, other = make_workshop(session), make_workshop(session)
    one, _ = _joined(session, workshop, "Grethe")
    two, _ = _joined(session, workshop, None, age_band=None, area=None, first_time=None)
    three, _ = _joined(session, workshop, "Ib", area=None)
    elsewhere, _ = _joined(session, other, "Karl")
    idea = make_idea(session, workshop, participant_id=one.id)
    workshop.phase = "closed"

    count = participant_privacy.anonymise_participants(session, workshop.id, by_user_id=facilitator.id)
    session.commit()

    assert count == 2  # the second had nothing to erase
    for person in (one, two, three):
        assert _details(session, person.id)[:4] == (None, None, None, None)
    assert _details(session, elsewhere.id)[0] == "Karl"
    assert session.get(Idea, idea.id).participant_id == one.id
    row = session.scalars(select(AuditEvent).where(AuditEvent.action == "participants.anonymise")).one()
    assert (row.user_id, row.entity_id) == (facilitator.id, workshop.id)
    assert '"participants": 2' in row.detail


@pytest.mark.parametrize("role", ["leader", "politician"])
def test_other_roles_may_not_anonymise_or_export(session, role):
    user = make_user(session, role=role)
    workshop = make_workshop(session)
    me, _ = _joined(session, workshop)
    with pytest.raises(NotAllowed):
        participant_privacy.anonymise_participants(session, workshop.id, by_user_id=user.id)
    with pytest.raises(NotAllowed):
        participant_privacy.participants_file(session, workshop.id, LABELS, by_user_id=user.id)
    assert _details(session, me.id)[0] == "Grethe"
    assert (
        session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.user_id == user.id)) == 0
    )


def test_the_participants_export_opens_with_every_detail_as_typed(session, clock_at):
    admin = make_user(session, role="admin")
    workshop = make_workshop(session, phase="vote")
    clock_at(datetime(2026, 11, 23, 17, 5))
    me, _ = _joined(session, workshop, HOSTILE[:40])
    quiet, _ = make_participant(session, workshop, display_name="=1+1", stakeholder_group="volunteer")
    idea = make_idea(session, workshop, participant_id=me.id)
    votes.add_dot(session, quiet.id, idea.id)

    table = participant_privacy.participants_file(session, workshop.id, LABELS, by_user_id=admin.id)
    csv_data = participant_privacy.to_csv(table, "da")
    rows = csv_rows(csv_data, ";")
    assert rows[0] == [LABELS[k] for k in participant_privacy.EXPORT_COLUMNS]
    assert rows[1] == [
        str(me.id),
        "2026-11-23 17:05",
        HOSTILE[:40],
        "Borger",
        "65–79",
        "Nord",
        "ja",
        "nej",
        "1",
        "0",
        "0",
    ]
    assert rows[2][2].replace("'", "") == "=1+1" and rows[2][3] == "Frivillig" and rows[2][-1] == "1"
    assert live_csv_cells(csv_data) == []

    values = [[c.value for c in row] for row in _sheet_rows(participant_privacy.to_xlsx(table, "Deltagere"))]
    assert values[1][2] == HOSTILE[:40] and values[2][2] == "=1+1"
    assert values[1][1] == datetime(2026, 11, 23, 17, 5)
    row = session.scalars(select(AuditEvent).where(AuditEvent.action == "participants.export")).one()
    assert (row.user_id, row.entity_id) == (admin.id, workshop.id)


def _sheet_rows(data: bytes):
    cells = xlsx_cells(data)
    rows: dict[int, list] = {}
    for cell in cells:
        rows.setdefault(cell.row, []).append(cell)
    return [rows[r] for r in sorted(rows)]
