"""The resource map: volunteer hours against staff hours, their ratio and estimated value, over time."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

import clock
from db.models import Activity, Initiative, StaffTimeEntry
from services.common.dates import add_months, month_start
from services.common.errors import InvalidInput
from services.volunteering import hours_sums
from services.volunteering.time_scope import EVERYWHERE, Scope, months_between, scope_conditions


def _ratio(volunteer_minutes: int, staff_minutes: int) -> float | None:
    """Volunteer hours per staff hour; None without staff time."""
    return volunteer_minutes / staff_minutes if staff_minutes else None


@dataclass(frozen=True)
class MonthFigures:
    month: date
    volunteer_minutes: int
    staff_minutes: int

    @property
    def ratio(self) -> float | None:
        return _ratio(self.volunteer_minutes, self.staff_minutes)


@dataclass(frozen=True)
class TargetFigures:
    """Time on one initiative/activity pair (either may be empty: time not linked to one)."""

    initiative: str
    activity: str
    volunteer_minutes: int
    staff_minutes: int


@dataclass(frozen=True)
class ResourceMap:
    start: date
    end: date
    hour_value: int
    volunteer_minutes: int
    staff_minutes: int
    named_volunteers: int
    months: tuple[MonthFigures, ...]
    breakdown: tuple[TargetFigures, ...]
    staff_by_kind: dict[str, int]

    @property
    def volunteer_hours(self) -> float:
        return self.volunteer_minutes / 60

    @property
    def staff_hours(self) -> float:
        return self.staff_minutes / 60

    @property
    def ratio(self) -> float | None:
        return _ratio(self.volunteer_minutes, self.staff_minutes)

    @property
    def value(self) -> float:
        """Estimated value of the volunteer time, in the municipality's currency."""
        return self.value_of(self.volunteer_minutes)

    def value_of(self, volunteer_minutes: int) -> float:
        """What that much volunteer time is worth at the map's hour value (a month's, say)."""
        return volunteer_minutes * self.hour_value / 60


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last twelve months, this month included."""
    today = today or clock.today()
    return add_months(month_start(today), -11), today


def minutes_by_month(
    session: Session, model: Any, conditions: Sequence[ColumnElement[bool]]
) -> dict[date, int]:
    # Grouped by day in the database (at most 366 rows a year, in the order of the date
    # index), then by month here: extracting year and month per row costs SQLite a
    # function call for each of a million rows.
    rows = session.execute(
        select(model.worked_on, func.sum(model.minutes)).where(*conditions).group_by(model.worked_on)
    )
    months: dict[date, int] = {}
    for day, total in rows:
        month = month_start(day)
        months[month] = months.get(month, 0) + int(total or 0)
    return months


def _by_target(
    session: Session, model: Any, conditions: Sequence[ColumnElement[bool]]
) -> dict[tuple[int | None, int | None], int]:
    rows = session.execute(
        select(model.initiative_id, model.activity_id, func.sum(model.minutes))
        .where(*conditions)
        .group_by(model.initiative_id, model.activity_id)
    )
    return {(i, a): int(total or 0) for i, a, total in rows}


def resource_map(
    session: Session,
    scope: Scope = EVERYWHERE,
    *,
    hour_value: int,
    start: date | None = None,
    end: date | None = None,
    today: date | None = None,
) -> ResourceMap:
    default_start, default_end = default_period(today)
    start, end = start or default_start, end or default_end
    if end < start:
        raise InvalidInput("error.dates_order")
    staff_where = [
        StaffTimeEntry.worked_on >= start,
        StaffTimeEntry.worked_on <= end,
        *scope_conditions(StaffTimeEntry, scope),
    ]
    # Volunteer time from the kept months (hours_sums), staff time (50 k rows) from its entries.
    volunteer_months = hours_sums.minutes_by_month(session, start, end, scope)
    staff_months = minutes_by_month(session, StaffTimeEntry, staff_where)
    months = tuple(
        MonthFigures(m, volunteer_months.get(m, 0), staff_months.get(m, 0))
        for m in months_between(start, end)
    )

    volunteer_targets = hours_sums.minutes_by_target(session, start, end, scope)
    staff_targets = _by_target(session, StaffTimeEntry, staff_where)
    keys = set(volunteer_targets) | set(staff_targets)
    initiative_ids = {i for i, _ in keys if i is not None}
    activity_ids = {a for _, a in keys if a is not None}
    initiatives = dict(
        session.execute(
            select(Initiative.id, Initiative.title).where(Initiative.id.in_(initiative_ids))
        ).all()
    )
    activities = dict(
        session.execute(select(Activity.id, Activity.title).where(Activity.id.in_(activity_ids))).all()
    )
    breakdown = sorted(
        (
            TargetFigures(
                initiative=initiatives.get(i, "") if i is not None else "",
                activity=activities.get(a, "") if a is not None else "",
                volunteer_minutes=volunteer_targets.get((i, a), 0),
                staff_minutes=staff_targets.get((i, a), 0),
            )
            for i, a in keys
        ),
        key=lambda t: (-(t.volunteer_minutes + t.staff_minutes), t.initiative, t.activity),
    )

    staff_by_kind = dict(
        session.execute(
            select(StaffTimeEntry.kind, func.sum(StaffTimeEntry.minutes))
            .where(*staff_where)
            .group_by(StaffTimeEntry.kind)
        ).all()
    )
    named = hours_sums.named_volunteers(session, start, end, scope)
    return ResourceMap(
        start=start,
        end=end,
        hour_value=hour_value,
        volunteer_minutes=sum(volunteer_months.values()),
        staff_minutes=sum(staff_months.values()),
        named_volunteers=int(named or 0),
        months=months,
        breakdown=tuple(breakdown),
        staff_by_kind={k: int(v or 0) for k, v in staff_by_kind.items()},
    )


def resource_workbook(rmap: ResourceMap, labels: dict[str, str]) -> bytes:
    """The map as an Excel file: one sheet by month, one by initiative/activity.

    `labels` holds the header texts in the user's language (keys: month, volunteer_hours,
    staff_hours, value, initiative, activity, months_sheet, breakdown_sheet).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from services.common.spreadsheet import append_row

    workbook = Workbook()
    months = workbook.active
    months.title = labels["months_sheet"][:31]
    months.append([labels["month"], labels["volunteer_hours"], labels["staff_hours"], labels["value"]])
    for m in rmap.months:
        months.append(
            [
                m.month,
                round(m.volunteer_minutes / 60, 2),
                round(m.staff_minutes / 60, 2),
                round(rmap.value_of(m.volunteer_minutes), 2),
            ]
        )
    for cell in months["A"][1:]:
        cell.number_format = "yyyy-mm"
    breakdown = workbook.create_sheet(labels["breakdown_sheet"][:31])
    breakdown.append(
        [labels["initiative"], labels["activity"], labels["volunteer_hours"], labels["staff_hours"]]
    )
    for t in rmap.breakdown:
        # Initiative and activity names are typed by people: text cells, never formulas.
        append_row(
            breakdown,
            [t.initiative, t.activity, round(t.volunteer_minutes / 60, 2), round(t.staff_minutes / 60, 2)],
        )
    for sheet in (months, breakdown):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in "ABCD":
            sheet.column_dimensions[column].width = 26
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
