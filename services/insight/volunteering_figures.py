"""Volunteering for the leader dashboard: the resource map (volunteer and staff hours by month,
their ratio and value), the named volunteers active in each month of the period, and
retention.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

import clock
from services.insight.dashboard_filters import period
from services.insight.data_version import without_votes
from services.volunteering import hours_sums, resources
from services.volunteering import retention as volunteer_retention


@dataclass(frozen=True)
class Volunteering:
    resource_map: resources.ResourceMap
    # Named volunteers with at least one hours entry in the month, for each month of the period.
    active_by_month: tuple[tuple[date, int], ...]
    retention: volunteer_retention.Retention


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
    active = hours_sums.active_by_month(session, p.start, p.end, scope)
    return Volunteering(
        resource_map=rmap,
        active_by_month=tuple((m, active.get(m, 0)) for m in resources.months_between(p.start, p.end)),
        retention=volunteer_retention.retention(session, today=today, actor_id=actor_id),
    )
