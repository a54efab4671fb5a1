"""Retention: who started and stopped when, and how long volunteers stay, counted in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Integer, and_, case, cast, func, or_, select
from sqlalchemy.orm import Session

import clock
from db.models import HoursEntry, Volunteer
from services.common.dates import add_months, month_start
from services.volunteering.volunteers import ACTIVE_WINDOW_DAYS, STATUSES

# Counts retention asks for in one statement.
COLUMNS_PER_QUERY = 500
# A month's average length, for stays counted in months.
DAYS_PER_MONTH = 30.44


@dataclass(frozen=True)
class RetentionMonth:
    month: date
    started: int
    stopped: int
    engaged: int  # volunteering at some point of the month


@dataclass(frozen=True)
class Retention:
    counts: dict[str, int]
    median_days_stayed: float | None  # of those who stopped
    stopped: int
    stayed_6_months: tuple[int, int]  # (still volunteering 6 months after start, started ≥ 6 months ago)
    stayed_12_months: tuple[int, int]
    months: tuple[RetentionMonth, ...]

    @property
    def median_months_stayed(self) -> float | None:
        return None if self.median_days_stayed is None else self.median_days_stayed / DAYS_PER_MONTH


def _days_stayed(session: Session) -> ColumnElement[int]:
    """Days from a volunteer's start to their end, in the engine's own date arithmetic."""
    if session.get_bind().dialect.name == "sqlite":  # dates are ISO text there
        days = func.julianday(Volunteer.ends_on) - func.julianday(Volunteer.starts_on)
        return cast(days, Integer)
    return cast(Volunteer.ends_on - Volunteer.starts_on, Integer)


def _median(histogram: Sequence[tuple[int, int]]) -> float | None:
    """statistics.median of the values, from (value, how many) in ascending order."""
    total = sum(n for _, n in histogram)
    if not total:
        return None
    wanted = sorted({(total - 1) // 2, total // 2})
    found: list[int] = []
    seen = 0
    for value, n in histogram:
        seen += n
        while wanted and wanted[0] < seen:
            found.append(value)
            wanted.pop(0)
    return found[0] if len(found) == 1 else (found[0] + found[1]) / 2


def retention(
    session: Session, *, today: date | None = None, months: int = 12, actor_id: int | None = None
) -> Retention:
    """Who started when, who stopped, and how long people stay (anonymised volunteers count too).

    With `actor_id`, only the volunteers affiliated to that actor.
    """
    today = today or clock.today()
    # Counted in the database, one row for everything and one histogram of the stays that
    # ended (for the median): reading three columns of 20 k volunteers into Python and
    # counting them there cost five times the query.
    recent = today - timedelta(days=ACTIVE_WINDOW_DAYS)
    s, e = Volunteer.starts_on, Volunteer.ends_on
    worked_lately = (
        select(HoursEntry.id)
        .where(HoursEntry.volunteer_id == Volunteer.id, HoursEntry.worked_on >= recent)
        .exists()
    )
    status = case(
        (e < today, "ended"),
        (s > today, "upcoming"),
        (or_(s >= recent, worked_lately), "active"),
        else_="dormant",
    )  # status_of, in SQL
    begun = s <= today  # the periods retention counts

    def counted(*conditions: ColumnElement[bool]) -> ColumnElement[int]:
        return func.count(case((and_(*conditions), 1)))

    days = _days_stayed(session)
    columns = [counted(status == name) for name in STATUSES]
    for m in (6, 12):
        # add_months(start, m) <= today, add_months giving the first of a month.
        eligible = (s < add_months(today, 1 - m),)
        columns += [
            counted(*eligible, or_(e.is_(None), days >= round(m * DAYS_PER_MONTH))),
            counted(*eligible),
        ]
    first = add_months(month_start(today), -(months - 1))
    bounds = [add_months(first, i) for i in range(months)]
    for start in bounds:
        end = add_months(start, 1) - timedelta(days=1)
        columns += [
            counted(begun, s >= start, s <= end),
            counted(begun, e >= start, e <= end, e < today),
            counted(begun, s <= end, or_(e.is_(None), e >= start)),
        ]
    scope = () if actor_id is None else (Volunteer.actor_id == actor_id,)
    figures: list[int] = []
    # SQLite allows 2,000 columns: a long series takes more than one statement.
    for chunk in range(0, len(columns), COLUMNS_PER_QUERY):
        row = session.execute(select(*columns[chunk : chunk + COLUMNS_PER_QUERY]).where(*scope)).one()
        figures += [int(n) for n in row]
    histogram = session.execute(
        select(days, func.count()).where(*scope, begun, e < today).group_by(days).order_by(days)
    ).all()
    stay = iter(figures[len(STATUSES) + 4 :])
    return Retention(
        counts=dict(zip(STATUSES, figures, strict=False)),
        median_days_stayed=_median([(int(d), int(n)) for d, n in histogram]),
        stopped=sum(int(n) for _, n in histogram),
        stayed_6_months=(figures[len(STATUSES)], figures[len(STATUSES) + 1]),
        stayed_12_months=(figures[len(STATUSES) + 2], figures[len(STATUSES) + 3]),
        months=tuple(RetentionMonth(start, next(stay), next(stay), next(stay)) for start in bounds),
    )
