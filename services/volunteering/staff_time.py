"""Municipal staff time spent coordinating, training and supporting volunteers (resource mapping)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import clock
from db.models import Activity, Initiative, Process, StaffTimeEntry, User
from services.admin import audit, permissions
from services.admin.permissions import ByUser, can_log_staff_time, require, user_id_of
from services.common.dates import add_months, month_start
from services.common.errors import InvalidInput, NotAllowed, NotFound
from services.common.text import clean_text, one_of
from services.volunteering.hours_rules import (
    MINUTES_PER_DAY,
    NOTE_MAX,
    NOWHERE,
    Target,
    check_worked_on,
    resolve_target,
)
from vocabulary import STAFF_TIME_KINDS

STAFF_NAME_MAX = 120


def log_staff_time(
    session: Session,
    *,
    worked_on: date | None,
    minutes: int,
    kind: str,
    staff_name: str,
    user_id: int | None = None,
    target: Target = NOWHERE,
    note: str = "",
    by_user_id: ByUser,
    today: date | None = None,
) -> StaffTimeEntry:
    """Time one employee spent; no one logs more than 24 hours on a day."""
    require(session, by_user_id, can_log_staff_time)
    if user_id is None or user_id != by_user_id:
        # Time logged for a colleague, or for someone without an account.
        require(session, by_user_id, permissions.can_log_staff_time_for_others)
    worked_on = check_worked_on(worked_on, today or clock.today())
    kind = one_of(kind, STAFF_TIME_KINDS, field="staff_kind")
    staff_name = clean_text(staff_name, field="staff_name", max_len=STAFF_NAME_MAX)
    note = clean_text(note, field="note", max_len=NOTE_MAX, required=False)
    if minutes <= 0:
        raise InvalidInput("error.hours_positive", field="hours")
    if user_id is not None and session.get(User, user_id) is None:
        raise NotFound("error.user_not_found")
    target = resolve_target(session, target)
    # The same person is the same account, or (for time logged on someone's behalf) the same name.
    same_person = (
        StaffTimeEntry.user_id == user_id
        if user_id is not None
        else (
            StaffTimeEntry.user_id.is_(None) & (func.lower(StaffTimeEntry.staff_name) == staff_name.lower())
        )
    )
    logged = session.scalar(
        select(func.coalesce(func.sum(StaffTimeEntry.minutes), 0)).where(
            same_person, StaffTimeEntry.worked_on == worked_on
        )
    )
    if int(logged or 0) + minutes > MINUTES_PER_DAY:
        raise InvalidInput("error.hours_day_limit", date=worked_on, max=24)
    entry = StaffTimeEntry(
        user_id=user_id,
        staff_name=staff_name,
        worked_on=worked_on,
        minutes=minutes,
        kind=kind,
        process_id=target.process_id,
        initiative_id=target.initiative_id,
        activity_id=target.activity_id,
        note=note,
    )
    session.add(entry)
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="staff_time.create",
        entity="staff_time_entry",
        entity_id=entry.id,
        worked_on=worked_on,
        minutes=minutes,
        kind=kind,
    )
    return entry


def delete_staff_time(session: Session, entry_id: int, *, by_user_id: ByUser) -> None:
    """Leaders and admins delete any entry; a facilitator only their own (role read from the database)."""
    role = require(session, by_user_id, can_log_staff_time)
    entry = session.get(StaffTimeEntry, entry_id)
    if entry is None:
        raise NotFound("error.staff_time_not_found")
    if not permissions.can_delete_staff_time(role, user_id_of(by_user_id), entry.user_id):
        raise NotAllowed("error.not_your_entry")
    audit.record(
        session,
        user_id=by_user_id,
        action="staff_time.delete",
        entity="staff_time_entry",
        entity_id=entry.id,
        worked_on=entry.worked_on,
        minutes=entry.minutes,
    )
    session.delete(entry)
    session.flush()


def minutes_in_month(session: Session, day: date, *, user_id: int | None = None) -> int:
    """Staff minutes logged for the days of `day`'s month: everyone's, or one account's own.

    Summed in the database over the whole month: the recent list a page shows is cut short.
    """
    start = month_start(day)
    query = select(func.coalesce(func.sum(StaffTimeEntry.minutes), 0)).where(
        StaffTimeEntry.worked_on >= start, StaffTimeEntry.worked_on < add_months(start, 1)
    )
    if user_id is not None:
        query = query.where(StaffTimeEntry.user_id == user_id)
    return int(session.scalar(query) or 0)


@dataclass(frozen=True)
class StaffTimeRow:
    id: int
    worked_on: date
    staff_name: str
    user_id: int | None
    minutes: int
    kind: str
    process: str
    initiative: str
    activity: str
    note: str


def recent_staff_time(
    session: Session, *, limit: int = 200, user_id: int | None = None, since: date | None = None
) -> list[StaffTimeRow]:
    query = (
        select(StaffTimeEntry, Process.title, Initiative.title, Activity.title)
        .outerjoin(Process, Process.id == StaffTimeEntry.process_id)
        .outerjoin(Initiative, Initiative.id == StaffTimeEntry.initiative_id)
        .outerjoin(Activity, Activity.id == StaffTimeEntry.activity_id)
        .order_by(StaffTimeEntry.worked_on.desc(), StaffTimeEntry.id.desc())
        .limit(limit)
    )
    if user_id is not None:
        query = query.where(StaffTimeEntry.user_id == user_id)
    if since is not None:
        query = query.where(StaffTimeEntry.worked_on >= since)
    return [
        StaffTimeRow(
            id=e.id,
            worked_on=e.worked_on,
            staff_name=e.staff_name,
            user_id=e.user_id,
            minutes=e.minutes,
            kind=e.kind,
            process=process or "",
            initiative=initiative or "",
            activity=activity or "",
            note=e.note,
        )
        for e, process, initiative, activity in session.execute(query)
    ]
