"""2×2 matrices of a workshop (impact/effort, How-Now-Wow or the facilitator's own axes) and where
each participant placed each idea on them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from clock import utcnow
from db.models.base import Base, check_in

MATRIX_KINDS = ("impact_effort", "how_now_wow", "custom")
# Both axes run 0..10: eleven steps a slider and a keyboard reach, fine enough for a median.
AXIS_MAX = 10


class Matrix(Base):
    """One matrix the facilitator opened on some of a workshop's ideas; at most one open per workshop."""

    __tablename__ = "matrix"
    __table_args__ = (
        CheckConstraint(check_in("kind", MATRIX_KINDS), name="kind"),
        # The one open matrix is what tablets and the projector show, so the database holds it to one.
        Index(
            "ix_matrix_workshop_id_open",
            "workshop_id",
            unique=True,
            sqlite_where=text("is_open"),
            postgresql_where=text("is_open"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    # The facilitator's own axes (kind "custom"); the presets take their words from the catalogues.
    x_name: Mapped[str] = mapped_column(String(60), default="")
    x_low: Mapped[str] = mapped_column(String(60), default="")
    x_high: Mapped[str] = mapped_column(String(60), default="")
    y_name: Mapped[str] = mapped_column(String(60), default="")
    y_low: Mapped[str] = mapped_column(String(60), default="")
    y_high: Mapped[str] = mapped_column(String(60), default="")
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    # The projector splits the aggregate by stakeholder group when the facilitator asks.
    by_group: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)


class MatrixIdea(Base):
    """An idea the matrix asks the room to place."""

    __tablename__ = "matrix_idea"

    matrix_id: Mapped[int] = mapped_column(ForeignKey("matrix.id", ondelete="CASCADE"), primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class MatrixPlacement(Base):
    """Where one participant put one idea: one row per participant and idea, changed in place."""

    __tablename__ = "matrix_placement"
    __table_args__ = (
        Index(
            "ix_matrix_placement_matrix_id_participant_id_idea_id",
            "matrix_id",
            "participant_id",
            "idea_id",
            unique=True,
        ),
        CheckConstraint(f"x BETWEEN 0 AND {AXIS_MAX}", name="x"),
        CheckConstraint(f"y BETWEEN 0 AND {AXIS_MAX}", name="y"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    matrix_id: Mapped[int] = mapped_column(ForeignKey("matrix.id", ondelete="CASCADE"))
    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    x: Mapped[int] = mapped_column(Integer)
    y: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
