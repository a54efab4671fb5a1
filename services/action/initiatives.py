"""Initiatives as the pages read them: the list with its filters, lead, partners and milestone
counts; one initiative's whole detail (actors and roles, milestones, timeline, checklist, where it
came from, what it builds on); titles for pickers; and what makes a milestone overdue, in Python
and in SQL. Changing an initiative is `lifecycle`'s, `initiative_actors`' and `follow_up`'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

import clock
from db.models import (
    Activity,
    Actor,
    ChecklistItem,
    Initiative,
    InitiativeActor,
    Milestone,
    Process,
    TimelineEntry,
    User,
    initiative_idea,
)
from services.action.lineage import OriginIdea, origins
from services.common.errors import NotFound
from services.common.search import fold, matches
from services.common.text import one_of
from vocabulary import CHECKLIST_ITEMS, INITIATIVE_STATUSES

# --- views -------------------------------------------------------------------------------


@dataclass(frozen=True)
class InitiativeRow:
    id: int
    title: str
    process_id: int | None
    process_title: str
    status: str
    progress: int
    starts_on: date | None
    ends_on: date | None
    target_group: str
    budget: int | None
    expected_volunteers: int | None
    lead: str | None
    partners: list[str]
    milestones: int
    milestones_done: int
    overdue: int
    next_due: date | None
    checklist_open: int
    ideas: int


@dataclass(frozen=True)
class ActorRole:
    id: int  # the InitiativeActor row
    actor_id: int
    name: str
    kind: str
    role: str
    responsibilities: str
    contact_name: str


@dataclass(frozen=True)
class MilestoneView:
    id: int
    title: str
    due_on: date | None
    done: bool
    done_on: date | None
    overdue: bool


@dataclass(frozen=True)
class TimelineView:
    id: int
    happened_on: date
    kind: str
    text: str
    new_status: str | None
    author: str


@dataclass(frozen=True)
class ChecklistView:
    item: str
    status: str
    note: str


@dataclass(frozen=True)
class EntryRef:
    id: int
    title: str
    section: str


@dataclass(frozen=True)
class ActivityRef:
    id: int
    title: str
    actor_name: str
    schedule: str


@dataclass(frozen=True)
class Detail:
    id: int
    title: str
    description: str
    target_group: str
    process_id: int | None
    process_title: str
    status: str
    progress: int
    progress_from_milestones: bool
    starts_on: date | None
    ends_on: date | None
    budget: int | None
    expected_volunteers: int | None
    actors: list[ActorRole]
    milestones: list[MilestoneView]
    timeline: list[TimelineView]
    checklist: list[ChecklistView]
    origins: list[OriginIdea]
    entries: list[EntryRef]
    activities: list[ActivityRef] = field(default_factory=list)

    @property
    def lead(self) -> ActorRole | None:
        return next((a for a in self.actors if a.role == "lead"), None)

    @property
    def overdue(self) -> list[MilestoneView]:
        return [m for m in self.milestones if m.overdue]


# --- reading -----------------------------------------------------------------------------


def get_initiative(session: Session, initiative_id: int) -> Initiative:
    initiative = session.get(Initiative, initiative_id)
    if initiative is None:
        raise NotFound("error.initiative_not_found")
    return initiative


def _is_overdue(milestone: Milestone, today: date) -> bool:
    return not milestone.done and milestone.due_on is not None and milestone.due_on < today


def overdue_milestone(today: date | BindParameter[Any]) -> ColumnElement[bool]:
    """`_is_overdue` as SQL, for lists and dashboards that count in the database (today: a date,
    or a bind parameter for a statement built once)."""
    return and_(Milestone.done.is_(False), Milestone.due_on.is_not(None), Milestone.due_on < today)


def list_initiatives(
    session: Session,
    *,
    statuses: Iterable[str] = (),
    actor_id: int | None = None,
    process_id: int | None = None,
    overdue_only: bool = False,
    search: str = "",
    today: date | None = None,
) -> list[InitiativeRow]:
    """Initiatives matching the filters, with lead, partners, milestones and checklist counts."""
    today = today or clock.today()
    milestones = (
        select(func.count(Milestone.id)).where(Milestone.initiative_id == Initiative.id).scalar_subquery()
    )
    done = (
        select(func.count(Milestone.id))
        .where(Milestone.initiative_id == Initiative.id, Milestone.done.is_(True))
        .scalar_subquery()
    )
    overdue = (
        select(func.count(Milestone.id))
        .where(Milestone.initiative_id == Initiative.id, overdue_milestone(today))
        .scalar_subquery()
    )
    next_due = (
        select(func.min(Milestone.due_on))
        .where(Milestone.initiative_id == Initiative.id, Milestone.done.is_(False))
        .scalar_subquery()
    )
    checklist_open = (
        select(func.count(ChecklistItem.id))
        .where(ChecklistItem.initiative_id == Initiative.id, ChecklistItem.status == "open")
        .scalar_subquery()
    )
    ideas = (
        select(func.count(initiative_idea.c.idea_id))
        .where(initiative_idea.c.initiative_id == Initiative.id)
        .scalar_subquery()
    )
    status_order = case({s: i for i, s in enumerate(INITIATIVE_STATUSES)}, value=Initiative.status)
    query = (
        select(Initiative, Process.title, milestones, done, overdue, next_due, checklist_open, ideas)
        .outerjoin(Process, Process.id == Initiative.process_id)
        .order_by(status_order, Initiative.id)
    )
    statuses = [one_of(s, INITIATIVE_STATUSES, field="status") for s in statuses]
    if statuses:
        query = query.where(Initiative.status.in_(statuses))
    if process_id is not None:
        query = query.where(Initiative.process_id == process_id)
    if actor_id is not None:
        query = query.where(
            select(InitiativeActor.id)
            .where(InitiativeActor.initiative_id == Initiative.id, InitiativeActor.actor_id == actor_id)
            .exists()
        )
    if overdue_only:
        query = query.where(overdue > 0)
    rows = [
        row
        for row in session.execute(query).all()
        if matches(search, row[0].title, row[0].description, row[0].target_group)
    ]
    people: dict[int, list[tuple[str, str]]] = {}
    if rows:
        for initiative_id, role, name in session.execute(
            select(InitiativeActor.initiative_id, InitiativeActor.role, Actor.name)
            .join(Actor, Actor.id == InitiativeActor.actor_id)
            .where(InitiativeActor.initiative_id.in_([r[0].id for r in rows]))
            .order_by(func.lower(Actor.name))
        ):
            people.setdefault(initiative_id, []).append((role, name))
    result = []
    for i, process_title, n_milestones, n_done, n_overdue, due, n_open, n_ideas in rows:
        roles = people.get(i.id, [])
        result.append(
            InitiativeRow(
                id=i.id,
                title=i.title,
                process_id=i.process_id,
                process_title=process_title or "",
                status=i.status,
                progress=i.progress,
                starts_on=i.starts_on,
                ends_on=i.ends_on,
                target_group=i.target_group,
                budget=i.budget,
                expected_volunteers=i.expected_volunteers,
                lead=next((name for role, name in roles if role == "lead"), None),
                partners=[name for role, name in roles if role == "partner"],
                milestones=n_milestones,
                milestones_done=n_done,
                overdue=n_overdue,
                next_due=due,
                checklist_open=n_open,
                ideas=n_ideas,
            )
        )
    result.sort(key=lambda r: (INITIATIVE_STATUSES.index(r.status), fold(r.title), r.id))
    return result


def detail(session: Session, initiative_id: int, *, today: date | None = None) -> Detail:
    """Everything about one initiative, including where it came from."""
    today = today or clock.today()
    i = get_initiative(session, initiative_id)
    process_title = session.scalar(select(Process.title).where(Process.id == i.process_id)) or ""
    actors = [
        ActorRole(link.id, a.id, a.name, a.kind, link.role, link.responsibilities, a.contact_name)
        for link, a in session.execute(
            select(InitiativeActor, Actor)
            .join(Actor, Actor.id == InitiativeActor.actor_id)
            .where(InitiativeActor.initiative_id == i.id)
            .order_by(case((InitiativeActor.role == "lead", 0), else_=1), func.lower(Actor.name))
        )
    ]
    milestones = [
        MilestoneView(m.id, m.title, m.due_on, m.done, m.done_on, _is_overdue(m, today))
        for m in session.scalars(
            select(Milestone)
            .where(Milestone.initiative_id == i.id)
            .order_by(Milestone.due_on.nulls_last(), Milestone.id)
        )
    ]
    timeline = [
        TimelineView(e.id, e.happened_on, e.kind, e.text, e.new_status, author or "")
        for e, author in session.execute(
            select(TimelineEntry, User.display_name)
            .outerjoin(User, User.id == TimelineEntry.author_user_id)
            .where(TimelineEntry.initiative_id == i.id)
            .order_by(TimelineEntry.happened_on.desc(), TimelineEntry.id.desc())
        )
    ]
    items = {
        c.item: c for c in session.scalars(select(ChecklistItem).where(ChecklistItem.initiative_id == i.id))
    }
    checklist = [
        ChecklistView(
            item, items[item].status if item in items else "open", items[item].note if item in items else ""
        )
        for item in CHECKLIST_ITEMS
    ]
    entries = [
        EntryRef(e.id, e.title, e.section)
        for e in sorted(i.catalogue_entries, key=lambda e: (e.process_id, e.position))
    ]
    activities = [
        ActivityRef(a.id, a.title, name, a.schedule)
        for a, name in session.execute(
            select(Activity, Actor.name)
            .join(Actor, Actor.id == Activity.actor_id)
            .where(Activity.id.in_([a.id for a in i.activities]))
            .order_by(func.lower(Activity.title))
        )
    ]
    return Detail(
        id=i.id,
        title=i.title,
        description=i.description,
        target_group=i.target_group,
        process_id=i.process_id,
        process_title=process_title,
        status=i.status,
        progress=i.progress,
        progress_from_milestones=i.progress_from_milestones,
        starts_on=i.starts_on,
        ends_on=i.ends_on,
        budget=i.budget,
        expected_volunteers=i.expected_volunteers,
        actors=actors,
        milestones=milestones,
        timeline=timeline,
        checklist=checklist,
        origins=origins(session, i.id),
        entries=entries,
        activities=activities,
    )


def titles(session: Session) -> dict[int, str]:
    """Every initiative's title by id, for pickers."""
    return dict(
        session.execute(select(Initiative.id, Initiative.title).order_by(func.lower(Initiative.title))).all()
    )
