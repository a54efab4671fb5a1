"""Co-creation processes and their workshops: participants, themes, clusters, ideas, dots and comments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clock import utcnow

# Stable constraint names make Alembic migrations (and SQLite batch mode) predictable.
from db.models.base import Base, check_in
from vocabulary import (
    AGE_BANDS,
    IDEA_DECISIONS,
    INFLUENCE_LEVELS,
    PHASES,
    PROCESS_PHASES,
    STAKEHOLDER_GROUPS,
)


class Process(Base):
    __tablename__ = "process"
    __table_args__ = (
        CheckConstraint(check_in("phase", PROCESS_PHASES), name="phase"),
        CheckConstraint(
            f"influence_level IS NULL OR {check_in('influence_level', INFLUENCE_LEVELS)}",
            name="influence_level",
        ),
    )

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
    # Where the process stands (vocabulary.PROCESS_PHASES); the facilitator moves it.
    phase: Mapped[str] = mapped_column(String(20), default="framing", server_default=text("'framing'"))
    # Archived processes leave the overview and the pickers of new work; their data stays.
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    # How much say participants have (vocabulary.INFLUENCE_LEVELS) and the promise in plain
    # words; services.workshop.influence. None until the facilitator chooses.
    influence_level: Mapped[str | None] = mapped_column(String(12))
    influence_promise: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))

    workshops: Mapped[list[Workshop]] = relationship(back_populates="process", order_by="Workshop.starts_at")
    target_groups: Mapped[list[ProcessTargetGroup]] = relationship(
        back_populates="process", cascade="all, delete-orphan"
    )


class ProcessTargetGroup(Base):
    """A stakeholder group the facilitator wants to reach in a process."""

    __tablename__ = "process_target_group"
    __table_args__ = (CheckConstraint(check_in("stakeholder_group", STAKEHOLDER_GROUPS), name="group"),)

    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"), primary_key=True)
    stakeholder_group: Mapped[str] = mapped_column(String(20), primary_key=True)

    process: Mapped[Process] = relationship(back_populates="target_groups")


class Workshop(Base):
    __tablename__ = "workshop"
    __table_args__ = (
        CheckConstraint(check_in("phase", PHASES), name="phase"),
        CheckConstraint("dot_budget BETWEEN 1 AND 50", name="dot_budget"),
        CheckConstraint("dots_per_idea BETWEEN 1 AND dot_budget", name="dots_per_idea"),
        CheckConstraint(
            f"influence_level IS NULL OR {check_in('influence_level', INFLUENCE_LEVELS)}",
            name="influence_level",
        ),
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
    # The versions tablets poll, one per channel (services.workshop.workshops.touch_board).
    # Bumped under this row's lock in the transaction of the change, so they move in commit
    # order: a poll that read n has seen every change numbered up to n.
    board_version: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    votes_version: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    # The idea the facilitator has put on the projector for discussion (services.workshop.spotlight).
    # Integer, not a foreign key: idea and workshop point at each other, and a foreign key both
    # ways would need deferred constraints to delete either; the service reads it defensively.
    spotlight_idea_id: Mapped[int | None] = mapped_column(Integer)
    # A workshop's own level of influence and promise; None follows its process.
    influence_level: Mapped[str | None] = mapped_column(String(12))
    influence_promise: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    # When a facilitator last published what became of the workshop's ideas (the notices go then).
    outcomes_published_at: Mapped[datetime | None] = mapped_column(DateTime)

    process: Mapped[Process] = relationship(back_populates="workshops")
    themes: Mapped[list[Theme]] = relationship(
        back_populates="workshop", order_by="Theme.position", cascade="all, delete-orphan"
    )


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
        CheckConstraint(check_in("stakeholder_group", STAKEHOLDER_GROUPS), name="group"),
        CheckConstraint(f"age_band IS NULL OR {check_in('age_band', AGE_BANDS)}", name="age_band"),
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
    # Optional, only for the one notice when the workshop's outcomes are published; erased
    # when it is sent and with the other personal details (services.workshop.participant_privacy).
    email: Mapped[str | None] = mapped_column(String(254))
    notice_language: Mapped[str | None] = mapped_column(String(2))

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
        # Ideas added in a period (the dashboards' funnel), with what the count filters on.
        Index("ix_idea_created_at", "created_at", "workshop_id", "status", "hidden", "merged_into_id"),
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


class IdeaSupport(Base):
    """Counted dots of a surviving idea, kept in the transaction of every change that moves them.

    Exactly what services.workshop.tally's counting rule gives (cap and merges applied,
    hidden and withdrawn ideas counting nothing): one row per visible survivor with at
    least one voter. services.workshop.counts keeps it; dashboards sum it instead of
    regrouping every vote.
    """

    __tablename__ = "idea_support"

    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    dots: Mapped[int] = mapped_column(Integer, default=0)
    voters: Mapped[int] = mapped_column(Integer, default=0)


class IdeaSupportByGroup(Base):
    """The same counted dots and voters per stakeholder group of the voters."""

    __tablename__ = "idea_support_group"
    __table_args__ = (CheckConstraint(check_in("stakeholder_group", STAKEHOLDER_GROUPS), name="group"),)

    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), primary_key=True)
    stakeholder_group: Mapped[str] = mapped_column(String(20), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    dots: Mapped[int] = mapped_column(Integer, default=0)
    voters: Mapped[int] = mapped_column(Integer, default=0)


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


class IdeaDecision(Base):
    """A facilitator's decision on an idea that nothing else gave an outcome (not taken forward, why).

    Only decisions are stored: "in the catalogue", "became an initiative" and "merged" are read
    from the catalogue, the initiatives and the merge itself (services.action.idea_outcomes).
    """

    __tablename__ = "idea_decision"
    __table_args__ = (CheckConstraint(check_in("decision", IDEA_DECISIONS), name="decision"),)

    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), primary_key=True)
    decision: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
