"""Following an initiative up: its milestones (done or not, and the progress they make when the
initiative takes its progress from them), its timeline of events and reflections, and its ethics
and law checklist.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import clock
from db.models import ChecklistItem, Milestone, TimelineEntry
from services.action.initiatives import get_initiative
from services.admin import audit
from services.admin.permissions import ByUser, can_manage_initiatives, require, user_id_of
from services.common.errors import InvalidInput, NotFound
from services.common.text import clean_text, one_of
from vocabulary import CHECKLIST_ITEMS, CHECKLIST_STATUSES

TIMELINE_TEXT_MAX = 5000
CHECKLIST_NOTE_MAX = 1000
USER_TIMELINE_KINDS = ("event", "reflection")


# --- milestones --------------------------------------------------------------------------


def milestone_progress(session: Session, initiative_id: int) -> int:
    """The share of milestones done, in percent (0 without milestones)."""
    total, done = session.execute(
        select(func.count(Milestone.id), func.count(Milestone.id).filter(Milestone.done.is_(True))).where(
            Milestone.initiative_id == initiative_id
        )
    ).one()
    return round(100 * done / total) if total else 0


def _sync_progress(session: Session, initiative_id: int) -> None:
    initiative = get_initiative(session, initiative_id)
    if initiative.progress_from_milestones:
        initiative.progress = milestone_progress(session, initiative_id)
        session.flush()


def _get_milestone(session: Session, milestone_id: int) -> Milestone:
    milestone = session.get(Milestone, milestone_id)
    if milestone is None:
        raise NotFound("error.milestone_not_found")
    return milestone


def add_milestone(
    session: Session, initiative_id: int, *, title: str, due_on: date | None, by_user_id: ByUser
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
    session: Session, milestone_id: int, *, title: str, due_on: date | None, by_user_id: ByUser
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
    by_user_id: ByUser,
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


def delete_milestone(session: Session, milestone_id: int, *, by_user_id: ByUser) -> None:
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
    by_user_id: ByUser,
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
        initiative_id=initiative_id,
        happened_on=happened_on,
        kind=kind,
        text=text,
        author_user_id=user_id_of(by_user_id),
    )
    session.add(entry)
    session.flush()
    audit.record(
        session, user_id=by_user_id, action="timeline.add", entity="initiative", entity_id=initiative_id
    )
    return entry


def delete_timeline_entry(session: Session, entry_id: int, *, by_user_id: ByUser) -> None:
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
    by_user_id: ByUser,
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
