"""Initiatives: created from ideas or catalogue entries, run by actors with clear roles, followed by
milestones, a timeline with reflections, and an ethics and law checklist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

import clock
from db.models import (
    Activity,
    Actor,
    CatalogueEntry,
    ChecklistItem,
    Idea,
    Initiative,
    InitiativeActor,
    Milestone,
    Process,
    TimelineEntry,
    User,
    Workshop,
    initiative_idea,
)
from services.action.actors import get_activity, get_actor
from services.action.lineage import OriginIdea, origins
from services.admin import audit
from services.admin.permissions import can_create_initiatives, can_manage_initiatives, require
from services.common.errors import Conflict, InvalidInput, NotFound
from services.common.search import fold, matches
from services.common.text import clean_text, one_of
from services.workshop.processes import get_process
from vocabulary import CHECKLIST_ITEMS, CHECKLIST_STATUSES, INITIATIVE_ROLES, INITIATIVE_STATUSES

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
RESPONSIBILITIES_MAX = 2000
TIMELINE_TEXT_MAX = 5000
CHECKLIST_NOTE_MAX = 1000
BUDGET_MAX = 1_000_000_000
VOLUNTEERS_MAX = 100_000
SPLIT_MAX = 10
# Statuses that need a reason in the timeline: whoever reads it later should know why.
NEEDS_REASON = ("paused", "stopped")
USER_TIMELINE_KINDS = ("event", "reflection")


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


def overdue_milestone(today: date) -> ColumnElement[bool]:
    """`_is_overdue` as SQL, for lists and dashboards that count in the database."""
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


# --- creating ----------------------------------------------------------------------------


def _ideas_and_processes(session: Session, idea_ids: list[int]) -> tuple[list[Idea], set[int]]:
    rows = session.execute(
        select(Idea, Workshop.process_id)
        .join(Workshop, Workshop.id == Idea.workshop_id)
        .where(Idea.id.in_(idea_ids))
    ).all()
    if len(rows) != len(set(idea_ids)):
        raise NotFound("error.idea_not_found")
    if any(idea.hidden or idea.status != "active" for idea, _ in rows):
        raise Conflict("error.idea_not_usable")
    return [idea for idea, _ in rows], {p for _, p in rows}


def _resolve_origins(
    session: Session, process_id: int | None, idea_ids: list[int], entry_ids: list[int]
) -> tuple[int | None, list[Idea], list[CatalogueEntry]]:
    """The ideas and entries an initiative comes from, and the one process they all belong to."""
    processes: set[int] = set()
    ideas: list[Idea] = []
    if idea_ids:
        ideas, found = _ideas_and_processes(session, idea_ids)
        processes |= found
    entries = (
        list(session.scalars(select(CatalogueEntry).where(CatalogueEntry.id.in_(entry_ids))))
        if entry_ids
        else []
    )
    if len(entries) != len(set(entry_ids)):
        raise NotFound("error.entry_not_found")
    processes |= {e.process_id for e in entries}
    if process_id is not None:
        get_process(session, process_id)
        processes.add(process_id)
    if len(processes) > 1:
        raise InvalidInput("error.origins_other_process")
    # An entry's idea is an origin too, so the trail from idea to initiative is direct.
    known = {i.id for i in ideas}
    extra = [e.idea_id for e in entries if e.idea_id is not None and e.idea_id not in known]
    if extra:
        ideas += list(session.scalars(select(Idea).where(Idea.id.in_(extra))))
    return next(iter(processes), None), ideas, entries


def _clean_title(title: str) -> str:
    return clean_text(title, field="title", max_len=TITLE_MAX)


def create_initiative(
    session: Session,
    *,
    title: str,
    description: str = "",
    target_group: str = "",
    process_id: int | None = None,
    idea_ids: Iterable[int] = (),
    entry_ids: Iterable[int] = (),
    by_user_id: int | None = None,
) -> Initiative:
    """A proposed initiative from ideas and/or catalogue entries; the checklist starts all open."""
    require(session, by_user_id, can_create_initiatives)
    title = _clean_title(title)
    description = clean_text(
        description, field="description", max_len=DESCRIPTION_MAX, required=False, multiline=True
    )
    target_group = clean_text(target_group, field="target_group", max_len=200, required=False)
    process_id, ideas, entries = _resolve_origins(
        session, process_id, list(dict.fromkeys(idea_ids)), list(dict.fromkeys(entry_ids))
    )
    initiative = Initiative(
        title=title,
        description=description,
        target_group=target_group,
        process_id=process_id,
        status="proposed",
        progress=0,
        ideas=ideas,
        catalogue_entries=entries,
        checklist=[ChecklistItem(item=item, status="open") for item in CHECKLIST_ITEMS],
    )
    session.add(initiative)
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="initiative.create",
        entity="initiative",
        entity_id=initiative.id,
        ideas=[i.id for i in ideas],
        entries=[e.id for e in entries],
    )
    return initiative


def split_idea(
    session: Session, idea_id: int, new_titles: Iterable[str], *, by_user_id: int | None = None
) -> list[Initiative]:
    """One idea, several initiatives (one per title); each keeps the idea as its origin."""
    require(session, by_user_id, can_create_initiatives)
    cleaned = [_clean_title(t) for t in new_titles if (t or "").strip()]
    if len(cleaned) < 2:
        raise InvalidInput("error.split_needs_two")
    if len(cleaned) > SPLIT_MAX:
        raise InvalidInput("error.split_too_many", max=SPLIT_MAX)
    if len({t.casefold() for t in cleaned}) != len(cleaned):
        raise InvalidInput("error.split_duplicates")
    idea = session.get(Idea, idea_id)
    if idea is None:
        raise NotFound("error.idea_not_found")
    description = idea.description
    return [
        create_initiative(
            session, title=t, description=description, idea_ids=[idea_id], by_user_id=by_user_id
        )
        for t in cleaned
    ]


# --- editing -----------------------------------------------------------------------------


def _check_state(status: str, starts_on: date | None, ends_on: date | None, today: date) -> None:
    """What a status needs from the dates: a running initiative has started, a completed one ended."""
    if starts_on and ends_on and ends_on < starts_on:
        raise InvalidInput("error.dates_order")
    if status in ("in_progress", "completed") and starts_on is None:
        raise InvalidInput("error.status_needs_start", status=status)
    if status == "in_progress" and starts_on > today:
        raise InvalidInput("error.start_in_future")
    if status == "completed":
        if ends_on is None:
            raise InvalidInput("error.completed_needs_end")
        if ends_on > today:
            raise InvalidInput("error.end_in_future")


def _whole(value: object, *, field: str, low: int, high: int, required: bool) -> int | None:
    if value is None or value == "":
        if required:
            raise InvalidInput("error.required", field=field)
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
        raise InvalidInput("error.whole_number", field=field)
    if not low <= int(value) <= high:
        raise InvalidInput("error.number_range", field=field, min=low, max=high)
    return int(value)


def _milestone_progress(session: Session, initiative_id: int) -> int:
    total, done = session.execute(
        select(func.count(Milestone.id), func.count(Milestone.id).filter(Milestone.done.is_(True))).where(
            Milestone.initiative_id == initiative_id
        )
    ).one()
    return round(100 * done / total) if total else 0


def update_initiative(
    session: Session,
    initiative_id: int,
    *,
    title: str,
    description: str = "",
    target_group: str = "",
    status: str,
    progress: int | None = 0,
    progress_from_milestones: bool = False,
    starts_on: date | None = None,
    ends_on: date | None = None,
    budget: int | None = None,
    expected_volunteers: int | None = None,
    status_note: str = "",
    by_user_id: int | None = None,
    today: date | None = None,
) -> Initiative:
    """Save the fields; a status change is checked against the dates and noted in the timeline."""
    require(session, by_user_id, can_manage_initiatives)
    today = today or clock.today()
    initiative = get_initiative(session, initiative_id)
    values = {
        "title": _clean_title(title),
        "description": clean_text(
            description, field="description", max_len=DESCRIPTION_MAX, required=False, multiline=True
        ),
        "target_group": clean_text(target_group, field="target_group", max_len=200, required=False),
        "status": one_of(status, INITIATIVE_STATUSES, field="status"),
        "progress_from_milestones": bool(progress_from_milestones),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "budget": _whole(budget, field="budget", low=0, high=BUDGET_MAX, required=False),
        "expected_volunteers": _whole(
            expected_volunteers, field="expected_volunteers", low=0, high=VOLUNTEERS_MAX, required=False
        ),
    }
    if progress_from_milestones:
        values["progress"] = _milestone_progress(session, initiative.id)
    else:
        values["progress"] = _whole(progress, field="progress", low=0, high=100, required=True)
    note = clean_text(
        status_note, field="status_note", max_len=TIMELINE_TEXT_MAX, required=False, multiline=True
    )
    _check_state(values["status"], starts_on, ends_on, today)
    changed_status = values["status"] != initiative.status
    if changed_status and values["status"] in NEEDS_REASON and not note:
        raise InvalidInput("error.status_needs_reason", status=values["status"])
    old_status = initiative.status
    for key, value in values.items():
        setattr(initiative, key, value)
    if changed_status:
        session.add(
            TimelineEntry(
                initiative_id=initiative.id,
                happened_on=today,
                kind="status",
                new_status=values["status"],
                text=note,
                author_user_id=by_user_id,
            )
        )
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="initiative.update",
        entity="initiative",
        entity_id=initiative.id,
        **({"status": f"{old_status} -> {initiative.status}"} if changed_status else {}),
    )
    return initiative


def delete_initiative(session: Session, initiative_id: int, *, by_user_id: int | None = None) -> None:
    """Delete an initiative made by mistake (its ideas and entries stay; use 'stopped' otherwise)."""
    require(session, by_user_id, can_manage_initiatives)
    initiative = get_initiative(session, initiative_id)
    audit.record(
        session,
        user_id=by_user_id,
        action="initiative.delete",
        entity="initiative",
        entity_id=initiative.id,
        title=initiative.title,
    )
    session.delete(initiative)
    session.flush()


def link_origins(
    session: Session,
    initiative_id: int,
    *,
    idea_ids: Iterable[int] = (),
    entry_ids: Iterable[int] = (),
    by_user_id: int | None = None,
) -> Initiative:
    """Add ideas or catalogue entries an initiative (also) comes from."""
    require(session, by_user_id, can_manage_initiatives)
    initiative = get_initiative(session, initiative_id)
    process_id, ideas, entries = _resolve_origins(
        session, initiative.process_id, list(dict.fromkeys(idea_ids)), list(dict.fromkeys(entry_ids))
    )
    initiative.process_id = process_id
    initiative.ideas += [i for i in ideas if i not in initiative.ideas]
    initiative.catalogue_entries += [e for e in entries if e not in initiative.catalogue_entries]
    session.flush()
    audit.record(
        session, user_id=by_user_id, action="initiative.link", entity="initiative", entity_id=initiative.id
    )
    return initiative


def unlink_idea(session: Session, initiative_id: int, idea_id: int, *, by_user_id: int | None = None) -> None:
    require(session, by_user_id, can_manage_initiatives)
    initiative = get_initiative(session, initiative_id)
    initiative.ideas = [i for i in initiative.ideas if i.id != idea_id]
    initiative.catalogue_entries = [e for e in initiative.catalogue_entries if e.idea_id != idea_id]
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="initiative.unlink",
        entity="initiative",
        entity_id=initiative_id,
        idea=idea_id,
    )


def link_activity(
    session: Session, initiative_id: int, activity_id: int, *, by_user_id: int | None = None
) -> None:
    """Build on something that already runs."""
    require(session, by_user_id, can_manage_initiatives)
    initiative = get_initiative(session, initiative_id)
    activity = get_activity(session, activity_id)
    if activity in initiative.activities:
        raise Conflict("error.activity_already_linked", title=activity.title)
    initiative.activities.append(activity)
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="initiative.link_activity",
        entity="initiative",
        entity_id=initiative_id,
    )


def unlink_activity(
    session: Session, initiative_id: int, activity_id: int, *, by_user_id: int | None = None
) -> None:
    require(session, by_user_id, can_manage_initiatives)
    initiative = get_initiative(session, initiative_id)
    initiative.activities = [a for a in initiative.activities if a.id != activity_id]
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="initiative.unlink_activity",
        entity="initiative",
        entity_id=initiative_id,
    )


# --- actors and their roles --------------------------------------------------------------


def _get_link(session: Session, link_id: int) -> InitiativeActor:
    link = session.get(InitiativeActor, link_id)
    if link is None:
        raise NotFound("error.initiative_actor_not_found")
    return link


def _demote_lead(session: Session, initiative_id: int, except_link_id: int | None = None) -> str | None:
    """Make the current lead a partner (so a new lead can take over); returns its name."""
    current = session.execute(
        select(InitiativeActor, Actor.name)
        .join(Actor, Actor.id == InitiativeActor.actor_id)
        .where(InitiativeActor.initiative_id == initiative_id, InitiativeActor.role == "lead")
    ).first()
    if current is None or current[0].id == except_link_id:
        return None
    current[0].role = "partner"
    # Flushed on its own, before the new lead: the one-lead index checks every statement.
    session.flush()
    return current[1]


def add_actor(
    session: Session,
    initiative_id: int,
    *,
    actor_id: int | None,
    role: str,
    responsibilities: str = "",
    by_user_id: int | None = None,
) -> str | None:
    """Put an actor on an initiative; a new lead makes the previous lead a partner (its name is returned)."""
    require(session, by_user_id, can_manage_initiatives)
    initiative = get_initiative(session, initiative_id)
    if actor_id is None:
        raise InvalidInput("error.required", field="actor")
    actor = get_actor(session, actor_id)
    role = one_of(role, INITIATIVE_ROLES, field="initiative_role")
    responsibilities = clean_text(
        responsibilities,
        field="responsibilities",
        max_len=RESPONSIBILITIES_MAX,
        required=False,
        multiline=True,
    )
    exists = session.scalar(
        select(InitiativeActor.id).where(
            InitiativeActor.initiative_id == initiative.id, InitiativeActor.actor_id == actor.id
        )
    )
    if exists is not None:
        raise Conflict("error.actor_already_on_initiative", name=actor.name)
    demoted = _demote_lead(session, initiative.id) if role == "lead" else None
    session.add(
        InitiativeActor(
            initiative_id=initiative.id, actor_id=actor.id, role=role, responsibilities=responsibilities
        )
    )
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="initiative.add_actor",
        entity="initiative",
        entity_id=initiative.id,
        actor=actor.id,
        role=role,
    )
    return demoted


def update_actor_role(
    session: Session,
    link_id: int,
    *,
    role: str,
    responsibilities: str = "",
    by_user_id: int | None = None,
) -> str | None:
    """Change an actor's role or responsibilities on an initiative; returns a demoted lead's name."""
    require(session, by_user_id, can_manage_initiatives)
    link = _get_link(session, link_id)
    role = one_of(role, INITIATIVE_ROLES, field="initiative_role")
    responsibilities = clean_text(
        responsibilities,
        field="responsibilities",
        max_len=RESPONSIBILITIES_MAX,
        required=False,
        multiline=True,
    )
    demoted = _demote_lead(session, link.initiative_id, except_link_id=link.id) if role == "lead" else None
    link.role = role
    link.responsibilities = responsibilities
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="initiative.update_actor",
        entity="initiative",
        entity_id=link.initiative_id,
        actor=link.actor_id,
        role=role,
    )
    return demoted


def remove_actor(session: Session, link_id: int, *, by_user_id: int | None = None) -> None:
    require(session, by_user_id, can_manage_initiatives)
    link = _get_link(session, link_id)
    audit.record(
        session,
        user_id=by_user_id,
        action="initiative.remove_actor",
        entity="initiative",
        entity_id=link.initiative_id,
        actor=link.actor_id,
    )
    session.delete(link)
    session.flush()


# --- milestones --------------------------------------------------------------------------


def _sync_progress(session: Session, initiative_id: int) -> None:
    initiative = get_initiative(session, initiative_id)
    if initiative.progress_from_milestones:
        initiative.progress = _milestone_progress(session, initiative_id)
        session.flush()


def _get_milestone(session: Session, milestone_id: int) -> Milestone:
    milestone = session.get(Milestone, milestone_id)
    if milestone is None:
        raise NotFound("error.milestone_not_found")
    return milestone


def add_milestone(
    session: Session, initiative_id: int, *, title: str, due_on: date | None, by_user_id: int | None = None
) -> Milestone:
    require(session, by_user_id, can_manage_initiatives)
    get_initiative(session, initiative_id)
    title = clean_text(title, field="milestone", max_len=200)
    if due_on is None:
        raise InvalidInput("error.required", field="due_on")
    milestone = Milestone(initiative_id=initiative_id, title=title, due_on=due_on, done=False)
    session.add(milestone)
    session.flush()
    _sync_progress(session, initiative_id)
    audit.record(
        session, user_id=by_user_id, action="milestone.add", entity="initiative", entity_id=initiative_id
    )
    return milestone


def update_milestone(
    session: Session, milestone_id: int, *, title: str, due_on: date | None, by_user_id: int | None = None
) -> Milestone:
    require(session, by_user_id, can_manage_initiatives)
    milestone = _get_milestone(session, milestone_id)
    title = clean_text(title, field="milestone", max_len=200)
    if due_on is None:
        raise InvalidInput("error.required", field="due_on")
    milestone.title, milestone.due_on = title, due_on
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="milestone.edit",
        entity="initiative",
        entity_id=milestone.initiative_id,
    )
    return milestone


def set_milestone_done(
    session: Session,
    milestone_id: int,
    done: bool,
    *,
    by_user_id: int | None = None,
    today: date | None = None,
) -> Milestone:
    require(session, by_user_id, can_manage_initiatives)
    milestone = _get_milestone(session, milestone_id)
    milestone.done = bool(done)
    milestone.done_on = (today or clock.today()) if done else None
    session.flush()
    _sync_progress(session, milestone.initiative_id)
    audit.record(
        session,
        user_id=by_user_id,
        action="milestone.done" if done else "milestone.reopen",
        entity="initiative",
        entity_id=milestone.initiative_id,
        milestone=milestone.id,
    )
    return milestone


def delete_milestone(session: Session, milestone_id: int, *, by_user_id: int | None = None) -> None:
    require(session, by_user_id, can_manage_initiatives)
    milestone = _get_milestone(session, milestone_id)
    initiative_id = milestone.initiative_id
    session.delete(milestone)
    session.flush()
    _sync_progress(session, initiative_id)
    audit.record(
        session, user_id=by_user_id, action="milestone.delete", entity="initiative", entity_id=initiative_id
    )


# --- timeline and checklist --------------------------------------------------------------


def add_timeline_entry(
    session: Session,
    initiative_id: int,
    *,
    happened_on: date | None,
    kind: str,
    text: str,
    by_user_id: int | None = None,
    today: date | None = None,
) -> TimelineEntry:
    """What happened, or what we learnt; dated, not in the future."""
    require(session, by_user_id, can_manage_initiatives)
    get_initiative(session, initiative_id)
    kind = one_of(kind, USER_TIMELINE_KINDS, field="timeline_kind")
    text = clean_text(text, field="timeline_text", max_len=TIMELINE_TEXT_MAX, multiline=True)
    if happened_on is None:
        raise InvalidInput("error.required", field="happened_on")
    if happened_on > (today or clock.today()):
        raise InvalidInput("error.timeline_in_future")
    entry = TimelineEntry(
        initiative_id=initiative_id, happened_on=happened_on, kind=kind, text=text, author_user_id=by_user_id
    )
    session.add(entry)
    session.flush()
    audit.record(
        session, user_id=by_user_id, action="timeline.add", entity="initiative", entity_id=initiative_id
    )
    return entry


def delete_timeline_entry(session: Session, entry_id: int, *, by_user_id: int | None = None) -> None:
    require(session, by_user_id, can_manage_initiatives)
    entry = session.get(TimelineEntry, entry_id)
    if entry is None:
        raise NotFound("error.timeline_entry_not_found")
    initiative_id = entry.initiative_id
    session.delete(entry)
    session.flush()
    audit.record(
        session, user_id=by_user_id, action="timeline.delete", entity="initiative", entity_id=initiative_id
    )


def set_checklist_item(
    session: Session,
    initiative_id: int,
    item: str,
    *,
    status: str,
    note: str = "",
    by_user_id: int | None = None,
) -> ChecklistItem:
    require(session, by_user_id, can_manage_initiatives)
    get_initiative(session, initiative_id)
    item = one_of(item, CHECKLIST_ITEMS, field="checklist_item")
    status = one_of(status, CHECKLIST_STATUSES, field="checklist_status")
    note = clean_text(
        note, field="checklist_note", max_len=CHECKLIST_NOTE_MAX, required=False, multiline=True
    )
    row = session.scalar(
        select(ChecklistItem).where(ChecklistItem.initiative_id == initiative_id, ChecklistItem.item == item)
    )
    if row is None:
        row = ChecklistItem(initiative_id=initiative_id, item=item)
        session.add(row)
    row.status, row.note = status, note
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="checklist.set",
        entity="initiative",
        entity_id=initiative_id,
        item=item,
        status=status,
    )
    return row
