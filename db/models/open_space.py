"""Open Space in a workshop: proposed sessions, the marketplace of time slots and rooms,
participants' picks (the law of two feet) and the report of each session.

Part of the workshop context; its own module so the marketplace's tables read together.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from clock import utcnow
from db.models.base import Base, check_in
from vocabulary import STAKEHOLDER_GROUPS


class OpenSpace(Base):
    """A workshop's marketplace: whether it is on, and the version tablets and projector poll."""

    __tablename__ = "open_space"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    switched_on: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    # Bumped by every change of the marketplace, in its transaction (services.workshop.open_space).
    version: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))


class OpenSpaceSlot(Base):
    """A time slot of the marketplace: labels as the room says them ("10.00", "10.45")."""

    __tablename__ = "open_space_slot"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    starts: Mapped[str] = mapped_column(String(20))
    ends: Mapped[str] = mapped_column(String(20), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class OpenSpaceRoom(Base):
    """A room (or corner, or table) of the marketplace."""

    __tablename__ = "open_space_room"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)


class OpenSpaceSession(Base):
    """A session someone proposed; placed in one cell (slot × room) of the grid, or not yet."""

    __tablename__ = "open_space_session"
    __table_args__ = (
        # One session per cell; NULLs (not placed yet) are distinct in SQLite and PostgreSQL.
        UniqueConstraint("slot_id", "room_id"),
        CheckConstraint("(slot_id IS NULL) = (room_id IS NULL)", name="placed_whole"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(String(200))
    convener: Mapped[str] = mapped_column(String(80))
    proposed_by_participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL")
    )
    proposed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("open_space_slot.id", ondelete="SET NULL"))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("open_space_room.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class OpenSpacePick(Base):
    """A participant's choice of session in one slot: one per slot, changed at will."""

    __tablename__ = "open_space_pick"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True
    )
    slot_id: Mapped[int] = mapped_column(
        ForeignKey("open_space_slot.id", ondelete="CASCADE"), primary_key=True
    )
    session_id: Mapped[int] = mapped_column(
        ForeignKey("open_space_session.id", ondelete="CASCADE"), index=True
    )


class OpenSpaceReport(Base):
    """What a session found: the proceedings are these, together."""

    __tablename__ = "open_space_report"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("open_space_session.id", ondelete="CASCADE"), primary_key=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    written_by_participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class OpenSpaceAttendance(Base):
    """Who was in a session, as a count per stakeholder group (no names)."""

    __tablename__ = "open_space_attendance"
    __table_args__ = (
        CheckConstraint(check_in("stakeholder_group", STAKEHOLDER_GROUPS), name="group"),
        CheckConstraint("people >= 1", name="people"),
    )

    session_id: Mapped[int] = mapped_column(
        ForeignKey("open_space_session.id", ondelete="CASCADE"), primary_key=True
    )
    stakeholder_group: Mapped[str] = mapped_column(String(20), primary_key=True)
    people: Mapped[int] = mapped_column(Integer)


class OpenSpaceIdea(Base):
    """An idea on the board that came from a session's report: its lineage."""

    __tablename__ = "open_space_idea"

    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("open_space_session.id", ondelete="CASCADE"), index=True
    )
