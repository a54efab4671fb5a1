"""Volunteer hours: one volunteer, a group session, many rows at once, a row deleted, the latest rows.

Every rule is checked (services.volunteering.hours_rules) before a write, and every write
keeps the time per month (services.volunteering.hours_kept) in its transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

import clock
from db.models import Activity, HoursEntry, Initiative, Process, User, Volunteer
from services.admin import audit, permissions
from services.admin.permissions import ByUser, can_log_hours, require, user_id_of
from services.common.errors import InvalidInput, NotAllowed, NotFound
from services.volunteering import hours_kept
from services.volunteering.hours_rules import (
    MAX_GROUP,
    NOWHERE,
    EntryDraft,
    Target,
    check_day_totals,
    check_entry,
)


def insert_entries(
    session: Session,
    drafts: list[EntryDraft],
    *,
    by_user_id: ByUser,
    on_progress: Callable[[int, int], None] | None = None,
    chunk: int = 250,
) -> list[HoursEntry]:
    """Write checked drafts; `on_progress(done, total)` after each chunk (for a progress bar)."""
    require(session, by_user_id, can_log_hours)
    entries = []
    total = len(drafts)
    for start in range(0, total, chunk):
        batch = [
            HoursEntry(
                worked_on=d.worked_on,
                minutes=d.minutes,
                volunteers=d.volunteers,
                volunteer_id=d.volunteer_id,
                process_id=d.target.process_id,
                initiative_id=d.target.initiative_id,
                activity_id=d.target.activity_id,
                note=d.note,
                import_key=d.import_key,
                entered_by_user_id=user_id_of(by_user_id),
            )
            for d in drafts[start : start + chunk]
        ]
        session.add_all(batch)
        session.flush()
        hours_kept.add(session, (e.id for e in batch))
        entries.extend(batch)
        if on_progress is not None:
            on_progress(min(start + chunk, total), total)
    return entries


def log_hours(
    session: Session,
    *,
    worked_on: date | None,
    minutes: int,
    volunteer_id: int | None = None,
    volunteers: int = 1,
    target: Target = NOWHERE,
    note: str = "",
    by_user_id: ByUser,
    today: date | None = None,
) -> HoursEntry:
    """One row: a named volunteer's time, or `volunteers` unnamed people's total minutes."""
    require(session, by_user_id, can_log_hours)
    draft = check_entry(
        session,
        EntryDraft(worked_on, minutes, volunteers, volunteer_id, target, note),
        today=today or clock.today(),
    )
    check_day_totals(session, [draft])
    entry = insert_entries(session, [draft], by_user_id=by_user_id)[0]
    audit.record(
        session,
        user_id=by_user_id,
        action="hours.create",
        entity="hours_entry",
        entity_id=entry.id,
        worked_on=entry.worked_on,
        minutes=entry.minutes,
        volunteers=entry.volunteers,
    )
    return entry


def log_group_session(
    session: Session,
    *,
    worked_on: date | None,
    minutes_each: int,
    volunteer_ids: Iterable[int] = (),
    unnamed_volunteers: int = 0,
    target: Target = NOWHERE,
    note: str = "",
    by_user_id: ByUser,
    today: date | None = None,
) -> list[HoursEntry]:
    """A session many volunteers took part in: a row per named volunteer, one row for the rest."""
    require(session, by_user_id, can_log_hours)
    today = today or clock.today()
    named = list(dict.fromkeys(volunteer_ids))
    if not isinstance(unnamed_volunteers, int) or not 0 <= unnamed_volunteers <= MAX_GROUP:
        raise InvalidInput("error.volunteers_range", min=0, max=MAX_GROUP)
    if not named and unnamed_volunteers == 0:
        raise InvalidInput("error.group_empty")
    if minutes_each <= 0:
        raise InvalidInput("error.hours_positive", field="hours")
    drafts = [EntryDraft(worked_on, minutes_each, 1, v, target, note) for v in named]
    if unnamed_volunteers:
        drafts.append(
            EntryDraft(worked_on, minutes_each * unnamed_volunteers, unnamed_volunteers, None, target, note)
        )
    checked = [check_entry(session, d, today=today) for d in drafts]
    check_day_totals(session, checked)
    entries = insert_entries(session, checked, by_user_id=by_user_id)
    audit.record(
        session,
        user_id=by_user_id,
        action="hours.group_session",
        entity="hours_entry",
        entity_id=entries[0].id,
        worked_on=checked[0].worked_on,
        rows=len(entries),
        people=sum(e.volunteers for e in entries),
        minutes=sum(e.minutes for e in entries),
    )
    return entries


def delete_hours_entry(session: Session, entry_id: int, *, by_user_id: ByUser) -> None:
    """Leaders and admins delete any row, a facilitator what they entered (role read from the database)."""
    role = require(session, by_user_id, can_log_hours)
    entry = session.get(HoursEntry, entry_id)
    if entry is None:
        raise NotFound("error.hours_not_found")
    if not permissions.can_delete_hours(role, user_id_of(by_user_id), entry.entered_by_user_id):
        raise NotAllowed("error.not_your_entry")
    audit.record(
        session,
        user_id=by_user_id,
        action="hours.delete",
        entity="hours_entry",
        entity_id=entry.id,
        worked_on=entry.worked_on,
        minutes=entry.minutes,
        volunteers=entry.volunteers,
    )
    hours_kept.remove(session, [entry.id])
    session.delete(entry)
    session.flush()


@dataclass(frozen=True)
class HoursRow:
    id: int
    worked_on: date
    volunteer_id: int | None
    volunteer_name: str
    anonymised: bool
    volunteers: int
    minutes: int
    process: str
    initiative: str
    activity: str
    note: str
    entered_by_user_id: int | None
    entered_by: str
    imported: bool


def recent_entries(
    session: Session, *, limit: int = 200, volunteer_id: int | None = None, since: date | None = None
) -> list[HoursRow]:
    query = (
        select(
            HoursEntry,
            Volunteer.name,
            Volunteer.anonymised,
            Process.title,
            Initiative.title,
            Activity.title,
            User.display_name,
        )
        .outerjoin(Volunteer, Volunteer.id == HoursEntry.volunteer_id)
        .outerjoin(Process, Process.id == HoursEntry.process_id)
        .outerjoin(Initiative, Initiative.id == HoursEntry.initiative_id)
        .outerjoin(Activity, Activity.id == HoursEntry.activity_id)
        .outerjoin(User, User.id == HoursEntry.entered_by_user_id)
        .order_by(HoursEntry.worked_on.desc(), HoursEntry.id.desc())
        .limit(limit)
    )
    if volunteer_id is not None:
        query = query.where(HoursEntry.volunteer_id == volunteer_id)
    if since is not None:
        query = query.where(HoursEntry.worked_on >= since)
    return [
        HoursRow(
            id=e.id,
            worked_on=e.worked_on,
            volunteer_id=e.volunteer_id,
            volunteer_name=name or "",
            anonymised=bool(anonymised),
            volunteers=e.volunteers,
            minutes=e.minutes,
            process=process or "",
            initiative=initiative or "",
            activity=activity or "",
            note=e.note,
            entered_by_user_id=e.entered_by_user_id,
            entered_by=by or "",
            imported=e.import_key is not None,
        )
        for e, name, anonymised, process, initiative, activity, by in session.execute(query)
    ]
