"""What the Open Space modules share: finding its rows and moving its version."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from db.models import OpenSpace, OpenSpaceSession, OpenSpaceSlot, Workshop
from services.common.errors import Conflict, NotFound
from services.workshop.phases import ensure_open
from services.workshop.workshops import get_workshop

TOPIC_MAX = 200
CONVENER_MAX = 80
SLOT_LABEL_MAX = 20
ROOM_MAX = 80
NOTES_MAX = 4000
NEXT_STEPS_MAX = 2000
IDEAS_MAX = 10
MAX_SLOTS = 12
MAX_ROOMS = 20


def space_of(session: Session, workshop_id: int) -> OpenSpace | None:
    return session.get(OpenSpace, workshop_id)


def is_switched_on(session: Session, workshop_id: int) -> bool:
    space = session.get(OpenSpace, workshop_id)
    return space is not None and space.switched_on


def open_workshop(session: Session, workshop_id: int) -> Workshop:
    """The workshop, refusing a closed one (its marketplace is read-only then)."""
    workshop = get_workshop(session, workshop_id)
    ensure_open(workshop)
    return workshop


def running_space(session: Session, workshop_id: int) -> Workshop:
    """For participants' writes: the workshop is open and its marketplace switched on."""
    workshop = open_workshop(session, workshop_id)
    if not is_switched_on(session, workshop_id):
        raise Conflict("open_space.error_off")
    return workshop


def touch(session: Session, workshop_id: int) -> int:
    """Move the marketplace's version, so tablets and the projector re-read it (one UPDATE)."""
    return session.execute(
        update(OpenSpace)
        .where(OpenSpace.workshop_id == workshop_id)
        .values(version=OpenSpace.version + 1)
        .returning(OpenSpace.version)
        .execution_options(synchronize_session="fetch")
    ).scalar_one()


def topic_session(session: Session, session_id: int, workshop_id: int | None = None) -> OpenSpaceSession:
    found = session.get(OpenSpaceSession, session_id)
    if found is None or (workshop_id is not None and found.workshop_id != workshop_id):
        raise NotFound("open_space.error_session_not_found")
    return found


def slot_of(session: Session, slot_id: int, workshop_id: int) -> OpenSpaceSlot:
    slot = session.get(OpenSpaceSlot, slot_id)
    if slot is None or slot.workshop_id != workshop_id:
        raise NotFound("open_space.error_slot_not_found")
    return slot
