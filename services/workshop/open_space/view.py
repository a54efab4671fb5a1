"""What the marketplace shows: the grid with each session's place and number of picks, a
participant's own picks, the reports. Tablets and the projector poll `version` (one
primary-key read) and rebuild the grid only when it moved (`cached_marketplace`)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    Idea,
    OpenSpace,
    OpenSpaceAttendance,
    OpenSpaceIdea,
    OpenSpacePick,
    OpenSpaceReport,
    OpenSpaceRoom,
    OpenSpaceSession,
    OpenSpaceSlot,
    Workshop,
)


@dataclass(frozen=True)
class Slot:
    id: int
    starts: str
    ends: str

    @property
    def label(self) -> str:
        return f"{self.starts}–{self.ends}" if self.ends else self.starts


@dataclass(frozen=True)
class Room:
    id: int
    name: str


@dataclass(frozen=True)
class TopicSession:
    id: int
    topic: str
    convener: str
    slot_id: int | None
    room_id: int | None
    picks: int
    has_report: bool
    # The participant who proposed it (None when the facilitator set it up): their tablet
    # offers to withdraw it.
    proposed_by: int | None = None


@dataclass(frozen=True)
class Marketplace:
    workshop_id: int
    switched_on: bool
    version: int
    slots: tuple[Slot, ...] = ()
    rooms: tuple[Room, ...] = ()
    sessions: tuple[TopicSession, ...] = ()

    def cell(self, slot_id: int, room_id: int) -> TopicSession | None:
        return next((s for s in self.sessions if (s.slot_id, s.room_id) == (slot_id, room_id)), None)

    def in_slot(self, slot_id: int) -> list[TopicSession]:
        rooms = [r.id for r in self.rooms]
        placed = [s for s in self.sessions if s.slot_id == slot_id]
        return sorted(placed, key=lambda s: rooms.index(s.room_id) if s.room_id in rooms else len(rooms))

    @property
    def unplaced(self) -> list[TopicSession]:
        return [s for s in self.sessions if s.slot_id is None]

    def room_name(self, room_id: int | None) -> str:
        return next((r.name for r in self.rooms if r.id == room_id), "")

    def slot_label(self, slot_id: int | None) -> str:
        return next((s.label for s in self.slots if s.id == slot_id), "")


def version(session: Session, workshop_id: int) -> tuple[bool, int]:
    """(switched on, version) in one primary-key read: what a poll asks before anything else."""
    row = session.execute(
        select(OpenSpace.switched_on, OpenSpace.version).where(OpenSpace.workshop_id == workshop_id)
    ).first()
    return (False, 0) if row is None else (bool(row[0]), int(row[1]))


def marketplace(session: Session, workshop_id: int) -> Marketplace:
    """The whole grid of a workshop, as plain data."""
    on, at = version(session, workshop_id)
    slots = tuple(
        Slot(s.id, s.starts, s.ends)
        for s in session.scalars(
            select(OpenSpaceSlot)
            .where(OpenSpaceSlot.workshop_id == workshop_id)
            .order_by(OpenSpaceSlot.position, OpenSpaceSlot.id)
        )
    )
    rooms = tuple(
        Room(r.id, r.name)
        for r in session.scalars(
            select(OpenSpaceRoom)
            .where(OpenSpaceRoom.workshop_id == workshop_id)
            .order_by(OpenSpaceRoom.position, OpenSpaceRoom.id)
        )
    )
    picks = dict(
        session.execute(
            select(OpenSpacePick.session_id, func.count())
            .join(OpenSpaceSession, OpenSpaceSession.id == OpenSpacePick.session_id)
            .where(OpenSpaceSession.workshop_id == workshop_id)
            .group_by(OpenSpacePick.session_id)
        ).all()
    )
    reported = set(
        session.scalars(
            select(OpenSpaceReport.session_id)
            .join(OpenSpaceSession, OpenSpaceSession.id == OpenSpaceReport.session_id)
            .where(OpenSpaceSession.workshop_id == workshop_id)
        )
    )
    sessions = tuple(
        TopicSession(
            s.id,
            s.topic,
            s.convener,
            s.slot_id,
            s.room_id,
            int(picks.get(s.id, 0)),
            s.id in reported,
            s.proposed_by_participant_id,
        )
        for s in session.scalars(
            select(OpenSpaceSession)
            .where(OpenSpaceSession.workshop_id == workshop_id)
            .order_by(OpenSpaceSession.id)
        )
    )
    return Marketplace(workshop_id, on, at, slots, rooms, sessions)


class _GridCache:
    """Grids by (database, workshop, version): a room of tablets polling builds each one once."""

    def __init__(self, size: int = 32) -> None:
        self._entries: OrderedDict[tuple, Marketplace] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def get(self, session: Session, workshop_id: int) -> Marketplace:
        on, at = version(session, workshop_id)
        key = (str(session.get_bind().engine.url), workshop_id, on, at)
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        built = marketplace(session, workshop_id)
        with self._lock:
            # What was built may be newer than the version read first; file it under its own.
            self._entries[(key[0], workshop_id, built.switched_on, built.version)] = built
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return built

    def clear(self) -> None:
        """Forget every grid: after a database's ids were restarted (a restore, a test)."""
        with self._lock:
            self._entries.clear()


_CACHE = _GridCache()


def cached_marketplace(session: Session, workshop_id: int) -> Marketplace:
    return _CACHE.get(session, workshop_id)


def my_picks(session: Session, participant_id: int) -> dict[int, int]:
    """A participant's picks: slot id -> session id."""
    return dict(
        session.execute(
            select(OpenSpacePick.slot_id, OpenSpacePick.session_id).where(
                OpenSpacePick.participant_id == participant_id
            )
        ).all()
    )


def proposed_by(session: Session, participant_id: int) -> list[int]:
    return list(
        session.scalars(
            select(OpenSpaceSession.id).where(OpenSpaceSession.proposed_by_participant_id == participant_id)
        )
    )


@dataclass(frozen=True)
class Report:
    """One session's report, as the console, the process page and the proceedings show it."""

    session_id: int
    workshop_title: str
    topic: str
    convener: str
    slot: str
    room: str
    notes: str
    next_steps: str
    attendance: dict[str, int] = field(default_factory=dict)
    ideas: tuple[str, ...] = ()

    @property
    def people(self) -> int:
        return sum(self.attendance.values())


def reports(
    session: Session, *, workshop_id: int | None = None, process_id: int | None = None
) -> list[Report]:
    """The reports of a workshop, or of every workshop of a process, in the grid's order."""
    query = (
        select(OpenSpaceSession, OpenSpaceReport, Workshop.title, OpenSpaceSlot, OpenSpaceRoom)
        .join(OpenSpaceReport, OpenSpaceReport.session_id == OpenSpaceSession.id)
        .join(Workshop, Workshop.id == OpenSpaceSession.workshop_id)
        .outerjoin(OpenSpaceSlot, OpenSpaceSlot.id == OpenSpaceSession.slot_id)
        .outerjoin(OpenSpaceRoom, OpenSpaceRoom.id == OpenSpaceSession.room_id)
        .order_by(
            Workshop.starts_at,
            Workshop.id,
            OpenSpaceSlot.position,
            OpenSpaceRoom.position,
            OpenSpaceSession.id,
        )
    )
    if workshop_id is not None:
        query = query.where(OpenSpaceSession.workshop_id == workshop_id)
    if process_id is not None:
        query = query.where(Workshop.process_id == process_id)
    rows = session.execute(query).all()
    ids = [row[0].id for row in rows]
    attendance: dict[int, dict[str, int]] = {}
    for sid, group, people in session.execute(
        select(
            OpenSpaceAttendance.session_id, OpenSpaceAttendance.stakeholder_group, OpenSpaceAttendance.people
        ).where(OpenSpaceAttendance.session_id.in_(ids))
    ):
        attendance.setdefault(sid, {})[group] = people
    ideas: dict[int, list[str]] = {}
    for sid, title in session.execute(
        select(OpenSpaceIdea.session_id, Idea.title)
        .join(Idea, Idea.id == OpenSpaceIdea.idea_id)
        .where(OpenSpaceIdea.session_id.in_(ids), Idea.status == "active", Idea.hidden.is_(False))
        .order_by(Idea.id)
    ):
        ideas.setdefault(sid, []).append(title)
    return [
        Report(
            session_id=held.id,
            workshop_title=title,
            topic=held.topic,
            convener=held.convener,
            slot=Slot(slot.id, slot.starts, slot.ends).label if slot else "",
            room=room.name if room else "",
            notes=report.notes,
            next_steps=report.next_steps,
            attendance=attendance.get(held.id, {}),
            ideas=tuple(ideas.get(held.id, [])),
        )
        for held, report, title, slot, room in rows
    ]


def origins_in_workshop(session: Session, workshop_id: int) -> dict[int, str]:
    """For the ideas of a workshop that came from a session's report: idea id -> the
    session's topic. One join, not a list of a whole board's ids to bind (a board of 1,400
    ideas spent more compiling that list than running the query)."""
    return dict(
        session.execute(
            select(OpenSpaceIdea.idea_id, OpenSpaceSession.topic)
            .join(OpenSpaceSession, OpenSpaceSession.id == OpenSpaceIdea.session_id)
            .join(Idea, Idea.id == OpenSpaceIdea.idea_id)
            .where(Idea.workshop_id == workshop_id)
        ).all()
    )


def report_of(session: Session, session_id: int) -> Report | None:
    """One session's report (for editing it), or None before anyone wrote it."""
    held = session.get(OpenSpaceSession, session_id)
    if held is None:
        return None
    return next(
        (r for r in reports(session, workshop_id=held.workshop_id) if r.session_id == session_id), None
    )
