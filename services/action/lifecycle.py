"""An initiative's life: proposed from ideas and/or catalogue entries (or several split from one
idea), its fields and status edited (a status is checked against the dates, and pausing or
stopping needs a reason in the timeline), more ideas and entries linked as origins later, and
deleted when it was made by mistake. All of an initiative's origins belong to one process.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

import clock
from db.models import CatalogueEntry, ChecklistItem, HoursEntry, Idea, Initiative, TimelineEntry, Workshop
from services.action.follow_up import TIMELINE_TEXT_MAX, milestone_progress
from services.action.initiatives import get_initiative
from services.admin import audit
from services.admin.permissions import (
    ByUser,
    can_create_initiatives,
    can_manage_initiatives,
    require,
    user_id_of,
)
from services.common.errors import Conflict, InvalidInput, NotFound
from services.common.text import clean_text, one_of
from services.volunteering import hours_kept
from services.workshop.processes import get_process
from vocabulary import CHECKLIST_ITEMS, INITIATIVE_STATUSES

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
BUDGET_MAX = 1_000_000_000
VOLUNTEERS_MAX = 100_000
SPLIT_MAX = 10
# Statuses that need a reason in the timeline: whoever reads it later should know why.
NEEDS_REASON = ("paused", "stopped")


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
    by_user_id: ByUser,
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
    session: Session, idea_id: int, new_titles: Iterable[str], *, by_user_id: ByUser
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


def check_state(status: str, starts_on: date | None, ends_on: date | None, today: date) -> None:
    """What a status needs from the dates: a running initiative has started, a completed one ended."""
    if starts_on and ends_on and ends_on < starts_on:
        raise InvalidInput("error.dates_order")
    if status in ("in_progress", "completed"):
        if starts_on is None:
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
    by_user_id: ByUser,
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
        "status": (new_status := one_of(status, INITIATIVE_STATUSES, field="status")),
        "progress_from_milestones": bool(progress_from_milestones),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "budget": _whole(budget, field="budget", low=0, high=BUDGET_MAX, required=False),
        "expected_volunteers": _whole(
            expected_volunteers, field="expected_volunteers", low=0, high=VOLUNTEERS_MAX, required=False
        ),
    }
    if progress_from_milestones:
        values["progress"] = milestone_progress(session, initiative.id)
    else:
        values["progress"] = _whole(progress, field="progress", low=0, high=100, required=True)
    note = clean_text(
        status_note, field="status_note", max_len=TIMELINE_TEXT_MAX, required=False, multiline=True
    )
    check_state(new_status, starts_on, ends_on, today)
    changed_status = new_status != initiative.status
    if changed_status and new_status in NEEDS_REASON and not note:
        raise InvalidInput("error.status_needs_reason", status=new_status)
    old_status = initiative.status
    for key, value in values.items():
        setattr(initiative, key, value)
    if changed_status:
        session.add(
            TimelineEntry(
                initiative_id=initiative.id,
                happened_on=today,
                kind="status",
                new_status=new_status,
                text=note,
                author_user_id=user_id_of(by_user_id),
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


def delete_initiative(session: Session, initiative_id: int, *, by_user_id: ByUser) -> None:
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
    # Its hour entries stay, on no initiative (the foreign key): the kept months follow.
    with hours_kept.moving(session, HoursEntry.initiative_id == initiative.id):
        session.delete(initiative)
        session.flush()


def link_origins(
    session: Session,
    initiative_id: int,
    *,
    idea_ids: Iterable[int] = (),
    entry_ids: Iterable[int] = (),
    by_user_id: ByUser,
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


def unlink_idea(session: Session, initiative_id: int, idea_id: int, *, by_user_id: ByUser) -> None:
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
