"""Co-creation processes: creating, editing, phases and archive; listing and the overview's figures.

A process runs through the phases the sources describe (vocabulary.PROCESS_PHASES):
knowledge and framing, idea workshops, concretising, the inspiration catalogue,
initiatives, evaluation. Its facilitator moves it on (or back) by hand: workshops and
initiatives do not move a process by themselves, as a process often runs two phases at
once and the facilitator knows which one is the point now.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import clock
from db.models import Idea, Initiative, Participant, Process, ProcessTargetGroup, Vote, Workshop
from services.admin import audit, permissions
from services.admin.permissions import ByUser
from services.common.errors import Conflict, InvalidInput, NotFound
from services.common.text import clean_text, one_of
from vocabulary import PROCESS_PHASES, STAKEHOLDER_GROUPS

TITLE_MAX = 200
PURPOSE_MAX = 5000


def _fields(
    title: str,
    description: str,
    starts_on: date | None,
    ends_on: date | None,
    target_groups: list[str] | tuple[str, ...],
) -> tuple[str, str, list[str]]:
    title = clean_text(title, field="title", max_len=TITLE_MAX)
    description = clean_text(
        description, field="purpose", max_len=PURPOSE_MAX, required=False, multiline=True
    )
    if starts_on and ends_on and ends_on < starts_on:
        raise InvalidInput("error.dates_order")
    groups = [
        g
        for g in STAKEHOLDER_GROUPS
        if g in {one_of(g, STAKEHOLDER_GROUPS, field="stakeholder_group") for g in target_groups}
    ]
    return title, description, groups


def create_process(
    session: Session,
    *,
    title: str,
    description: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    target_groups: list[str] | tuple[str, ...] = (),
    phase: str = PROCESS_PHASES[0],
    by_user_id: ByUser,
) -> Process:
    """A new process; `description` is its purpose, shown to staff and in the catalogue."""
    permissions.require(session, by_user_id, permissions.can_manage_processes)
    title, description, groups = _fields(title, description, starts_on, ends_on, target_groups)
    process = Process(
        title=title,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        phase=one_of(phase, PROCESS_PHASES, field="process_phase"),
        public_slug=secrets.token_urlsafe(12),
        target_groups=[ProcessTargetGroup(stakeholder_group=g) for g in groups],
    )
    session.add(process)
    session.flush()
    audit.record(session, user_id=by_user_id, action="process.create", entity="process", entity_id=process.id)
    return process


def update_process(
    session: Session,
    process_id: int,
    *,
    title: str,
    description: str,
    starts_on: date | None,
    ends_on: date | None,
    target_groups: list[str] | tuple[str, ...],
    by_user_id: ByUser,
) -> Process:
    """Change a process's title, purpose, period and target groups; audited with what changed."""
    permissions.require(session, by_user_id, permissions.can_manage_processes)
    process = get_process(session, process_id)
    title, description, groups = _fields(title, description, starts_on, ends_on, target_groups)
    before = {
        "title": process.title,
        "starts_on": process.starts_on,
        "ends_on": process.ends_on,
        "target_groups": sorted(t.stakeholder_group for t in process.target_groups),
        "purpose_changed": False,
    }
    after = {
        "title": title,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "target_groups": sorted(groups),
        "purpose_changed": description != process.description,
    }
    changed = {k: after[k] for k in after if after[k] != before[k]}
    if not changed:
        return process
    process.title, process.description = title, description
    process.starts_on, process.ends_on = starts_on, ends_on
    if sorted(groups) != before["target_groups"]:
        process.target_groups = [ProcessTargetGroup(stakeholder_group=g) for g in groups]
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="process.update",
        entity="process",
        entity_id=process.id,
        **changed,
    )
    return process


def set_phase(session: Session, process_id: int, phase: str, *, by_user_id: ByUser) -> Process:
    """Move the process to `phase` (forward or back); an archived process stays where it ended."""
    permissions.require(session, by_user_id, permissions.can_manage_processes)
    phase = one_of(phase, PROCESS_PHASES, field="process_phase")
    process = get_process(session, process_id)
    if process.archived_at is not None:
        raise Conflict("error.process_archived")
    if phase == process.phase:
        return process
    old, process.phase = process.phase, phase
    audit.record(
        session,
        user_id=by_user_id,
        action="process.phase",
        entity="process",
        entity_id=process.id,
        old=old,
        new=phase,
    )
    return process


def set_archived(session: Session, process_id: int, archived: bool, *, by_user_id: ByUser) -> Process:
    """Archive a process (off the overview and the pickers of new work; data kept) or restore it."""
    permissions.require(session, by_user_id, permissions.can_manage_processes)
    process = get_process(session, process_id)
    if (process.archived_at is not None) == archived:
        return process
    process.archived_at = clock.utcnow() if archived else None
    audit.record(
        session,
        user_id=by_user_id,
        action="process.archive" if archived else "process.restore",
        entity="process",
        entity_id=process.id,
    )
    return process


def get_process(session: Session, process_id: int) -> Process:
    process = session.get(Process, process_id)
    if process is None:
        raise NotFound("error.process_not_found")
    return process


def list_processes(session: Session, *, include_archived: bool = True) -> list[Process]:
    query = select(Process).order_by(Process.starts_on.desc().nulls_last(), Process.id.desc())
    if not include_archived:
        query = query.where(Process.archived_at.is_(None))
    return list(session.scalars(query))


@dataclass(frozen=True)
class ProcessFigures:
    process_id: int
    title: str
    starts_on: date | None
    ends_on: date | None
    phase: str
    workshops: int
    participants: int
    ideas: int
    dots: int
    initiatives: int


def overview(session: Session) -> list[ProcessFigures]:
    """Per process not archived: workshops, participants, visible ideas, dots cast, initiatives."""

    workshops = select(func.count(Workshop.id)).where(Workshop.process_id == Process.id).scalar_subquery()
    participants = (
        select(func.count(Participant.id))
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .where(Workshop.process_id == Process.id)
        .scalar_subquery()
    )
    ideas = (
        select(func.count(Idea.id))
        .join(Workshop, Workshop.id == Idea.workshop_id)
        .where(
            Workshop.process_id == Process.id,
            Idea.status == "active",
            Idea.hidden.is_(False),
            Idea.merged_into_id.is_(None),
        )
        .scalar_subquery()
    )
    # Dots on hidden or withdrawn ideas never count; dots on merged ideas count for the survivor.
    # The idea's workshop is named too (a vote is always in its idea's workshop): without it,
    # SQLite walked every active idea for each workshop of the process (10 s on 1 M votes).
    dots = (
        select(func.coalesce(func.sum(Vote.dots), 0))
        .join(Idea, (Idea.id == Vote.idea_id) & (Idea.workshop_id == Vote.workshop_id))
        .join(Workshop, Workshop.id == Vote.workshop_id)
        .where(Workshop.process_id == Process.id, Idea.status == "active", Idea.hidden.is_(False))
        .scalar_subquery()
    )
    initiatives = (
        select(func.count(Initiative.id)).where(Initiative.process_id == Process.id).scalar_subquery()
    )
    query = (
        select(Process, workshops, participants, ideas, dots, initiatives)
        .where(Process.archived_at.is_(None))
        .order_by(Process.starts_on.desc().nulls_last(), Process.id.desc())
    )
    return [
        ProcessFigures(p.id, p.title, p.starts_on, p.ends_on, p.phase, w, pa, i, d, n)
        for p, w, pa, i, d, n in session.execute(query)
    ]
