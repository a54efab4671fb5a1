"""Where volunteer and staff time goes: the scope of a sum, and the conditions that put an entry in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, or_, select

from db.models import Activity, HoursEntry, HoursMonth, Initiative, InitiativeActor, StaffTimeEntry, Volunteer
from services.common.dates import add_months, month_start


@dataclass(frozen=True)
class Scope:
    """What the map covers: everything, or one process, initiative, activity and/or actor.

    An actor's time is the time of the volunteers affiliated to it, on its activities, and
    on the initiatives it leads or partners; staff time counts for an actor through its
    activities and initiatives.
    """

    process_id: int | None = None
    initiative_id: int | None = None
    activity_id: int | None = None
    actor_id: int | None = None


EVERYWHERE = Scope()  # every entry: no process, target or actor picked


def scope_conditions(
    model: type[HoursEntry] | type[HoursMonth] | type[StaffTimeEntry], scope: Scope
) -> list[ColumnElement[bool]]:
    """The WHERE conditions that put a row of `model` inside `scope` (shared with the dashboard)."""
    conditions: list[ColumnElement[bool]] = []
    if scope.initiative_id is not None:
        conditions.append(model.initiative_id == scope.initiative_id)
    if scope.activity_id is not None:
        conditions.append(model.activity_id == scope.activity_id)
    if scope.process_id is not None:
        # Through the initiative too, so an initiative moved to the process brings its time.
        of_process = select(Initiative.id).where(Initiative.process_id == scope.process_id)
        conditions.append(or_(model.process_id == scope.process_id, model.initiative_id.in_(of_process)))
    if scope.actor_id is not None:
        of_actor = [
            model.activity_id.in_(select(Activity.id).where(Activity.actor_id == scope.actor_id)),
            model.initiative_id.in_(
                select(InitiativeActor.initiative_id).where(InitiativeActor.actor_id == scope.actor_id)
            ),
        ]
        if model is HoursEntry:  # the kept months hold no volunteers: hours_sums reads entries then
            of_actor.append(
                HoursEntry.volunteer_id.in_(select(Volunteer.id).where(Volunteer.actor_id == scope.actor_id))
            )
        conditions.append(or_(*of_actor))
    return conditions


def months_between(start: date, end: date) -> list[date]:
    months, current = [], month_start(start)
    while current <= end:
        months.append(current)
        current = add_months(current, 1)
    return months
