"""How the running initiatives are doing, for the leader dashboard: their progress, the overdue
milestones with the lead who owns them (overdue is `initiatives.overdue_milestone`), and the
running initiatives nobody leads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, case, select
from sqlalchemy.orm import Session

import clock
from db.models import Actor, Initiative, InitiativeActor, Milestone
from services.action.initiatives import overdue_milestone
from services.insight.dashboard_filters import bound_initiative_conditions, initiative_parameters, period
from services.insight.data_version import without_votes
from vocabulary import INITIATIVE_STATUSES

# Initiatives that are still to run: these need a lead, and their progress is worth following.
RUNNING = ("proposed", "planned", "in_progress", "paused")


@dataclass(frozen=True)
class InitiativeProgress:
    id: int
    title: str
    status: str
    progress: int
    lead: str  # "" without a lead


@dataclass(frozen=True)
class OverdueMilestone:
    initiative_id: int
    initiative: str
    milestone: str
    due_on: date
    days_overdue: int
    lead: str  # the owner: the initiative's lead actor, "" without one


@dataclass(frozen=True)
class InitiativeFigures:
    running: tuple[InitiativeProgress, ...]  # proposed, planned, in progress, paused
    overdue: tuple[OverdueMilestone, ...]
    without_lead: tuple[InitiativeProgress, ...]  # running initiatives nobody leads

    @property
    def mean_progress(self) -> float | None:
        return sum(r.progress for r in self.running) / len(self.running) if self.running else None


def _lead_name():  # noqa: ANN202 - a SQL scalar subquery
    return (
        select(Actor.name)
        .join(InitiativeActor, InitiativeActor.actor_id == Actor.id)
        .where(InitiativeActor.initiative_id == Initiative.id, InitiativeActor.role == "lead")
        .scalar_subquery()
    )


# The two selects, built once per shape (with or without the process and the actor filter)
# and run with the filters' values as parameters: the dashboard reads them on every change,
# and on SQLite building them (and their cache keys) was a sixth of the call, 1.6 ms of 10.
# The status order and the lead are the same expressions in every shape.
_STATUS_ORDER = case({s: i for i, s in enumerate(INITIATIVE_STATUSES)}, value=Initiative.status)
_LEAD = _lead_name()


@cache
def _selects(by_process: bool, by_actor: bool) -> tuple[Select[Any], Select[Any]]:
    """(running, overdue) for this shape of filters; parameters: `initiative_parameters`, today."""
    conditions = bound_initiative_conditions(by_process=by_process, by_actor=by_actor)
    running = (
        select(Initiative.id, Initiative.title, Initiative.status, Initiative.progress, _LEAD)
        .where(*conditions, Initiative.status.in_(RUNNING))
        .order_by(_STATUS_ORDER, Initiative.progress.desc(), Initiative.id)
    )
    overdue = (
        select(Initiative.id, Initiative.title, Milestone.title, Milestone.due_on, _LEAD)
        .join(Initiative, Initiative.id == Milestone.initiative_id)
        .where(*conditions, overdue_milestone(bindparam("today")))
        .order_by(Milestone.due_on, Milestone.id)
    )
    return running, overdue


@without_votes
def initiative_figures(
    session: Session,
    *,
    process_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    actor_id: int | None = None,
    today: date | None = None,
) -> InitiativeFigures:
    """Progress of the running initiatives, overdue milestones with owners, initiatives without a lead."""
    today = today or clock.today()
    parameters = initiative_parameters(period(start, end, today), process_id, actor_id) | {"today": today}
    running_select, overdue_select = _selects(process_id is not None, actor_id is not None)
    # Core statements on the Session's connection, each fetched at once: the rows are
    # plain columns, and the ORM's result loading (or a fetch per row) cost as much again
    # as building the figures from them.
    connection = session.connection()
    running_rows = connection.execute(running_select, parameters).all()
    overdue_rows = connection.execute(overdue_select, parameters).all()
    running = tuple(
        InitiativeProgress(i, title, status, progress, name or "")
        for i, title, status, progress, name in running_rows
    )
    overdue = tuple(
        OverdueMilestone(i, title, milestone, due, (today - due).days, name or "")
        for i, title, milestone, due, name in overdue_rows
    )
    return InitiativeFigures(
        running=running, overdue=overdue, without_lead=tuple(r for r in running if not r.lead)
    )
