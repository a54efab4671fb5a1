"""From ideas to action: the inspiration catalogue, local actors and their activities, initiatives."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clock import utcnow

# Stable constraint names make Alembic migrations (and SQLite batch mode) predictable.
from db.models.base import Base, check_in

if TYPE_CHECKING:
    # Resolved by name through the registry at runtime; imported for type checkers only.
    from db.models.workshop import Idea
from vocabulary import (
    ACTOR_KINDS,
    CHECKLIST_ITEMS,
    CHECKLIST_STATUSES,
    INITIATIVE_ROLES,
    INITIATIVE_STATUSES,
    TIMELINE_KINDS,
)


class CatalogueEntry(Base):
    """A curated idea in a process's inspiration catalogue; the original idea stays linked."""

    __tablename__ = "catalogue_entry"
    # An idea appears at most once in a process's catalogue (entries without an idea are free).
    __table_args__ = (UniqueConstraint("process_id", "idea_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"), index=True)
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("idea.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    section: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    idea: Mapped[Idea | None] = relationship()


class Actor(Base):
    """Anyone who can take part in an initiative: the municipality is one actor among equals."""

    __tablename__ = "actor"
    __table_args__ = (CheckConstraint(check_in("kind", ACTOR_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Activity(Base):
    """Something that already runs, so a process starts from what exists."""

    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    target_group: Mapped[str] = mapped_column(String(200), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    schedule: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    actor: Mapped[Actor] = relationship()


initiative_idea = Table(
    "initiative_idea",
    Base.metadata,
    Column("initiative_id", ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True),
    Column("idea_id", ForeignKey("idea.id", ondelete="CASCADE"), primary_key=True),
)

initiative_catalogue_entry = Table(
    "initiative_catalogue_entry",
    Base.metadata,
    Column("initiative_id", ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True),
    Column("catalogue_entry_id", ForeignKey("catalogue_entry.id", ondelete="CASCADE"), primary_key=True),
)

initiative_activity = Table(
    "initiative_activity",
    Base.metadata,
    Column("initiative_id", ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True),
    Column("activity_id", ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True),
)


class Initiative(Base):
    __tablename__ = "initiative"
    __table_args__ = (
        CheckConstraint(check_in("status", INITIATIVE_STATUSES), name="status"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress"),
        CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="dates"),
        CheckConstraint("budget IS NULL OR budget >= 0", name="budget"),
        CheckConstraint("expected_volunteers IS NULL OR expected_volunteers >= 0", name="volunteers"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int | None] = mapped_column(ForeignKey("process.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    target_group: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(12), default="proposed")
    progress: Mapped[int] = mapped_column(Integer, default=0)
    progress_from_milestones: Mapped[bool] = mapped_column(Boolean, default=False)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    budget: Mapped[int | None] = mapped_column(Integer)
    expected_volunteers: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    actors: Mapped[list[InitiativeActor]] = relationship(
        back_populates="initiative", cascade="all, delete-orphan"
    )
    ideas: Mapped[list[Idea]] = relationship(secondary=initiative_idea)
    catalogue_entries: Mapped[list[CatalogueEntry]] = relationship(secondary=initiative_catalogue_entry)
    activities: Mapped[list[Activity]] = relationship(secondary=initiative_activity)
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="initiative", cascade="all, delete-orphan", order_by="Milestone.due_on"
    )
    timeline: Mapped[list[TimelineEntry]] = relationship(
        cascade="all, delete-orphan", order_by="(TimelineEntry.happened_on.desc(), TimelineEntry.id.desc())"
    )
    checklist: Mapped[list[ChecklistItem]] = relationship(cascade="all, delete-orphan")


class InitiativeActor(Base):
    """Role clarification: who does what on an initiative, in plain words."""

    __tablename__ = "initiative_actor"
    __table_args__ = (
        UniqueConstraint("initiative_id", "actor_id"),
        CheckConstraint(check_in("role", INITIATIVE_ROLES), name="role"),
        # At most one lead per initiative.
        Index(
            "uq_initiative_actor_one_lead",
            "initiative_id",
            unique=True,
            sqlite_where=text("role = 'lead'"),
            postgresql_where=text("role = 'lead'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id", ondelete="CASCADE"))
    # RESTRICT: an actor that leads or partners an initiative cannot silently vanish.
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="RESTRICT"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    responsibilities: Mapped[str] = mapped_column(Text, default="")

    initiative: Mapped[Initiative] = relationship(back_populates="actors")
    actor: Mapped[Actor] = relationship()


class Milestone(Base):
    __tablename__ = "milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_on: Mapped[date | None] = mapped_column(Date)

    initiative: Mapped[Initiative] = relationship(back_populates="milestones")


class TimelineEntry(Base):
    """What happened on an initiative, and what was learnt (action learning)."""

    __tablename__ = "timeline_entry"
    __table_args__ = (
        CheckConstraint(check_in("kind", TIMELINE_KINDS), name="kind"),
        CheckConstraint(
            f"(kind = 'status' AND {check_in('new_status', INITIATIVE_STATUSES)}) "
            "OR (kind <> 'status' AND new_status IS NULL)",
            name="new_status",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id", ondelete="CASCADE"), index=True)
    happened_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(12), default="event")
    text: Mapped[str] = mapped_column(Text, default="")
    new_status: Mapped[str | None] = mapped_column(String(12))
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ChecklistItem(Base):
    """Ethics and law per initiative: each item is open, done or not relevant."""

    __tablename__ = "checklist_item"
    __table_args__ = (
        UniqueConstraint("initiative_id", "item"),
        CheckConstraint(check_in("item", CHECKLIST_ITEMS), name="item"),
        CheckConstraint(check_in("status", CHECKLIST_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id", ondelete="CASCADE"))
    item: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(12), default="open")
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


# --- volunteers and resources ----------------------------------------------------------
