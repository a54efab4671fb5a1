"""Co-creation processes: creation, listing and the headline figures of the overview page."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Idea, Initiative, Participant, Process, ProcessTargetGroup, Vote, Workshop
from services.admin import audit
from services.admin.permissions import ByUser, can_run_workshops, require
from services.common.errors import InvalidInput, NotFound
from services.common.text import clean_text, one_of
from vocabulary import STAKEHOLDER_GROUPS


def create_process(
    session: Session,
    *,
    title: str,
    description: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    target_groups: list[str] | tuple[str, ...] = (),
    by_user_id: ByUser,
) -> Process:
    require(session, by_user_id, can_run_workshops)
    title = clean_text(title, field="title", max_len=200)
    description = clean_text(description, field="description", max_len=5000, required=False, multiline=True)
    if starts_on and ends_on and ends_on < starts_on:
        raise InvalidInput("error.dates_order")
    groups = sorted({one_of(g, STAKEHOLDER_GROUPS, field="stakeholder_group") for g in target_groups})
    process = Process(
        title=title,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        public_slug=secrets.token_urlsafe(12),
        target_groups=[ProcessTargetGroup(stakeholder_group=g) for g in groups],
    )
    session.add(process)
    session.flush()
    audit.record(session, user_id=by_user_id, action="process.create", entity="process", entity_id=process.id)
    return process


def get_process(session: Session, process_id: int) -> Process:
    process = session.get(Process, process_id)
    if process is None:
        raise NotFound("error.process_not_found")
    return process


def list_processes(session: Session) -> list[Process]:
    return list(
        session.scalars(select(Process).order_by(Process.starts_on.desc().nulls_last(), Process.id.desc()))
    )


@dataclass(frozen=True)
class ProcessFigures:
    process_id: int
    title: str
    starts_on: date | None
    ends_on: date | None
    workshops: int
    participants: int
    ideas: int
    dots: int
    initiatives: int


def overview(session: Session) -> list[ProcessFigures]:
    """Per process: workshops, participants, visible ideas, dots cast, initiatives."""

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
    query = select(Process, workshops, participants, ideas, dots, initiatives).order_by(
        Process.starts_on.desc().nulls_last(), Process.id.desc()
    )
    return [
        ProcessFigures(p.id, p.title, p.starts_on, p.ends_on, w, pa, i, d, n)
        for p, w, pa, i, d, n in session.execute(query)
    ]
