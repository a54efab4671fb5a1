"""The facilitator's side of the marketplace: switching it on, the time × room grid, and
placing each session in one cell. Every write checks the role and leaves an audit row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

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
from services.workshop.workshops import touch_board


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
    # The tablets' pages show or hide the marketplace when the board's push tells them
    # (services.workshop.board.page_facts).
    touch_board(session, workshop.id)
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


@dataclass(frozen=True)
class _Line:
    """What differs between the grid's time slots and its rooms: adding and removing either is alike."""

    model: type[OpenSpaceSlot] | type[OpenSpaceRoom]
    limit: int
    too_many: str
    not_found: str
    entity: str
    add_action: str
    remove_action: str


_SLOTS = _Line(
    OpenSpaceSlot,
    MAX_SLOTS,
    "open_space.error_too_many_slots",
    "open_space.error_slot_not_found",
    "open_space_slot",
    "open_space.add_slot",
    "open_space.remove_slot",
)
_ROOMS = _Line(
    OpenSpaceRoom,
    MAX_ROOMS,
    "open_space.error_too_many_rooms",
    "open_space.error_room_not_found",
    "open_space_room",
    "open_space.add_room",
    "open_space.remove_room",
)


def add_slot(session: Session, workshop_id: int, starts: str, ends: str = "", *, by_user_id: ByUser) -> int:
    """A time slot at the end of the day's grid; its labels are as the room says them."""
    require(session, by_user_id, can_run_workshops)
    workshop = open_workshop(session, workshop_id)
    starts = clean_text(starts, field="open_space.starts", max_len=SLOT_LABEL_MAX)
    ends = clean_text(ends, field="open_space.ends", max_len=SLOT_LABEL_MAX, required=False)
    return _add(session, _SLOTS, workshop.id, by_user_id, starts=starts, ends=ends)


def remove_slot(session: Session, slot_id: int, *, by_user_id: ByUser) -> None:
    """Take a slot away; its sessions go back to the unplaced ones, and the picks of it go."""

    def unplace(slot_id: int) -> None:
        for held in session.scalars(
            select(OpenSpaceSession).where(OpenSpaceSession.slot_id == slot_id)
        ).all():
            held.slot_id = held.room_id = None
        session.execute(delete(OpenSpacePick).where(OpenSpacePick.slot_id == slot_id))

    _remove(session, _SLOTS, slot_id, unplace, by_user_id)


def add_room(session: Session, workshop_id: int, name: str, *, by_user_id: ByUser) -> int:
    require(session, by_user_id, can_run_workshops)
    workshop = open_workshop(session, workshop_id)
    name = clean_text(name, field="open_space.room", max_len=ROOM_MAX)
    return _add(session, _ROOMS, workshop.id, by_user_id, name=name)


def remove_room(session: Session, room_id: int, *, by_user_id: ByUser) -> None:
    """Take a room away; its sessions go back to the unplaced ones, with their picks."""

    def unplace(room_id: int) -> None:
        for held in session.scalars(
            select(OpenSpaceSession).where(OpenSpaceSession.room_id == room_id)
        ).all():
            session.execute(delete(OpenSpacePick).where(OpenSpacePick.session_id == held.id))
            held.slot_id = held.room_id = None

    _remove(session, _ROOMS, room_id, unplace, by_user_id)


def _add(session: Session, line: _Line, workshop_id: int, by_user_id: ByUser, **fields: str) -> int:
    """A slot or room at the end of its line of the grid (after the caller checked role and text)."""
    count = session.scalar(select(func.count()).where(line.model.workshop_id == workshop_id)) or 0
    if count >= line.limit:
        raise LimitReached(line.too_many, max=line.limit)
    _ready(session, workshop_id)
    row = line.model(workshop_id=workshop_id, position=count, **fields)
    session.add(row)
    session.flush()
    touch(session, workshop_id)
    audit.record(session, user_id=by_user_id, action=line.add_action, entity=line.entity, entity_id=row.id)
    return row.id


def _remove(
    session: Session, line: _Line, row_id: int, unplace: Callable[[int], None], by_user_id: ByUser
) -> None:
    """Take a slot or room away after `unplace` has taken its sessions (and picks) off it."""
    require(session, by_user_id, can_run_workshops)
    # session.get of a union of models is typed as their base class.
    row = cast("OpenSpaceSlot | OpenSpaceRoom | None", session.get(line.model, row_id))
    if row is None:
        raise NotFound(line.not_found)
    open_workshop(session, row.workshop_id)
    unplace(row.id)
    workshop_id = row.workshop_id
    session.delete(row)
    session.flush()
    touch(session, workshop_id)
    audit.record(session, user_id=by_user_id, action=line.remove_action, entity=line.entity, entity_id=row_id)


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
