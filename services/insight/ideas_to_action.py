"""From ideas to action in numbers: participants, ideas, dots, catalogue entries and initiatives
counted per process under the dashboard's filters (`dashboard_filters`), summed into the
funnel or shown process by process, with the volunteer time behind each process. Ideas count
as on the overview (active, not hidden, not merged); dots are the kept counted dots
(`idea_support`, see services.workshop.counts) of the ideas added in the period.

`process_figures` computes every process's figures in one pass; the page caches it once per
render and derives both the funnel (`funnel_of`) and the comparison (`comparison_of`) from
it, so no figure is counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from db.models import (
    CatalogueEntry,
    Idea,
    IdeaSupport,
    Initiative,
    Participant,
    Process,
    Workshop,
)
from services.insight.dashboard_filters import Period, created_in, initiative_conditions, period
from services.volunteering import hours_sums, resources
from vocabulary import INITIATIVE_STATUSES


def _by_process(session: Session, query: Select) -> dict[int | None, int]:
    """Run a `select(process_id, figure)…group_by(process_id)`."""
    return {pid: int(n or 0) for pid, n in session.execute(query)}


def _participants(session: Session, p: Period) -> dict[int | None, int]:
    return _by_process(
        session,
        select(Workshop.process_id, func.count(Participant.id))
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .where(created_in(Participant.joined_at, p))
        .group_by(Workshop.process_id),
    )


def _ideas(session: Session, p: Period) -> dict[int | None, int]:
    return _by_process(
        session,
        select(Workshop.process_id, func.count(Idea.id))
        .join(Workshop, Workshop.id == Idea.workshop_id)
        .where(
            Idea.status == "active",
            Idea.hidden.is_(False),
            Idea.merged_into_id.is_(None),
            created_in(Idea.created_at, p),
        )
        .group_by(Workshop.process_id),
    )


def _dots(session: Session, p: Period) -> dict[int | None, int]:
    """Counted dots of the ideas added in the period: the kept counts, a row per idea with votes."""
    return _by_process(
        session,
        select(Workshop.process_id, func.sum(IdeaSupport.dots))
        .select_from(IdeaSupport)
        .join(Idea, Idea.id == IdeaSupport.idea_id)
        .join(Workshop, Workshop.id == IdeaSupport.workshop_id)
        .where(created_in(Idea.created_at, p))
        .group_by(Workshop.process_id),
    )


def _catalogue_entries(session: Session, p: Period) -> dict[int | None, int]:
    return _by_process(
        session,
        select(CatalogueEntry.process_id, func.count(CatalogueEntry.id))
        .where(created_in(CatalogueEntry.created_at, p))
        .group_by(CatalogueEntry.process_id),
    )


def _volunteer_minutes(session: Session, p: Period, actor_id: int | None) -> dict[int | None, int]:
    """Volunteer time counts for the process of its initiative, or else the process it was logged on.

    Summed per (initiative, process) first, from the kept months (hours_sums), and only
    then joined to the initiatives: a join per hour entry was a primary-key seek for each
    of a year's 330 k entries.
    """
    rows = hours_sums.time_rows(session, p.start, p.end, resources.Scope(actor_id=actor_id))
    if rows is None:
        return {}
    time = rows.subquery()
    per_target = (
        select(time.c.initiative_id, time.c.process_id, func.sum(time.c.minutes).label("minutes"))
        .group_by(time.c.initiative_id, time.c.process_id)
        .subquery()
    )
    of_process = func.coalesce(Initiative.process_id, per_target.c.process_id)
    return _by_process(
        session,
        select(of_process, func.sum(per_target.c.minutes))
        .select_from(per_target)
        .outerjoin(Initiative, Initiative.id == per_target.c.initiative_id)
        .group_by(of_process),
    )


@dataclass(frozen=True)
class ProcessFigures:
    """One process's figures for the period; under the key None, what belongs to no process."""

    participants: int = 0
    ideas: int = 0
    dots: int = 0
    catalogue_entries: int = 0
    by_status: dict[str, int] = field(default_factory=dict)  # initiatives; absent statuses are 0
    volunteer_minutes: int = 0


@dataclass(frozen=True)
class Figures:
    """Every process's figures (plain values: `st.cache_data` pickles it)."""

    processes: tuple[tuple[int, str], ...]  # id and title, newest first
    by_process: dict[int | None, ProcessFigures]


def process_figures(
    session: Session,
    *,
    start: date | None = None,
    end: date | None = None,
    actor_id: int | None = None,
    today: date | None = None,
) -> Figures:
    """Participants, ideas, dots, catalogue entries, initiatives by status and volunteer time per process."""
    p = period(start, end, today)
    statuses: dict[int | None, dict[str, int]] = {}
    for pid, status, n in session.execute(
        select(Initiative.process_id, Initiative.status, func.count(Initiative.id))
        .where(*initiative_conditions(p, None, actor_id))
        .group_by(Initiative.process_id, Initiative.status)
    ):
        statuses.setdefault(pid, {})[status] = int(n)
    figures = {
        "participants": _participants(session, p),
        "ideas": _ideas(session, p),
        "dots": _dots(session, p),
        "catalogue_entries": _catalogue_entries(session, p),
        "volunteer_minutes": _volunteer_minutes(session, p, actor_id),
    }
    keys = set(statuses).union(*figures.values())
    by_process = {
        pid: ProcessFigures(
            **{name: values.get(pid, 0) for name, values in figures.items()},
            by_status=statuses.get(pid, {}),
        )
        for pid in keys
    }
    processes = tuple(
        (pid, title)
        for pid, title in session.execute(
            select(Process.id, Process.title).order_by(
                Process.starts_on.desc().nulls_last(), Process.id.desc()
            )
        )
    )
    return Figures(processes, by_process)


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


def funnel_of(figures: Figures, process_id: int | None = None) -> Funnel:
    """The funnel of one process, or of all (None: what belongs to no process included)."""
    if process_id is None:
        rows = list(figures.by_process.values())
    else:
        rows = [figures.by_process.get(process_id, ProcessFigures())]
    by_status = {s: sum(r.by_status.get(s, 0) for r in rows) for s in INITIATIVE_STATUSES}
    return Funnel(
        participants=sum(r.participants for r in rows),
        ideas=sum(r.ideas for r in rows),
        dots=sum(r.dots for r in rows),
        catalogue_entries=sum(r.catalogue_entries for r in rows),
        initiatives=sum(by_status.values()),
        by_status=by_status,
    )


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
    return funnel_of(
        process_figures(session, start=start, end=end, actor_id=actor_id, today=today), process_id
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


def comparison_of(figures: Figures) -> tuple[ProcessRow, ...]:
    """Every process side by side (the process filter does not apply here).

    Volunteer time counts for the process of its initiative, or else the process it was
    logged on; time linked to neither belongs to no process and is left out.
    """
    rows = []
    for pid, title in figures.processes:
        f = figures.by_process.get(pid, ProcessFigures())
        rows.append(
            ProcessRow(
                process_id=pid,
                title=title,
                participants=f.participants,
                ideas=f.ideas,
                dots=f.dots,
                initiatives=sum(f.by_status.values()),
                completed=f.by_status.get("completed", 0),
                volunteer_minutes=f.volunteer_minutes,
            )
        )
    return tuple(rows)


def process_comparison(
    session: Session,
    *,
    start: date | None = None,
    end: date | None = None,
    actor_id: int | None = None,
    today: date | None = None,
) -> tuple[ProcessRow, ...]:
    """Every process side by side for the period (see `comparison_of`)."""
    return comparison_of(process_figures(session, start=start, end=end, actor_id=actor_id, today=today))
