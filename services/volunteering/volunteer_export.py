"""One volunteer's data as a file (JSON or CSV): for a request to see one's data, or to move it.

Everything Samskab keeps about the person: the registration and every hour logged in their
name, with what it was for and its note. Downloading it is recorded in the audit log, as
the file is personal data leaving the system.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Activity, Actor, HoursEntry, Initiative, Process
from i18n import utc_to_local
from services.admin import audit, permissions
from services.common import spreadsheet
from services.volunteering.volunteers import get_volunteer

# Field keys, in the file's order; the CSV's labels are these translated by the page.
VOLUNTEER_FIELDS = (
    "id",
    "name",
    "contact",
    "affiliation",
    "starts_on",
    "ends_on",
    "skills",
    "consent_on",
    "anonymised",
    "registered_at",
)
HOURS_FIELDS = ("worked_on", "minutes", "process", "initiative", "activity", "note", "entered_at")

Value = str | int | bool | date | datetime | None


@dataclass(frozen=True)
class VolunteerRecord:
    volunteer: dict[str, Value]
    hours: list[dict[str, Value]]


def _local(stamp: datetime) -> datetime:
    return utc_to_local(stamp).replace(second=0, microsecond=0)


def volunteer_record(
    session: Session, volunteer_id: int, *, by_user_id: permissions.ByUser
) -> VolunteerRecord:
    """What is kept about one volunteer; leaders and administrators, and recorded."""
    permissions.require(session, by_user_id, permissions.can_manage_volunteers)
    v = get_volunteer(session, volunteer_id)
    actor = session.get(Actor, v.actor_id) if v.actor_id is not None else None
    volunteer: dict[str, Value] = {
        "id": v.id,
        "name": v.name,
        "contact": v.contact,
        "affiliation": actor.name if actor else "",
        "starts_on": v.starts_on,
        "ends_on": v.ends_on,
        "skills": v.skills,
        "consent_on": v.consent_on,
        "anonymised": v.anonymised,
        "registered_at": _local(v.created_at),
    }
    query = (
        select(HoursEntry, Process.title, Initiative.title, Activity.title)
        .outerjoin(Process, Process.id == HoursEntry.process_id)
        .outerjoin(Initiative, Initiative.id == HoursEntry.initiative_id)
        .outerjoin(Activity, Activity.id == HoursEntry.activity_id)
        .where(HoursEntry.volunteer_id == v.id)
        .order_by(HoursEntry.worked_on, HoursEntry.id)
    )
    hours: list[dict[str, Value]] = [
        {
            "worked_on": entry.worked_on,
            "minutes": entry.minutes,
            "process": process or "",
            "initiative": initiative or "",
            "activity": activity or "",
            "note": entry.note,
            "entered_at": _local(entry.created_at),
        }
        for entry, process, initiative, activity in session.execute(query)
    ]
    audit.record(
        session,
        user_id=by_user_id,
        action="volunteer.export",
        entity="volunteer",
        entity_id=v.id,
        hours=len(hours),
    )
    return VolunteerRecord(volunteer, hours)


def _plain(value: Value) -> Any:
    return value.isoformat(sep=" ") if isinstance(value, datetime) else value


def to_json(record: VolunteerRecord) -> bytes:
    """The record as UTF-8 JSON: field keys in English, dates ISO, so any program can read it."""
    data = {
        "volunteer": {k: _plain(record.volunteer[k]) for k in VOLUNTEER_FIELDS},
        "hours": [{k: _plain(row[k]) for k in HOURS_FIELDS} for row in record.hours],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def to_csv(record: VolunteerRecord, labels: dict[str, str], *, language: str) -> bytes:
    """The record as one table of (record, field, value) in `language`'s Excel convention.

    `labels` holds each field key translated, and "record", "field", "value", "volunteer",
    "hours", "yes", "no": the registration first, then each hours entry numbered.
    """

    def shown(value: Value) -> spreadsheet.Cell:
        if isinstance(value, bool):
            return labels["yes" if value else "no"]
        return value

    rows: list[list[spreadsheet.Cell]] = [
        [labels["volunteer"], labels[k], shown(record.volunteer[k])] for k in VOLUNTEER_FIELDS
    ]
    for number, entry in enumerate(record.hours, start=1):
        rows.extend([f"{labels['hours']} {number}", labels[k], shown(entry[k])] for k in HOURS_FIELDS)
    return spreadsheet.to_csv([labels["record"], labels["field"], labels["value"]], rows, language=language)
