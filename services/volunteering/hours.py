"""Volunteer hours: one volunteer, a group session, many rows at once; every rule checked before a write."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import clock
from db.models import Activity, Actor, HoursEntry, Initiative, Process, User, Volunteer
from services.admin import audit, permissions
from services.admin.permissions import ByUser, can_log_hours, require, user_id_of
from services.common.errors import Conflict, InvalidInput, NotAllowed, NotFound
from services.common.text import clean_text

MINUTES_PER_DAY = 24 * 60
MAX_GROUP = 500
NOTE_MAX = 500
# Older than this is a typing mistake (2002 for 2025), not a late registration.
OLDEST_DAYS = 10 * 366
_CLOCK = re.compile(r"(\d{1,2}):([0-5]\d)")


# Far above any day's or import row's hours (the day totals refuse those with a reason of
# their own), and small enough that minutes stay an ordinary number.
_HOURS_DIGITS = 6
_HOURS_PARSED_MAX = 10**_HOURS_DIGITS


def parse_hours(raw: object, *, field: str = "hours") -> int:
    """Minutes from what a person types or a spreadsheet holds: 2, 2.5, "2,5", "1:30"."""
    if raw is None or (isinstance(raw, str) and not raw.strip()) or (isinstance(raw, float) and raw != raw):
        raise InvalidInput("error.required", field=field)  # an empty cell (NaN in a table)
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        raise InvalidInput("error.hours_format", field=field)
    text = str(raw).strip()
    clock = _CLOCK.fullmatch(text)
    if clock:
        minutes = int(clock.group(1)) * 60 + int(clock.group(2))
    else:
        try:
            value = Decimal(text.replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            raise InvalidInput("error.hours_format", field=field) from None
        # "1e999999999" is a finite Decimal whose minutes (or even abs()) overflow the
        # decimal context; its exponent tells its size without arithmetic.
        if not value.is_finite() or value.adjusted() >= _HOURS_DIGITS:
            raise InvalidInput("error.hours_format", field=field)
        minutes = round(value * 60)
    if minutes <= 0:
        raise InvalidInput("error.hours_positive", field=field)
    if minutes > _HOURS_PARSED_MAX * 60:
        raise InvalidInput("error.hours_format", field=field)
    return minutes


def check_worked_on(worked_on: date | None, today: date, *, field: str = "worked_on") -> date:
    if worked_on is None:
        raise InvalidInput("error.required", field=field)
    if worked_on > today:
        raise InvalidInput("error.date_in_future", field=field)
    if worked_on < today - timedelta(days=OLDEST_DAYS):
        raise InvalidInput("error.date_too_old", field=field)
    return worked_on


@dataclass(frozen=True)
class Target:
    """Where time was spent: a process, an initiative, an activity (each optional)."""

    process_id: int | None = None
    initiative_id: int | None = None
    activity_id: int | None = None


NOWHERE = Target()  # time not linked to a process, initiative or activity


def resolve_target(session: Session, target: Target) -> Target:
    """The target with its process filled in from the initiative; unknown ids are NotFound."""
    process_id = target.process_id
    if target.initiative_id is not None:
        initiative = session.get(Initiative, target.initiative_id)
        if initiative is None:
            raise NotFound("error.initiative_not_found")
        if process_id is not None and initiative.process_id not in (None, process_id):
            raise InvalidInput("error.initiative_other_process")
        process_id = process_id or initiative.process_id
    if target.activity_id is not None and session.get(Activity, target.activity_id) is None:
        raise NotFound("error.activity_not_found")
    if process_id is not None and session.get(Process, process_id) is None:
        raise NotFound("error.process_not_found")
    return Target(process_id, target.initiative_id, target.activity_id)


@dataclass(frozen=True)
class EntryDraft:
    """An hours row before it is written; `minutes` is the row's total (person-minutes)."""

    worked_on: date | None
    minutes: int
    volunteers: int = 1
    volunteer_id: int | None = None
    target: Target = NOWHERE
    note: str = ""
    import_key: str | None = None


def check_entry(session: Session, draft: EntryDraft, *, today: date) -> EntryDraft:
    """The draft cleaned and checked against every rule except the per-day total."""
    worked_on = check_worked_on(draft.worked_on, today)
    if not isinstance(draft.volunteers, int) or not 1 <= draft.volunteers <= MAX_GROUP:
        raise InvalidInput("error.volunteers_range", min=1, max=MAX_GROUP)
    if draft.minutes <= 0:
        raise InvalidInput("error.hours_positive", field="hours")
    if draft.minutes > draft.volunteers * MINUTES_PER_DAY:
        raise InvalidInput("error.hours_too_many", max=24)
    if draft.volunteer_id is not None:
        volunteer = session.get(Volunteer, draft.volunteer_id)
        if volunteer is None:
            raise NotFound("error.volunteer_not_found")
        if volunteer.anonymised:
            raise Conflict("error.volunteer_anonymised")
        if draft.volunteers != 1:
            raise InvalidInput("error.named_group")
        if worked_on < volunteer.starts_on or (volunteer.ends_on and worked_on > volunteer.ends_on):
            raise InvalidInput(
                "error.hours_outside_period",
                name=volunteer.name,
                start=volunteer.starts_on,
                end=volunteer.ends_on or "…",
            )
    note = clean_text(draft.note, field="note", max_len=NOTE_MAX, required=False)
    return replace(draft, worked_on=worked_on, note=note, target=resolve_target(session, draft.target))


def day_minutes(session: Session, volunteer_id: int, day: date) -> int:
    """Minutes already logged for a named volunteer on one day."""
    return int(
        session.scalar(
            select(func.coalesce(func.sum(HoursEntry.minutes), 0)).where(
                HoursEntry.volunteer_id == volunteer_id, HoursEntry.worked_on == day
            )
        )
        or 0
    )


def check_day_totals(session: Session, drafts: Iterable[EntryDraft]) -> None:
    """No named volunteer above 24 hours on a day, counting what is stored and these drafts."""
    added: dict[tuple[int, date], int] = {}
    for d in drafts:
        if d.volunteer_id is not None and d.worked_on is not None:
            added[(d.volunteer_id, d.worked_on)] = added.get((d.volunteer_id, d.worked_on), 0) + d.minutes
    for (volunteer_id, day), minutes in added.items():
        if day_minutes(session, volunteer_id, day) + minutes > MINUTES_PER_DAY:
            raise InvalidInput("error.hours_day_limit", date=day, max=24)


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


@dataclass(frozen=True)
class Choice:
    id: int
    label: str
    process_id: int | None = None


@dataclass(frozen=True)
class Choices:
    """What a form offers: active volunteers, processes, initiatives and activities."""

    volunteers: tuple[Choice, ...]
    processes: tuple[Choice, ...]
    initiatives: tuple[Choice, ...]
    activities: tuple[Choice, ...]
    # The process to preselect: the only one running today (none when several run, or none).
    running_process_id: int | None = None


def volunteer_label(name: str, volunteer_id: int) -> str:
    """How a volunteer is named in pick lists and the bulk table: unique even for equal names."""
    return f"{name} (#{volunteer_id})"


def choices(session: Session, *, today: date | None = None) -> Choices:
    today = today or clock.today()
    volunteers = session.execute(
        select(Volunteer.id, Volunteer.name)
        .where(Volunteer.anonymised.is_(False))
        .order_by(Volunteer.name, Volunteer.id)
    ).all()
    processes = session.execute(
        select(Process.id, Process.title, Process.starts_on, Process.ends_on).order_by(
            Process.created_at.desc()
        )
    ).all()
    # A finished process (an earlier round) is rarely where today's time goes.
    running = [
        i
        for i, _, start, end in processes
        if (start is None or start <= today) and (end is None or end >= today)
    ]
    initiatives = session.execute(
        select(Initiative.id, Initiative.title, Initiative.process_id).order_by(Initiative.title)
    ).all()
    activities = session.execute(
        select(Activity.id, Activity.title, Actor.name)
        .join(Actor, Actor.id == Activity.actor_id)
        .order_by(Actor.name, Activity.title)
    ).all()
    return Choices(
        volunteers=tuple(Choice(i, volunteer_label(n, i)) for i, n in volunteers),
        processes=tuple(Choice(i, t) for i, t, _, _ in processes),
        initiatives=tuple(Choice(i, t, p) for i, t, p in initiatives),
        activities=tuple(Choice(i, f"{t} – {a}") for i, t, a in activities),
        running_process_id=running[0] if len(running) == 1 else None,
    )
