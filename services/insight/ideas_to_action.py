"""From ideas to action in numbers: participants, ideas, dots, catalogue entries and initiatives
counted per process under the dashboard's filters (`dashboard_filters`), summed into the
funnel or shown process by process, with the volunteer time behind each process. Ideas count
as on the overview (active, not hidden, not merged); dots are
`services.workshop.tally.capped_dots`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, aliased

from db.models import CatalogueEntry, HoursEntry, Idea, Initiative, Participant, Process, Workshop
from services.insight.dashboard_filters import Period, created_in, initiative_conditions, period
from services.volunteering import resources
from services.workshop.tally import capped_dots
from vocabulary import INITIATIVE_STATUSES


def _by_process(session: Session, query: Select) -> dict[int, int]:
    """Run a `select(process_id, figure)…group_by(process_id)`."""
    return {pid: int(n or 0) for pid, n in session.execute(query)}


def _participants(session: Session, p: Period, process_id: int | None) -> dict[int, int]:
    query = (
        select(Workshop.process_id, func.count(Participant.id))
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .where(created_in(Participant.joined_at, p))
        .group_by(Workshop.process_id)
    )
    if process_id is not None:
        query = query.where(Workshop.process_id == process_id)
    return _by_process(session, query)


def _ideas(session: Session, p: Period, process_id: int | None) -> dict[int, int]:
    query = (
        select(Workshop.process_id, func.count(Idea.id))
        .join(Workshop, Workshop.id == Idea.workshop_id)
        .where(
            Idea.status == "active",
            Idea.hidden.is_(False),
            Idea.merged_into_id.is_(None),
            created_in(Idea.created_at, p),
        )
        .group_by(Workshop.process_id)
    )
    if process_id is not None:
        query = query.where(Workshop.process_id == process_id)
    return _by_process(session, query)


def _dots(session: Session, p: Period, process_id: int | None) -> dict[int, int]:
    capped = capped_dots()
    survivor = aliased(Idea)
    query = (
        select(Workshop.process_id, func.sum(capped.c.dots))
        .select_from(capped)
        .join(survivor, survivor.id == capped.c.survivor_id)
        .join(Workshop, Workshop.id == capped.c.workshop_id)
        .where(created_in(survivor.created_at, p))
        .group_by(Workshop.process_id)
    )
    if process_id is not None:
        query = query.where(Workshop.process_id == process_id)
    return _by_process(session, query)


def _catalogue_entries(session: Session, p: Period, process_id: int | None) -> dict[int, int]:
    query = (
        select(CatalogueEntry.process_id, func.count(CatalogueEntry.id))
        .where(created_in(CatalogueEntry.created_at, p))
        .group_by(CatalogueEntry.process_id)
    )
    if process_id is not None:
        query = query.where(CatalogueEntry.process_id == process_id)
    return _by_process(session, query)


# --- the funnel and the headline -------------------------------------------------------


@dataclass(frozen=True)
class Funnel:
    participants: int
    ideas: int
    dots: int
    catalogue_entries: int
    initiatives: int
    by_status: dict[str, int]  # every status, zero included

    @property
    def in_progress(self) -> int:
        return self.by_status["in_progress"]

    @property
    def completed(self) -> int:
        return self.by_status["completed"]


def funnel(
    session: Session,
    *,
    process_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    actor_id: int | None = None,
    today: date | None = None,
) -> Funnel:
    """Participants, ideas, dots, catalogue entries, and initiatives by status."""
    p = period(start, end, today)
    statuses = dict(
        session.execute(
            select(Initiative.status, func.count(Initiative.id))
            .where(*initiative_conditions(p, process_id, actor_id))
            .group_by(Initiative.status)
        ).all()
    )
    by_status = {s: int(statuses.get(s, 0)) for s in INITIATIVE_STATUSES}
    return Funnel(
        participants=sum(_participants(session, p, process_id).values()),
        ideas=sum(_ideas(session, p, process_id).values()),
        dots=sum(_dots(session, p, process_id).values()),
        catalogue_entries=sum(_catalogue_entries(session, p, process_id).values()),
        initiatives=sum(by_status.values()),
        by_status=by_status,
    )


# --- processes side by side --------------------------------------------------------------


@dataclass(frozen=True)
class ProcessRow:
    process_id: int
    title: str
    participants: int
    ideas: int
    dots: int
    initiatives: int
    completed: int
    volunteer_minutes: int


def process_comparison(
    session: Session,
    *,
    start: date | None = None,
    end: date | None = None,
    actor_id: int | None = None,
    today: date | None = None,
) -> tuple[ProcessRow, ...]:
    """Every process side by side for the period (the process filter does not apply here).

    Volunteer time counts for the process of its initiative, or else the process it was
    logged on; time linked to neither belongs to no process and is left out.
    """
    p = period(start, end, today)
    participants = _participants(session, p, None)
    ideas = _ideas(session, p, None)
    dots = _dots(session, p, None)
    initiatives = {
        pid: (int(n), int(done or 0))
        for pid, n, done in session.execute(
            select(
                Initiative.process_id,
                func.count(Initiative.id),
                func.sum(case((Initiative.status == "completed", 1), else_=0)),
            )
            .where(*initiative_conditions(p, None, actor_id))
            .group_by(Initiative.process_id)
        )
    }
    of_process = func.coalesce(Initiative.process_id, HoursEntry.process_id)
    minutes = dict(
        session.execute(
            select(of_process, func.sum(HoursEntry.minutes))
            .select_from(HoursEntry)
            .outerjoin(Initiative, Initiative.id == HoursEntry.initiative_id)
            .where(
                HoursEntry.worked_on >= p.start,
                HoursEntry.worked_on <= p.end,
                *resources.scope_conditions(HoursEntry, resources.Scope(actor_id=actor_id)),
            )
            .group_by(of_process)
        ).all()
    )
    return tuple(
        ProcessRow(
            process_id=pid,
            title=title,
            participants=participants.get(pid, 0),
            ideas=ideas.get(pid, 0),
            dots=dots.get(pid, 0),
            initiatives=initiatives.get(pid, (0, 0))[0],
            completed=initiatives.get(pid, (0, 0))[1],
            volunteer_minutes=int(minutes.get(pid) or 0),
        )
        for pid, title in session.execute(
            select(Process.id, Process.title).order_by(
                Process.starts_on.desc().nulls_last(), Process.id.desc()
            )
        )
    )
