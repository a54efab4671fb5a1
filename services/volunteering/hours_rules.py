"""The rules of an hours entry: hours as people type them, the date, the target, the day's total."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Activity, HoursEntry, Initiative, Process, Volunteer
from services.common.errors import Conflict, InvalidInput, NotFound
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
