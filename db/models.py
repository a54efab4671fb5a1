"""The whole domain as SQLAlchemy 2 typed models; constraints carry the rules the database enforces."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from clock import utcnow
from vocabulary import (
    ACTOR_KINDS,
    AGE_BANDS,
    CHECKLIST_ITEMS,
    CHECKLIST_STATUSES,
    INITIATIVE_ROLES,
    INITIATIVE_STATUSES,
    PHASES,
    ROLES,
    STAFF_TIME_KINDS,
    STAKEHOLDER_GROUPS,
    TIMELINE_KINDS,
)

# Stable constraint names make Alembic migrations (and SQLite batch mode) predictable.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# --- staff and audit -------------------------------------------------------------------


class User(Base):
    __tablename__ = "user"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User | None] = relationship()


# --- process and workshops -------------------------------------------------------------


class Process(Base):
    __tablename__ = "process"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    catalogue_intro: Mapped[str] = mapped_column(Text, default="")
    # Unguessable slug for the public "you said, we did" page, shown only once published.
    public_slug: Mapped[str] = mapped_column(String(32), unique=True)
    public_page_published: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    workshops: Mapped[list[Workshop]] = relationship(back_populates="process", order_by="Workshop.starts_at")
    target_groups: Mapped[list[ProcessTargetGroup]] = relationship(
        back_populates="process", cascade="all, delete-orphan"
    )


class ProcessTargetGroup(Base):
    """A stakeholder group the facilitator wants to reach in a process."""

    __tablename__ = "process_target_group"
    __table_args__ = (CheckConstraint(_in("stakeholder_group", STAKEHOLDER_GROUPS), name="group"),)

    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"), primary_key=True)
    stakeholder_group: Mapped[str] = mapped_column(String(20), primary_key=True)

    process: Mapped[Process] = relationship(back_populates="target_groups")


class Workshop(Base):
    __tablename__ = "workshop"
    __table_args__ = (
        CheckConstraint(_in("phase", PHASES), name="phase"),
        CheckConstraint("dot_budget BETWEEN 1 AND 50", name="dot_budget"),
        CheckConstraint("dots_per_idea BETWEEN 1 AND dot_budget", name="dots_per_idea"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime | None] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    code: Mapped[str] = mapped_column(String(6), unique=True)
    phase: Mapped[str] = mapped_column(String(10), default="draft")
    dot_budget: Mapped[int] = mapped_column(Integer, default=5)
    dots_per_idea: Mapped[int] = mapped_column(Integer, default=3)
    anonymous_ideas: Mapped[bool] = mapped_column(Boolean, default=True)
    comments_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    hide_votes_until_reveal: Mapped[bool] = mapped_column(Boolean, default=True)
    timer_ends_at: Mapped[datetime | None] = mapped_column(DateTime)
    phase_changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    process: Mapped[Process] = relationship(back_populates="workshops")
    themes: Mapped[list[Theme]] = relationship(
        back_populates="workshop", order_by="Theme.position", cascade="all, delete-orphan"
    )


class BoardEvent(Base):
    """Append-only log of board changes; a board version is the newest id of a channel.

    Insert-only, so 300 voting tablets never wait on one shared counter row. Votes have
    their own channel: while votes are hidden, tablets must not even learn that the
    count moved, and a vote then costs no other tablet a refresh.
    """

    __tablename__ = "board_event"
    __table_args__ = (
        CheckConstraint("channel IN ('board', 'votes')", name="channel"),
        Index("ix_board_event_workshop_id_channel_id", "workshop_id", "channel", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(6), default="board")
    kind: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Theme(Base):
    """A question or Open Space table that ideas are added to."""

    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    workshop: Mapped[Workshop] = relationship(back_populates="themes")


class Participant(Base):
    """Someone at a workshop, without an account; the token in their URL is their identity."""

    __tablename__ = "participant"
    __table_args__ = (
        CheckConstraint(_in("stakeholder_group", STAKEHOLDER_GROUPS), name="group"),
        CheckConstraint(f"age_band IS NULL OR {_in('age_band', AGE_BANDS)}", name="age_band"),
        CheckConstraint("votes_used >= 0", name="votes_used"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    # sha256 of the token: a leaked database does not hand out participants' identities.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(40))
    stakeholder_group: Mapped[str] = mapped_column(String(20))
    age_band: Mapped[str | None] = mapped_column(String(10))
    area: Mapped[str | None] = mapped_column(String(60))
    first_time: Mapped[bool | None] = mapped_column(Boolean)
    votes_used: Mapped[int] = mapped_column(Integer, default=0)
    # Entered by the facilitator for someone without a tablet (hybrid rooms).
    is_proxy: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    workshop: Mapped[Workshop] = relationship()


class Cluster(Base):
    """The facilitator's grouping of ideas in the cluster phase."""

    __tablename__ = "cluster"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Idea(Base):
    __tablename__ = "idea"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'withdrawn')", name="status"),
        CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_self_merged"),
        # Covers the counts of visible ideas per workshop (overview, dashboards).
        Index("ix_idea_workshop_id_status_hidden", "workshop_id", "status", "hidden", "merged_into_id"),
        # Only merged ideas: an index full of NULLs looks selective to SQLite's planner,
        # which then walked it for `merged_into_id IS NULL` (nearly every idea).
        Index(
            "ix_idea_merged_into_id",
            "merged_into_id",
            sqlite_where=text("merged_into_id IS NOT NULL"),
            postgresql_where=text("merged_into_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    entered_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="active")
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_reason: Mapped[str] = mapped_column(String(200), default="")
    hidden_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("idea.id", ondelete="SET NULL"))
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    theme: Mapped[Theme | None] = relationship()
    participant: Mapped[Participant | None] = relationship()


class Vote(Base):
    """A participant's dots on one idea; budget and per-idea cap are held by conditional updates."""

    __tablename__ = "vote"
    __table_args__ = (
        UniqueConstraint("participant_id", "idea_id"),
        CheckConstraint("dots >= 1", name="dots"),
        # Covering (dots included): sums of dots per workshop and per idea never visit the table.
        Index("ix_vote_workshop_id_idea_id_dots", "workshop_id", "idea_id", "dots"),
        Index("ix_vote_idea_id_participant_id_dots", "idea_id", "participant_id", "dots"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    dots: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Comment(Base):
    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_reason: Mapped[str] = mapped_column(String(200), default="")
    hidden_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# --- from ideas to action --------------------------------------------------------------


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
    __table_args__ = (CheckConstraint(_in("kind", ACTOR_KINDS), name="kind"),)

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
        CheckConstraint(_in("status", INITIATIVE_STATUSES), name="status"),
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
        CheckConstraint(_in("role", INITIATIVE_ROLES), name="role"),
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
        CheckConstraint(_in("kind", TIMELINE_KINDS), name="kind"),
        CheckConstraint(
            f"(kind = 'status' AND {_in('new_status', INITIATIVE_STATUSES)}) "
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
        CheckConstraint(_in("item", CHECKLIST_ITEMS), name="item"),
        CheckConstraint(_in("status", CHECKLIST_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id", ondelete="CASCADE"))
    item: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(12), default="open")
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


# --- volunteers and resources ----------------------------------------------------------


class Volunteer(Base):
    """Minimal personal data; anonymising clears it and keeps the hours for the aggregates."""

    __tablename__ = "volunteer"
    __table_args__ = (CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    contact: Mapped[str] = mapped_column(String(254), default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actor.id", ondelete="SET NULL"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    skills: Mapped[str] = mapped_column(Text, default="")
    consent_on: Mapped[date | None] = mapped_column(Date)
    anonymised: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class HoursEntry(Base):
    """Volunteer time in person-minutes (so sums stay exact); one row may cover a group session.

    `minutes` is the total for the row: a group session of 8 volunteers for 3 hours is one
    row with volunteers=8 and minutes=1440. A row about a named volunteer counts one person.
    """

    __tablename__ = "hours_entry"
    __table_args__ = (
        CheckConstraint("minutes > 0", name="minutes"),
        CheckConstraint("volunteers >= 1", name="volunteers"),
        # Nobody volunteers more than 24 hours a day.
        CheckConstraint("minutes <= volunteers * 1440", name="plausible"),
        CheckConstraint("volunteer_id IS NULL OR volunteers = 1", name="one_named"),
        # Covering for sums over a period (by month, by target, named volunteers, per process).
        Index(
            "ix_hours_entry_worked_on_totals",
            "worked_on",
            "minutes",
            "initiative_id",
            "activity_id",
            "volunteer_id",
            "process_id",
        ),
        # Covering for each volunteer's total and last day worked (volunteer list, retention).
        Index("ix_hours_entry_volunteer_id_worked_on", "volunteer_id", "worked_on", "minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteer.id", ondelete="SET NULL"), index=True
    )
    worked_on: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    volunteers: Mapped[int] = mapped_column(Integer, default=1)
    process_id: Mapped[int | None] = mapped_column(ForeignKey("process.id", ondelete="SET NULL"), index=True)
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiative.id", ondelete="SET NULL"), index=True
    )
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(500), default="")
    # Fingerprint of an imported row, so importing the same file twice is detected.
    import_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    entered_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    volunteer: Mapped[Volunteer | None] = relationship()


class StaffTimeEntry(Base):
    """Municipal hours spent supporting volunteers: the other half of the resource map."""

    __tablename__ = "staff_time_entry"
    __table_args__ = (
        CheckConstraint("minutes > 0", name="minutes"),
        CheckConstraint(_in("kind", STAFF_TIME_KINDS), name="kind"),
        CheckConstraint("minutes <= 1440", name="plausible"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    staff_name: Mapped[str] = mapped_column(String(120), default="")
    worked_on: Mapped[date] = mapped_column(Date, index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(15), default="coordination")
    process_id: Mapped[int | None] = mapped_column(ForeignKey("process.id", ondelete="SET NULL"), index=True)
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiative.id", ondelete="SET NULL"), index=True
    )
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# --- surveys ---------------------------------------------------------------------------


class SurveyWave(Base):
    """One run of a survey instrument (the instrument itself is a data file)."""

    __tablename__ = "survey_wave"
    __table_args__ = (
        CheckConstraint("closes_on IS NULL OR opens_on IS NULL OR closes_on >= opens_on", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_key: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200))
    process_id: Mapped[int | None] = mapped_column(ForeignKey("process.id", ondelete="SET NULL"))
    link_token: Mapped[str] = mapped_column(String(32), unique=True)
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    # Closed by hand before closes_on; a closed wave takes no more responses.
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SurveyResponse(Base):
    """Anonymous: only a hash of the device's token, to allow one response per device."""

    __tablename__ = "survey_response"
    __table_args__ = (UniqueConstraint("wave_id", "respondent_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("survey_wave.id", ondelete="CASCADE"))
    respondent_hash: Mapped[str] = mapped_column(String(64))
    submitted_on: Mapped[date] = mapped_column(Date)


class SurveyAnswer(Base):
    __tablename__ = "survey_answer"
    __table_args__ = (CheckConstraint("value BETWEEN 0 AND 10", name="value"),)

    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_response.id", ondelete="CASCADE"), primary_key=True
    )
    item_key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
