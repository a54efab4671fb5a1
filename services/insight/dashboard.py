"""The leader dashboard's aggregates: each figure one GROUP BY in the database, for one set of filters.

Every function takes the same hashable keyword filters, so `runtime.aggregates` can
cache its result per data version:

- `process_id`: one process, or None for all. Ideas, participants and dots belong to a
  process through their workshop; catalogue entries and initiatives by their process;
  hours and staff time by their process or their initiative's process (the resource map's
  rule, `services.resources.scope_conditions`).
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

Counting rules are the app's own: ideas are active, not hidden and not merged (as on the
overview); dots are `services.tally.capped_dots`; overdue is `initiatives.overdue_milestone`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, case, extract, func, or_, select
from sqlalchemy.orm import Session, aliased

import clock
from db.models import (
    Actor,
    CatalogueEntry,
    HoursEntry,
    Idea,
    Initiative,
    InitiativeActor,
    Milestone,
    Participant,
    Process,
    Workshop,
)
from services.action.initiatives import overdue_milestone
from services.surveys import results, waves
from services.surveys.instruments import all_instruments
from services.volunteering import resources, volunteers
from services.workshop.tally import capped_dots
from vocabulary import INITIATIVE_STATUSES

# Initiatives that are still to run: these need a lead, and their progress is worth following.
RUNNING = ("proposed", "planned", "in_progress", "paused")


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


def _created_in(column: ColumnElement, p: Period) -> ColumnElement[bool]:
    low, high = _utc_bounds(p)
    return and_(column >= low, column < high)


def _initiative_conditions(
    p: Period, process_id: int | None, actor_id: int | None
) -> list[ColumnElement[bool]]:
    _, high = _utc_bounds(p)
    conditions: list[ColumnElement[bool]] = [
        or_(Initiative.created_at < high, Initiative.starts_on <= p.end),
        or_(Initiative.ends_on.is_(None), Initiative.ends_on >= p.start),
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


def _by_process(session: Session, query: Select) -> dict[int, int]:
    """Run a `select(process_id, figure)…group_by(process_id)`."""
    return {pid: int(n or 0) for pid, n in session.execute(query)}


def _participants(session: Session, p: Period, process_id: int | None) -> dict[int, int]:
    query = (
        select(Workshop.process_id, func.count(Participant.id))
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .where(_created_in(Participant.joined_at, p))
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
            _created_in(Idea.created_at, p),
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
        .where(_created_in(survivor.created_at, p))
        .group_by(Workshop.process_id)
    )
    if process_id is not None:
        query = query.where(Workshop.process_id == process_id)
    return _by_process(session, query)


def _catalogue_entries(session: Session, p: Period, process_id: int | None) -> dict[int, int]:
    query = (
        select(CatalogueEntry.process_id, func.count(CatalogueEntry.id))
        .where(_created_in(CatalogueEntry.created_at, p))
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
            .where(*_initiative_conditions(p, process_id, actor_id))
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


# --- initiatives -------------------------------------------------------------------------


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
    conditions = _initiative_conditions(p, process_id, actor_id)
    lead = _lead_name()
    status_order = case({s: i for i, s in enumerate(INITIATIVE_STATUSES)}, value=Initiative.status)
    running = tuple(
        InitiativeProgress(i, title, status, progress, name or "")
        for i, title, status, progress, name in session.execute(
            select(Initiative.id, Initiative.title, Initiative.status, Initiative.progress, lead)
            .where(*conditions, Initiative.status.in_(RUNNING))
            .order_by(status_order, Initiative.progress.desc(), Initiative.id)
        )
    )
    overdue = tuple(
        OverdueMilestone(i, title, milestone, due, (today - due).days, name or "")
        for i, title, milestone, due, name in session.execute(
            select(Initiative.id, Initiative.title, Milestone.title, Milestone.due_on, lead)
            .join(Initiative, Initiative.id == Milestone.initiative_id)
            .where(*conditions, overdue_milestone(today))
            .order_by(Milestone.due_on, Milestone.id)
        )
    )
    return InitiativeFigures(
        running=running, overdue=overdue, without_lead=tuple(r for r in running if not r.lead)
    )


# --- volunteers and resources ------------------------------------------------------------


@dataclass(frozen=True)
class Volunteering:
    resource_map: resources.ResourceMap
    # Named volunteers with at least one hours entry in the month, for each month of the period.
    active_by_month: tuple[tuple[date, int], ...]
    retention: volunteers.Retention


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
    year, month = extract("year", HoursEntry.worked_on), extract("month", HoursEntry.worked_on)
    active = {
        date(int(y), int(m), 1): int(n)
        for y, m, n in session.execute(
            select(year, month, func.count(func.distinct(HoursEntry.volunteer_id)))
            .where(
                HoursEntry.volunteer_id.is_not(None),
                HoursEntry.worked_on >= p.start,
                HoursEntry.worked_on <= p.end,
                *resources.scope_conditions(HoursEntry, scope),
            )
            .group_by(year, month)
        )
    }
    return Volunteering(
        resource_map=rmap,
        active_by_month=tuple((m, active.get(m, 0)) for m in resources.months_between(p.start, p.end)),
        retention=volunteers.retention(session, today=today, actor_id=actor_id),
    )


# --- surveys -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FactorFigures:
    key: str
    group: str
    n_before: int  # the only wave's figures when there is one wave
    mean_before: float | None
    n_after: int | None  # None with one wave
    mean_after: float | None
    hidden: bool


@dataclass(frozen=True)
class SurveyProfile:
    """An instrument's latest wave by factor, or its first and latest waves side by side."""

    instrument_key: str
    before_title: str
    before_responses: int
    after_title: str | None
    after_responses: int | None
    factors: tuple[FactorFigures, ...]


@dataclass(frozen=True)
class SurveyFigures:
    profiles: tuple[SurveyProfile, ...]
    withheld_waves: int  # waves in scope whose results stay hidden (open or too few answers)


def survey_profiles(
    session: Session,
    *,
    process_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    min_responses: int = 5,
    today: date | None = None,
) -> SurveyFigures:
    """Per instrument: its closed waves in scope with enough answers; first against latest when two.

    A wave is in scope when it belongs to the process (any process when None) and was open
    at some time in the period. Figures come from `services.surveys.results`, which hides what
    fewer than `min_responses` people answered.
    """
    today = today or clock.today()
    p = period(start, end, today)
    known = all_instruments()
    in_scope = [
        w
        for w in waves.list_waves(session, today=today)
        if w.instrument_key in known
        and (process_id is None or w.process_id == process_id)
        and (w.opens_on is None or w.opens_on <= p.end)
        and (w.closes_on is None or w.closes_on >= p.start)
    ]
    shown = [w for w in in_scope if w.state == "closed" and w.responses >= min_responses]
    by_instrument: dict[str, list[waves.WaveRow]] = {}
    for w in sorted(shown, key=lambda w: (w.opens_on or date.min, w.id)):
        by_instrument.setdefault(w.instrument_key, []).append(w)
    profiles = []
    for key, series in sorted(by_instrument.items()):
        first, last = series[0], series[-1]
        if len(series) >= 2:
            comparison = results.compare_waves(
                session, first.id, last.id, min_responses=min_responses, today=today
            )
            factors = tuple(
                FactorFigures(r.key, r.group, r.n_before, r.mean_before, r.n_after, r.mean_after, r.hidden)
                for r in comparison.rows
            )
            profiles.append(
                SurveyProfile(key, first.title, first.responses, last.title, last.responses, factors)
            )
        else:
            latest = results.wave_results(session, last.id, min_responses=min_responses, today=today)
            factors = tuple(
                FactorFigures(f.key, f.group, f.n, f.mean, None, None, f.hidden) for f in latest.factors
            )
            profiles.append(SurveyProfile(key, last.title, last.responses, None, None, factors))
    return SurveyFigures(tuple(profiles), withheld_waves=len(in_scope) - len(shown))


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
            .where(*_initiative_conditions(p, None, actor_id))
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
