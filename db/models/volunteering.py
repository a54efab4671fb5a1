"""Volunteers, the hours they give, and the staff time spent supporting them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clock import utcnow

# Stable constraint names make Alembic migrations (and SQLite batch mode) predictable.
from db.models.base import Base, check_in
from vocabulary import (
    STAFF_TIME_KINDS,
)


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


class HoursMonth(Base):
    """Volunteer time per month and target, kept in the transaction of every write that changes
    hour entries (services.volunteering.hours_kept), so the dashboards sum a few thousand rows
    instead of a year of entries.

    A target column holds 0 for "none" rather than NULL: the four columns are the primary key,
    and neither engine lets NULLs meet in one. They are no foreign keys for the same reason;
    the services that delete an initiative or activity move its time to 0 themselves.
    """

    __tablename__ = "hours_month"

    month: Mapped[date] = mapped_column(Date, primary_key=True)  # the first day of the month
    process_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    initiative_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    minutes: Mapped[int] = mapped_column(BigInteger)
    entries: Mapped[int] = mapped_column(Integer)


class VolunteerMonth(Base):
    """The months a named volunteer has hour entries in (how many): active volunteers per month.

    Kept with HoursMonth; a volunteer's rows go with the volunteer (the entries then name
    nobody).
    """

    __tablename__ = "volunteer_month"
    __table_args__ = (Index("ix_volunteer_month_month", "month", "volunteer_id"),)

    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    entries: Mapped[int] = mapped_column(Integer)


class StaffTimeEntry(Base):
    """Municipal hours spent supporting volunteers: the other half of the resource map."""

    __tablename__ = "staff_time_entry"
    __table_args__ = (
        CheckConstraint("minutes > 0", name="minutes"),
        CheckConstraint(check_in("kind", STAFF_TIME_KINDS), name="kind"),
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
