"""Volunteer time over a period, read from the kept months (services.volunteering.hours_kept).

A month of the period is read from `hours_month` / `volunteer_month` when the kept row
is exactly the period's part of it: the month lies wholly inside the period, or no entry
of the month falls outside the period (one index seek each for the first and the last
month; the last twelve months up to today are all kept). Any other month, and every
month of an actor's time (it follows the volunteers' affiliation, which the kept rows do
not hold), is read from the entries themselves. Both parts are summed in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Date, Select, and_, cast, func, literal_column, or_, select, union_all
from sqlalchemy.orm import Session

from db.models import HoursEntry, HoursMonth, VolunteerMonth
from services.common.dates import add_months
from services.volunteering.time_scope import EVERYWHERE, Scope, months_between, scope_conditions


@dataclass(frozen=True)
class Split:
    """The months read from the kept rows, and the date ranges read from the entries."""

    kept: tuple[date, ...]
    raw: tuple[tuple[date, date], ...]

    def raw_condition(self) -> ColumnElement[bool]:
        return or_(*(and_(HoursEntry.worked_on >= lo, HoursEntry.worked_on <= hi) for lo, hi in self.raw))


def split(session: Session, start: date, end: date, scope: Scope = EVERYWHERE) -> Split:
    if scope.actor_id is not None:
        return Split((), ((start, end),))
    kept, raw = [], []
    for month in months_between(start, end):
        last = add_months(month, 1) - timedelta(days=1)
        lo, hi = max(month, start), min(last, end)
        outside = (lo, hi) != (month, last) and session.scalar(
            select(HoursEntry.id)
            .where(
                HoursEntry.worked_on >= month,
                HoursEntry.worked_on <= last,
                or_(HoursEntry.worked_on < lo, HoursEntry.worked_on > hi),
            )
            .limit(1)
        )
        if outside:
            raw.append((lo, hi))
        else:
            kept.append(month)
    return Split(tuple(kept), tuple(raw))


def _month_of_entry(session: Session) -> ColumnElement:
    if session.get_bind().dialect.name == "sqlite":
        return func.substr(HoursEntry.worked_on, literal_column("1"), literal_column("7")).concat("-01")
    return cast(func.date_trunc("month", HoursEntry.worked_on), Date)


def time_rows(session: Session, start: date, end: date, scope: Scope = EVERYWHERE) -> Select | None:
    """month, process_id, initiative_id, activity_id (None for none), minutes: the kept rows of
    the kept months and the entries of the rest, in scope; None when the period holds nothing."""
    parts: list[Select] = []
    s = split(session, start, end, scope)
    if s.kept:
        parts.append(
            select(
                HoursMonth.month.label("month"),
                func.nullif(HoursMonth.process_id, 0).label("process_id"),
                func.nullif(HoursMonth.initiative_id, 0).label("initiative_id"),
                func.nullif(HoursMonth.activity_id, 0).label("activity_id"),
                HoursMonth.minutes.label("minutes"),
            ).where(HoursMonth.month.in_(s.kept), *scope_conditions(HoursMonth, scope))
        )
    if s.raw:
        parts.append(
            select(
                _month_of_entry(session).label("month"),
                HoursEntry.process_id,
                HoursEntry.initiative_id,
                HoursEntry.activity_id,
                HoursEntry.minutes,
            ).where(s.raw_condition(), *scope_conditions(HoursEntry, scope))
        )
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else union_all(*parts)  # type: ignore[return-value]


def minutes_by_month(session: Session, start: date, end: date, scope: Scope = EVERYWHERE) -> dict[date, int]:
    rows = time_rows(session, start, end, scope)
    if rows is None:
        return {}
    t = rows.subquery()
    found: dict[date, int] = {}
    for month, minutes in session.execute(select(t.c.month, func.sum(t.c.minutes)).group_by(t.c.month)):
        key = _as_date(month)
        found[key] = found.get(key, 0) + int(minutes or 0)
    return found


def minutes_by_target(
    session: Session, start: date, end: date, scope: Scope = EVERYWHERE
) -> dict[tuple[int | None, int | None], int]:
    rows = time_rows(session, start, end, scope)
    if rows is None:
        return {}
    t = rows.subquery()
    return {
        (i, a): int(total or 0)
        for i, a, total in session.execute(
            select(t.c.initiative_id, t.c.activity_id, func.sum(t.c.minutes)).group_by(
                t.c.initiative_id, t.c.activity_id
            )
        )
    }


def _no_scope(scope: Scope) -> bool:
    return scope == EVERYWHERE


def named_volunteers(session: Session, start: date, end: date, scope: Scope = EVERYWHERE) -> int:
    """Named volunteers with time in the period (and scope)."""
    in_period = [HoursEntry.volunteer_id.is_not(None), *scope_conditions(HoursEntry, scope)]
    if not _no_scope(scope):
        # A process's or target's volunteers: the kept rows do not say who worked where.
        return int(
            session.scalar(
                select(func.count(func.distinct(HoursEntry.volunteer_id))).where(
                    HoursEntry.worked_on >= start, HoursEntry.worked_on <= end, *in_period
                )
            )
            or 0
        )
    s = split(session, start, end)
    parts: list[Select] = []
    if s.kept:
        parts.append(select(VolunteerMonth.volunteer_id).where(VolunteerMonth.month.in_(s.kept)))
    if s.raw:
        parts.append(select(HoursEntry.volunteer_id).where(s.raw_condition(), *in_period))
    if not parts:
        return 0
    ids = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()
    return int(session.scalar(select(func.count(func.distinct(ids.c.volunteer_id)))) or 0)


def active_by_month(session: Session, start: date, end: date, scope: Scope = EVERYWHERE) -> dict[date, int]:
    """Named volunteers with at least one entry in each month of the period (and scope)."""
    s = split(session, start, end) if _no_scope(scope) else Split((), ((start, end),))
    found: dict[date, int] = {}
    if s.kept:
        for month, n in session.execute(
            select(VolunteerMonth.month, func.count())
            .where(VolunteerMonth.month.in_(s.kept))
            .group_by(VolunteerMonth.month)
        ):
            found[month] = int(n)
    if s.raw:
        of_entry = _month_of_entry(session)
        for key, n in session.execute(
            select(of_entry, func.count(func.distinct(HoursEntry.volunteer_id)))
            .where(
                HoursEntry.volunteer_id.is_not(None), s.raw_condition(), *scope_conditions(HoursEntry, scope)
            )
            .group_by(of_entry)
        ):
            found[_as_date(key)] = int(n)
    return found


def _as_date(value: object) -> date:
    """A month key as a date: SQLite's text of a month computed from entries comes back as text."""
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if hasattr(value, "date") and callable(value.date):  # a timestamp
        return value.date()
    return value  # type: ignore[return-value]
