"""The leader dashboard's filters, and what each kind of row counts under them. Every dashboard
figure (`ideas_to_action`, `initiative_progress`, `volunteering_figures`, `survey_figures`) is
one GROUP BY in the database and takes the same hashable keyword filters, so
`runtime.aggregates` can cache its result per data version:

- `process_id`: one process, or None for all. Ideas, participants and dots belong to a
  process through their workshop; catalogue entries and initiatives by their process;
  hours and staff time by their process or their initiative's process (the resource map's
  rule, `services.volunteering.resources.scope_conditions`).
- `start`, `end`: the period, both days included, in the municipality's time zone; None
  means the last twelve months. Ideas count by when they were added, participants by when
  they joined, dots with the idea they are on, catalogue entries by when they were added,
  hours and staff time by the day worked. An initiative counts when it existed in the period:
  created (or started) on or before the end, and with no end date or ended on or after the
  start; so a planned initiative that starts next month is there.
- `actor_id`: one actor, or None for all. Narrows initiatives to those the actor leads or
  partners, and hours to the actor's volunteers, activities and initiatives (staff time to
  its activities and initiatives). Workshops belong to no actor: ideas, participants, dots
  and the catalogue are the process's whatever the actor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, SQLColumnExpression, and_, bindparam, or_, select

import clock
from db.models import Initiative, InitiativeActor
from services.volunteering import resources


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def period(start: date | None, end: date | None, today: date | None = None) -> Period:
    """The period the filters mean: the given days, or the last twelve months."""
    default_start, default_end = resources.default_period(today)
    return Period(start or default_start, end or default_end)


def _utc_bounds(p: Period) -> tuple[datetime, datetime]:
    """Local midnight at the start and after the end, as the naive UTC the database keeps."""
    return clock.day_start_utc(p.start), clock.day_start_utc(p.end + timedelta(days=1))


def created_in(column: SQLColumnExpression[datetime], p: Period) -> ColumnElement[bool]:
    """`column`, a timestamp in naive UTC, falls on one of the period's local days."""
    low, high = _utc_bounds(p)
    return and_(column >= low, column < high)


def initiative_conditions(
    p: Period, process_id: int | None, actor_id: int | None
) -> list[ColumnElement[bool]]:
    """The initiatives the filters take in: existing in the period, of the process, with the actor on."""
    _, high = _utc_bounds(p)
    return _initiatives_taken_in(high, p.start, p.end, process_id, actor_id)


# The same conditions with named bind parameters where the values go, for statements built
# once and run with `initiative_parameters`: on SQLite, building initiative_progress's two
# selects (and their cache keys) on every call was a sixth of the call. One rule,
# `_initiatives_taken_in`, whichever way the values come.
def bound_initiative_conditions(*, by_process: bool, by_actor: bool) -> list[ColumnElement[bool]]:
    """`initiative_conditions` for a statement built once: with or without the process and actor."""
    return _initiatives_taken_in(
        bindparam("initiatives_before"),
        bindparam("initiatives_from"),
        bindparam("initiatives_to"),
        bindparam("initiatives_process") if by_process else None,
        bindparam("initiatives_actor") if by_actor else None,
    )


def initiative_parameters(p: Period, process_id: int | None, actor_id: int | None) -> dict[str, Any]:
    """The values of `bound_initiative_conditions`' parameters for these filters."""
    _, high = _utc_bounds(p)
    return {
        "initiatives_before": high,
        "initiatives_from": p.start,
        "initiatives_to": p.end,
        "initiatives_process": process_id,
        "initiatives_actor": actor_id,
    }


def _initiatives_taken_in(
    before: datetime | BindParameter[Any],
    start: date | BindParameter[Any],
    end: date | BindParameter[Any],
    process_id: int | BindParameter[Any] | None,
    actor_id: int | BindParameter[Any] | None,
) -> list[ColumnElement[bool]]:
    # An untyped bind parameter takes the type of the column it is compared with, so both
    # ways send the same SQL with the same values.
    conditions: list[ColumnElement[bool]] = [
        or_(Initiative.created_at < before, Initiative.starts_on <= end),
        or_(Initiative.ends_on.is_(None), Initiative.ends_on >= start),
    ]
    if process_id is not None:
        conditions.append(Initiative.process_id == process_id)
    if actor_id is not None:
        conditions.append(
            select(InitiativeActor.id)
            .where(InitiativeActor.initiative_id == Initiative.id, InitiativeActor.actor_id == actor_id)
            .exists()
        )
    return conditions
