"""A workshop's phase and what it allows: who may join, what may change, when the dot rules freeze."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEvent, Vote, Workshop
from services.common.errors import WorkshopClosed, WrongPhase
from vocabulary import PHASES


def accepts_participants(phase: str) -> bool:
    """Anyone with the code may join until the workshop is closed (so its join link is worth showing)."""
    return phase != "closed"


def is_running(phase: str) -> bool:
    """The room is at work: past preparing, not yet closed. What a console or projector opens first."""
    return phase not in ("draft", "closed")


def ensure_open(workshop: Workshop) -> None:
    """A closed workshop is read-only: refuse any change but reopening it."""
    if workshop.phase == "closed":
        raise WorkshopClosed("error.workshop_read_only", title=workshop.title)


def ensure_phase(workshop: Workshop, *phases: str) -> None:
    ensure_open(workshop)
    if workshop.phase not in phases:
        raise WrongPhase(f"error.phase_{phases[0]}", phase=workshop.phase)


def phase_when(session: Session, workshop: Workshop, moment: datetime) -> str | None:
    """The phase `workshop` was in at `moment`; None if its history no longer says.

    Each move leaves an audit row with the phase it left (workshops.move_phase), so the
    phase at a moment before the last move is the one the first move after it left.
    """
    if workshop.phase_changed_at <= moment:
        return workshop.phase
    detail = session.scalar(
        select(AuditEvent.detail)
        .where(
            AuditEvent.entity == "workshop",
            AuditEvent.entity_id == workshop.id,
            AuditEvent.action == "workshop.phase",
            AuditEvent.at > moment,
        )
        .order_by(AuditEvent.at, AuditEvent.id)
        .limit(1)
    )
    left = json.loads(detail).get("old") if detail else None
    return left if left in PHASES else None


def is_going_back(current: str, target: str) -> bool:
    return PHASES.index(target) < PHASES.index(current)


def neighbour_phases(phase: str) -> tuple[str | None, str | None]:
    """The phases just before and just after `phase` (None at either end): one step back or on."""
    i = PHASES.index(phase)
    return (PHASES[i - 1] if i > 0 else None, PHASES[i + 1] if i + 1 < len(PHASES) else None)


def dot_rules_frozen(workshop: Workshop, *, dots_cast: bool = False) -> bool:
    """Once voting has begun, the dot budget and the cap per idea stay as the room voted with them.

    That holds after going back from voting too, once anyone has cast a dot (`dots_cast`):
    a lower budget would leave participants over it, with fewer than no dots left.
    """
    return dots_cast or not is_going_back("vote", workshop.phase)


def dots_cast(session: Session, workshop_id: int) -> bool:
    """Whether anyone has spent a dot in the workshop (one index seek)."""
    return session.scalar(select(Vote.id).where(Vote.workshop_id == workshop_id).limit(1)) is not None
