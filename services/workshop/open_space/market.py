"""The participants' side of the marketplace, authorised by their token: proposing a
session, and picking where to go in each slot (changed at will: the law of two feet)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from db.models import OpenSpacePick, OpenSpaceSession, Participant
from services.common.errors import Conflict, InvalidInput
from services.common.text import clean_text
from services.workshop.open_space.common import (
    CONVENER_MAX,
    TOPIC_MAX,
    running_space,
    slot_of,
    topic_session,
    touch,
)


def propose_session(
    session: Session, participant: Participant, topic: str, convener: str | None = None
) -> int:
    """A participant's session; they convene it themselves (None) or name the person who will."""
    workshop = running_space(session, participant.workshop_id)
    topic = clean_text(topic, field="open_space.topic", max_len=TOPIC_MAX)
    if convener is None or not convener.strip():
        if not participant.display_name:
            # Someone who joined without a name is asked for one: a session needs a face.
            raise InvalidInput("error.required", field="open_space.convener")
        convener = participant.display_name
    convener = clean_text(convener, field="open_space.convener", max_len=CONVENER_MAX)
    held = OpenSpaceSession(
        workshop_id=workshop.id, topic=topic, convener=convener, proposed_by_participant_id=participant.id
    )
    session.add(held)
    session.flush()
    touch(session, workshop.id)
    return held.id


def pick_session(session: Session, participant: Participant, session_id: int) -> None:
    """Go to `session_id` in its slot; a pick made before in that slot is replaced."""
    workshop = running_space(session, participant.workshop_id)
    held = topic_session(session, session_id, workshop.id)
    if held.slot_id is None:
        raise Conflict("open_space.error_not_placed")
    pick = session.get(OpenSpacePick, (participant.id, held.slot_id))
    if pick is not None and pick.session_id == held.id:
        return
    if pick is None:
        session.add(OpenSpacePick(participant_id=participant.id, slot_id=held.slot_id, session_id=held.id))
    else:
        pick.session_id = held.id
    session.flush()
    touch(session, workshop.id)


def drop_pick(session: Session, participant: Participant, slot_id: int) -> None:
    """Go nowhere in particular in this slot (a bumblebee, in Open Space's words)."""
    workshop = running_space(session, participant.workshop_id)
    slot_of(session, slot_id, workshop.id)
    pick = session.get(OpenSpacePick, (participant.id, slot_id))
    if pick is not None:
        session.delete(pick)
        session.flush()
        touch(session, workshop.id)
