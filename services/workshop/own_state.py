"""A participant's own state on the board: their ideas and their dots, never shared with
other tablets (the room's snapshot is services/workshop/board.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from db.models import Idea, Participant
from services.workshop.votes import my_dots

# A participant's own state is read for every dot's reply and every tablet's `/me` (once in
# 30 s, and when the phase moves): statements built once, their rows as tuples. Loading the
# participant as an ORM object took a fifth of the interpreter while 1,000 tablets voted.
_WHO = select(Participant.votes_used, Participant.display_name, Participant.stakeholder_group).where(
    Participant.id == bindparam("participant_id")
)
_OWN_IDEAS = select(Idea.id).where(
    Idea.participant_id == bindparam("participant_id"), Idea.status == "active"
)


def personal(session: Session, participant: Participant) -> dict[str, Any]:
    """One participant's own state: their ideas and dots."""
    return _own(
        session,
        participant.id,
        participant.votes_used,
        participant.display_name,
        participant.stakeholder_group,
    )


def personal_of(session: Session, participant_id: int) -> dict[str, Any] | None:
    """`personal` of a participant by id; None if they are gone."""
    who = session.execute(_WHO, {"participant_id": participant_id}).first()
    return None if who is None else _own(session, participant_id, *who)


def _own(
    session: Session, participant_id: int, votes_used: int, name: str | None, group: str
) -> dict[str, Any]:
    return {
        "my_ideas": list(session.scalars(_OWN_IDEAS, {"participant_id": participant_id})),
        "my_dots": {str(idea_id): dots for idea_id, dots in my_dots(session, participant_id).items()},
        "votes_used": votes_used,
        "name": name,
        "group": group,
    }
