"""Taking a session off the marketplace: its proposer withdraws it on their tablet, or the
facilitator removes it from the console.

A session with a report stays: the report is part of the proceedings and its ideas are on
the board with their lineage. A participant may withdraw only while no one else has
chosen the session; once others plan to go there, pulling it from under them is the
facilitator's call (they can tell the room), so the proposer is asked to talk to them.
The facilitator may remove a chosen session; the picks of it go with it.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from db.models import OpenSpacePick, OpenSpaceReport, OpenSpaceSession, Participant
from services.admin import audit
from services.admin.permissions import ByUser, can_run_workshops, require
from services.common.errors import Conflict, NotAllowed
from services.workshop.open_space.common import open_workshop, running_space, topic_session, touch


def others_going(session: Session, session_id: int, participant_id: int | None = None) -> int:
    """How many have chosen the session, not counting `participant_id` (its proposer)."""
    query = select(func.count()).where(OpenSpacePick.session_id == session_id)
    if participant_id is not None:
        query = query.where(OpenSpacePick.participant_id != participant_id)
    return session.scalar(query) or 0


def _take_off(session: Session, held: OpenSpaceSession) -> int:
    """Delete the session and the picks of it; the number of picks that went."""
    if session.get(OpenSpaceReport, held.id) is not None:
        raise Conflict("open_space.error_withdraw_reported", topic=held.topic)
    dropped = others_going(session, held.id)
    session.execute(delete(OpenSpacePick).where(OpenSpacePick.session_id == held.id))
    workshop_id = held.workshop_id
    session.delete(held)
    session.flush()
    touch(session, workshop_id)
    return dropped


def withdraw_session(session: Session, participant: Participant, session_id: int) -> None:
    """The proposer takes their session back (their own pick of it goes with it)."""
    workshop = running_space(session, participant.workshop_id)
    held = topic_session(session, session_id, workshop.id)
    if held.proposed_by_participant_id != participant.id:
        raise NotAllowed("open_space.error_not_yours")
    if others_going(session, held.id, participant.id):
        raise Conflict("open_space.error_withdraw_chosen", topic=held.topic)
    _take_off(session, held)


def remove_session(session: Session, session_id: int, *, by_user_id: ByUser) -> None:
    """The facilitator takes a session off the marketplace, with the picks of it."""
    require(session, by_user_id, can_run_workshops)
    held = topic_session(session, session_id)
    open_workshop(session, held.workshop_id)
    topic, workshop_id = held.topic, held.workshop_id
    dropped = _take_off(session, held)
    audit.record(
        session,
        user_id=by_user_id,
        action="open_space.remove_session",
        entity="open_space_session",
        entity_id=session_id,
        workshop_id=workshop_id,
        topic=topic,
        picks_dropped=dropped,
    )
