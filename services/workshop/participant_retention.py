"""Retention: participants' personal details are erased a set time after their workshop closes.

Run by `python -m manage retention` (for the operator's scheduler) and once when a server
starts, with `SAMSKAB_PARTICIPANT_RETENTION_DAYS`. A workshop's close is the time it last
moved to the phase *closed* (`phase_changed_at`): reopening it stops the count, closing it
again starts it anew. A workshop nobody closes keeps its participants' details; the run
counts those so an operator can see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import clock
import logs
from db.models import Participant, Workshop
from services.admin import audit
from services.workshop.participant_privacy import clear_personal_data, has_personal_data
from services.workshop.workshops import touch_board


@dataclass(frozen=True)
class RetentionRun:
    workshops: int  # workshops whose participants were anonymised in this run
    participants: int  # participants who still had personal details and now have none
    not_closed: int  # workshops that began more than the retention ago and are still not closed


def anonymise_expired(session: Session, *, days: int, now: datetime | None = None) -> RetentionRun:
    """Erase the personal details of participants of workshops closed at least `days` ago.

    The system does this, not a user, so no role is checked; each workshop it clears gets an
    audit row (user: none) saying how many participants and under which retention. Running
    it again finds nothing more to do.
    """
    now = now or clock.utcnow()
    cutoff = now - timedelta(days=days)
    due = session.scalars(
        select(Workshop.id)
        .where(
            Workshop.phase == "closed",
            Workshop.phase_changed_at <= cutoff,
            select(Participant.id)
            .where(Participant.workshop_id == Workshop.id, has_personal_data())
            .exists(),
        )
        .order_by(Workshop.id)
    ).all()
    total = 0
    for workshop_id in due:
        count = clear_personal_data(session, Participant.workshop_id == workshop_id)
        total += count
        touch_board(session, workshop_id)
        audit.record(
            session,
            user_id=None,
            action="participants.retention",
            entity="workshop",
            entity_id=workshop_id,
            participants=count,
            days=days,
        )
    not_closed = session.scalar(
        select(func.count()).where(
            Workshop.phase != "closed", func.coalesce(Workshop.starts_at, Workshop.created_at) <= cutoff
        )
    )
    run = RetentionRun(workshops=len(due), participants=total, not_closed=int(not_closed or 0))
    logs.event(
        "participants.retention",
        days=days,
        workshops=run.workshops,
        participants=run.participants,
        not_closed=run.not_closed,
    )
    return run
