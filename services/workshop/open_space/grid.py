"""The facilitator's side of the marketplace: switching it on, the time × room grid, and
placing each session in one cell. Every write checks the role and leaves an audit row."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from db.models import OpenSpace, OpenSpacePick, OpenSpaceRoom, OpenSpaceSession, OpenSpaceSlot
from services.admin import audit
from services.admin.permissions import ByUser, can_run_workshops, require, user_id_of
from services.common.errors import Conflict, LimitReached, NotFound
from services.common.text import clean_text
from services.workshop.open_space.common import (
    CONVENER_MAX,
    MAX_ROOMS,
    MAX_SLOTS,
    ROOM_MAX,
    SLOT_LABEL_MAX,
    TOPIC_MAX,
    open_workshop,
    slot_of,
    topic_session,
    touch,
)


def switch_open_space(session: Session, workshop_id: int, on: bool, *, by_user_id: ByUser) -> None:
    """Show the marketplace on the tablets and projector (on), or take it away (off; nothing is lost)."""
    require(session, by_user_id, can_run_workshops)
    workshop = open_workshop(session, workshop_id)
    space = session.get(OpenSpace, workshop.id)
    if space is None:
        space = OpenSpace(workshop_id=workshop.id, switched_on=False, version=0)
        session.add(space)
        session.flush()
    if space.switched_on == bool(on):
        return
    space.switched_on = bool(on)
    touch(session, workshop.id)
    audit.record(
        session,
        user_id=by_user_id,
        action="open_space.switch",
        entity="workshop",
        entity_id=workshop.id,
        on=bool(on),
    )


def _ready(session: Session, workshop_id: int) -> None:
    """The grid can be laid out before switching on; its row must exist for the version."""
    if session.get(OpenSpace, workshop_id) is None:
        session.add(OpenSpace(workshop_id=workshop_id, switched_on=False, version=0))
        session.flush()


def add_slot(session: Session, workshop_id: int, starts: str, ends: str = "", *, by_user_id: ByUser) -> int:
    """A time slot at the end of the day's grid; its labels are as the room says them."""
    require(session, by_user_id, can_run_workshops)
    workshop = open_workshop(session, workshop_id)
    starts = clean_text(starts, field="open_space.starts", max_len=SLOT_LABEL_MAX)
    ends = clean_text(ends, field="open_space.ends", max_len=SLOT_LABEL_MAX, required=False)
    count = session.scalar(select(func.count()).where(OpenSpaceSlot.workshop_id == workshop.id)) or 0
    if count >= MAX_SLOTS:
        raise LimitReached("open_space.error_too_many_slots", max=MAX_SLOTS)
    _ready(session, workshop.id)
    slot = OpenSpaceSlot(workshop_id=workshop.id, starts=starts, ends=ends, position=count)
    session.add(slot)
    session.flush()
    touch(session, workshop.id)
    audit.record(
        session, user_id=by_user_id, action="open_space.add_slot", entity="open_space_slot", entity_id=slot.id
    )
    return slot.id


def remove_slot(session: Session, slot_id: int, *, by_user_id: ByUser) -> None:
    """Take a slot away; its sessions go back to the unplaced ones, and the picks of it go."""
    require(session, by_user_id, can_run_workshops)
    slot = session.get(OpenSpaceSlot, slot_id)
    if slot is None:
        raise NotFound("open_space.error_slot_not_found")
    open_workshop(session, slot.workshop_id)
    for held in session.scalars(select(OpenSpaceSession).where(OpenSpaceSession.slot_id == slot.id)).all():
        held.slot_id = held.room_id = None
    session.execute(delete(OpenSpacePick).where(OpenSpacePick.slot_id == slot.id))
    workshop_id = slot.workshop_id
    session.delete(slot)
    session.flush()
    touch(session, workshop_id)
    audit.record(
        session,
        user_id=by_user_id,
        action="open_space.remove_slot",
        entity="open_space_slot",
        entity_id=slot_id,
    )


def add_room(session: Session, workshop_id: int, name: str, *, by_user_id: ByUser) -> int:
    require(session, by_user_id, can_run_workshops)
    workshop = open_workshop(session, workshop_id)
    name = clean_text(name, field="open_space.room", max_len=ROOM_MAX)
    count = session.scalar(select(func.count()).where(OpenSpaceRoom.workshop_id == workshop.id)) or 0
    if count >= MAX_ROOMS:
        raise LimitReached("open_space.error_too_many_rooms", max=MAX_ROOMS)
    _ready(session, workshop.id)
    room = OpenSpaceRoom(workshop_id=workshop.id, name=name, position=count)
    session.add(room)
    session.flush()
    touch(session, workshop.id)
    audit.record(
        session, user_id=by_user_id, action="open_space.add_room", entity="open_space_room", entity_id=room.id
    )
    return room.id


def remove_room(session: Session, room_id: int, *, by_user_id: ByUser) -> None:
    """Take a room away; its sessions go back to the unplaced ones, with their picks."""
    require(session, by_user_id, can_run_workshops)
    room = session.get(OpenSpaceRoom, room_id)
    if room is None:
        raise NotFound("open_space.error_room_not_found")
    open_workshop(session, room.workshop_id)
    for held in session.scalars(select(OpenSpaceSession).where(OpenSpaceSession.room_id == room.id)).all():
        session.execute(delete(OpenSpacePick).where(OpenSpacePick.session_id == held.id))
        held.slot_id = held.room_id = None
    workshop_id = room.workshop_id
    session.delete(room)
    session.flush()
    touch(session, workshop_id)
    audit.record(
        session,
        user_id=by_user_id,
        action="open_space.remove_room",
        entity="open_space_room",
        entity_id=room_id,
    )


def propose_session_for(
    session: Session, workshop_id: int, topic: str, convener: str, *, by_user_id: ByUser
) -> int:
    """The facilitator puts up a session (for someone at the wall, or from the paper board)."""
    require(session, by_user_id, can_run_workshops)
    workshop = open_workshop(session, workshop_id)
    topic = clean_text(topic, field="open_space.topic", max_len=TOPIC_MAX)
    convener = clean_text(convener, field="open_space.convener", max_len=CONVENER_MAX)
    _ready(session, workshop.id)
    held = OpenSpaceSession(
        workshop_id=workshop.id, topic=topic, convener=convener, proposed_by_user_id=user_id_of(by_user_id)
    )
    session.add(held)
    session.flush()
    touch(session, workshop.id)
    audit.record(
        session,
        user_id=by_user_id,
        action="open_space.propose_for",
        entity="open_space_session",
        entity_id=held.id,
    )
    return held.id


def place_session(
    session: Session, session_id: int, slot_id: int | None, room_id: int | None, *, by_user_id: ByUser
) -> None:
    """Put a session in a cell of the grid, or take it off the grid (both None).

    One session per cell: a taken cell is refused (the database holds it too). Moving a
    session to another time ends the picks of it: people chose it for the old time.
    """
    require(session, by_user_id, can_run_workshops)
    held = topic_session(session, session_id)
    open_workshop(session, held.workshop_id)
    if (slot_id is None) != (room_id is None):
        raise Conflict("open_space.error_cell_whole")
    if slot_id is not None and room_id is not None:
        slot_of(session, slot_id, held.workshop_id)
        room = session.get(OpenSpaceRoom, room_id)
        if room is None or room.workshop_id != held.workshop_id:
            raise NotFound("open_space.error_room_not_found")
        taken = session.scalar(
            select(OpenSpaceSession.topic).where(
                OpenSpaceSession.slot_id == slot_id,
                OpenSpaceSession.room_id == room_id,
                OpenSpaceSession.id != held.id,
            )
        )
        if taken is not None:
            raise Conflict("open_space.error_cell_taken", topic=taken)
    if (held.slot_id, held.room_id) == (slot_id, room_id):
        return
    if held.slot_id != slot_id:
        session.execute(delete(OpenSpacePick).where(OpenSpacePick.session_id == held.id))
    held.slot_id, held.room_id = slot_id, room_id
    session.flush()
    touch(session, held.workshop_id)
    audit.record(
        session,
        user_id=by_user_id,
        action="open_space.place",
        entity="open_space_session",
        entity_id=held.id,
        slot_id=slot_id,
        room_id=room_id,
    )
