"""A volunteer's data as a file, and anonymising that also takes the name out of notes and audit."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, HoursEntry, StaffTimeEntry
from services.admin import audit
from services.admin.audit_scrub import REDACTED
from services.admin.permissions import SYSTEM
from services.common.errors import NotAllowed
from services.volunteering import hours, staff_time, volunteer_export, volunteers
from tests.factories import HOSTILE, make_actor, make_user, make_volunteer
from tests.spreadsheets import csv_rows, live_csv_cells
from tests.when import TODAY

LABELS = {k: f"h.{k}" for k in (*volunteer_export.VOLUNTEER_FIELDS, *volunteer_export.HOURS_FIELDS)} | {
    "record": "Post",
    "field": "Felt",
    "value": "Værdi",
    "volunteer": "Frivillig",
    "hours": "Timer",
    "yes": "ja",
    "no": "nej",
}


def _karen(session):
    actor = make_actor(session, name="Café Kaffekanden")
    return make_volunteer(
        session,
        name="Karen Holm",
        contact="karen@example.dk",
        consent_on=date(2025, 1, 2),
        actor_id=actor.id,
        skills="=1+1 og strik",
    )


def test_a_leader_exports_everything_kept_about_a_volunteer_as_json_and_csv(session):
    leader = make_user(session, role="leader")
    karen = _karen(session)
    hours.log_hours(
        session,
        worked_on=date(2026, 3, 4),
        minutes=90,
        volunteer_id=karen.id,
        note=HOSTILE,
        today=TODAY,
        by_user_id=SYSTEM,
    )
    hours.log_hours(
        session,
        worked_on=date(2026, 3, 11),
        minutes=60,
        volunteer_id=karen.id,
        today=TODAY,
        by_user_id=SYSTEM,
    )
    other = make_volunteer(session, name="Ib")
    hours.log_hours(
        session, worked_on=date(2026, 3, 4), minutes=30, volunteer_id=other.id, today=TODAY, by_user_id=SYSTEM
    )

    record = volunteer_export.volunteer_record(session, karen.id, by_user_id=leader.id)
    data = json.loads(volunteer_export.to_json(record).decode("utf-8"))
    assert data["volunteer"] | {"registered_at": None} == {
        "id": karen.id,
        "name": "Karen Holm",
        "contact": "karen@example.dk",
        "affiliation": "Café Kaffekanden",
        "starts_on": "2025-01-01",
        "ends_on": None,
        "skills": "=1+1 og strik",
        "consent_on": "2025-01-02",
        "anonymised": False,
        "registered_at": None,
    }
    assert [(h["worked_on"], h["minutes"], h["note"]) for h in data["hours"]] == [
        ("2026-03-04", 90, HOSTILE),
        ("2026-03-11", 60, ""),
    ]

    csv_data = volunteer_export.to_csv(record, LABELS, language="da")
    rows = csv_rows(csv_data, ";")
    assert rows[0] == ["Post", "Felt", "Værdi"]
    assert ["Frivillig", "h.name", "Karen Holm"] in rows
    assert ["Frivillig", "h.anonymised", "nej"] in rows
    assert ["Timer 1", "h.note", HOSTILE] in rows
    assert ["Timer 2", "h.minutes", "60"] in rows
    assert not any(r[1] == "h.minutes" and r[2] == "30" for r in rows)  # someone else's hours
    assert live_csv_cells(csv_data) == []  # the skills' "=1+1" stays text

    row = session.scalars(select(AuditEvent).where(AuditEvent.action == "volunteer.export")).one()
    assert (row.user_id, row.entity_id) == (leader.id, karen.id)
    assert "Karen" not in row.detail


@pytest.mark.parametrize("role", ["facilitator", "politician"])
def test_only_leaders_and_admins_export_a_volunteer(session, role):
    karen = _karen(session)
    with pytest.raises(NotAllowed):
        volunteer_export.volunteer_record(session, karen.id, by_user_id=make_user(session, role=role).id)
    assert session.scalar(select(func.count()).where(AuditEvent.action == "volunteer.export")) == 0


def test_anonymising_takes_the_name_out_of_group_notes_staff_notes_and_audit_details(session):
    karen = _karen(session)
    ib = make_volunteer(session, name="Ib")
    group = hours.log_group_session(
        session,
        worked_on=date(2026, 3, 4),
        minutes_each=60,
        volunteer_ids=[ib.id],
        unnamed_volunteers=3,
        note="KAREN  holm led the walk; Karenholm is a place",
        today=TODAY,
        by_user_id=SYSTEM,
    )
    staff = staff_time.log_staff_time(
        session,
        worked_on=date(2026, 3, 4),
        minutes=30,
        kind="coordination",
        staff_name="Mette",
        note="Call with Karen Holm about the trip",
        today=TODAY,
        by_user_id=SYSTEM,
    )
    untouched = hours.log_hours(
        session,
        worked_on=date(2026, 3, 5),
        minutes=30,
        volunteer_id=ib.id,
        note="Ib alone",
        today=TODAY,
        by_user_id=SYSTEM,
    )
    audit.record(
        session,
        user_id=None,
        action="import.row",
        entity="hours",
        name="Karen Holm",
        rows=["x", "Karen Holm"],
    )
    audit.record(session, user_id=None, action="other", entity="hours", name="Karen Holmsen")

    volunteers.anonymise_volunteer(session, karen.id, by_user_id=SYSTEM)
    session.commit()
    session.expire_all()

    notes = {e.id: e.note for e in session.scalars(select(HoursEntry))}
    assert {notes[e.id] for e in group} == {f"{REDACTED} led the walk; Karenholm is a place"}
    assert notes[untouched.id] == "Ib alone"
    assert session.get(StaffTimeEntry, staff.id).note == f"Call with {REDACTED} about the trip"
    details = [
        json.loads(d) for d in session.scalars(select(AuditEvent.detail).where(AuditEvent.entity == "hours"))
    ]
    assert {"name": REDACTED, "rows": ["x", REDACTED]} in details
    assert {"name": "Karen Holmsen"} in details  # another name that only begins like hers
    everything = " ".join(session.scalars(select(AuditEvent.detail)))
    assert 'Karen Holm"' not in everything and "Karen Holm'" not in everything
    scrub = session.scalars(select(AuditEvent).where(AuditEvent.action == "volunteer.scrub")).one()
    assert json.loads(scrub.detail) == {"notes": 3, "audit_rows": 1}
