"""How the running initiatives are doing, for the leader dashboard: their progress, the overdue
milestones with the lead who owns them (overdue is `initiatives.overdue_milestone`), and the
running initiatives nobody leads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, select
from sqlalchemy.orm import Session

import clock
from db.models import Actor, Initiative, InitiativeActor, Milestone
from services.action.initiatives import overdue_milestone
from services.insight.dashboard_filters import initiative_conditions, period
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
    p = period(start, end, today)
    conditions = initiative_conditions(p, process_id, actor_id)
    lead = _lead_name()
    status_order = case({s: i for i, s in enumerate(INITIATIVE_STATUSES)}, value=Initiative.status)
    # Core statements on the Session's connection, each fetched at once: the rows are
    # plain columns, and the ORM's result loading (or a fetch per row) cost as much again
    # as building the figures from them.
    connection = session.connection()
    running_rows = connection.execute(
        select(Initiative.id, Initiative.title, Initiative.status, Initiative.progress, lead)
        .where(*conditions, Initiative.status.in_(RUNNING))
        .order_by(status_order, Initiative.progress.desc(), Initiative.id)
    ).all()
    overdue_rows = connection.execute(
        select(Initiative.id, Initiative.title, Milestone.title, Milestone.due_on, lead)
        .join(Initiative, Initiative.id == Milestone.initiative_id)
        .where(*conditions, overdue_milestone(today))
        .order_by(Milestone.due_on, Milestone.id)
    ).all()
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
