"""Survey rounds (waves) and their anonymous responses."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from clock import utcnow

# Stable constraint names make Alembic migrations (and SQLite batch mode) predictable.
from db.models.base import Base


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
