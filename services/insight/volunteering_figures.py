"""Volunteering for the leader dashboard: the resource map (volunteer and staff hours by month,
their ratio and value), the named volunteers active in each month of the period, and
retention.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import Session

import clock
from db.models import HoursEntry
from services.insight.dashboard_filters import period
from services.insight.data_version import without_votes
from services.volunteering import resources, volunteers


@dataclass(frozen=True)
class Volunteering:
    resource_map: resources.ResourceMap
    # Named volunteers with at least one hours entry in the month, for each month of the period.
    active_by_month: tuple[tuple[date, int], ...]
    retention: volunteers.Retention


@without_votes
def volunteering(
    session: Session,
    *,
    process_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    actor_id: int | None = None,
    hour_value: int = 0,
    today: date | None = None,
) -> Volunteering:
    """Hours by month (volunteer and staff), ratio and value, active volunteers, retention.

    Retention follows the volunteers themselves (all of them, or the actor's), not a
    process or a period: people are not registered per process.
    """
    today = today or clock.today()
    p = period(start, end, today)
    scope = resources.Scope(process_id=process_id, actor_id=actor_id)
    rmap = resources.resource_map(
        session, scope, hour_value=hour_value, start=p.start, end=p.end, today=today
    )
    # The month as "YYYY-MM" text: SQLite's strftime and CAST per row were three times
    # the cost of cutting the stored ISO date, over a year of hour entries.
    if session.get_bind().dialect.name == "sqlite":
        month = func.substr(HoursEntry.worked_on, literal_column("1"), literal_column("7"))
    else:
        month = func.to_char(HoursEntry.worked_on, "YYYY-MM")
    active = {
        date(int(key[:4]), int(key[5:7]), 1): int(n)
        for key, n in session.execute(
            select(month, func.count(func.distinct(HoursEntry.volunteer_id)))
            .where(
                HoursEntry.volunteer_id.is_not(None),
                HoursEntry.worked_on >= p.start,
                HoursEntry.worked_on <= p.end,
                *resources.scope_conditions(HoursEntry, scope),
            )
            .group_by(month)
        )
    }
    return Volunteering(
        resource_map=rmap,
        active_by_month=tuple((m, active.get(m, 0)) for m in resources.months_between(p.start, p.end)),
        retention=volunteers.retention(session, today=today, actor_id=actor_id),
    )
