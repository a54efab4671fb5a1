"""A process's knowledge base (facts, figures, links, small files, dialogue questions) and the
concretising plan of an idea: who, what, for whom, when, resources, first step, anchoring."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clock import utcnow
from db.models.base import Base, check_in

KNOWLEDGE_KINDS = ("fact", "figure", "link", "file", "question")
# Files are kept in the database, so they stay small: a fact sheet, not a video.
FILE_MAX_BYTES = 2 * 1024 * 1024


class KnowledgeItem(Base):
    __tablename__ = "knowledge_item"
    __table_args__ = (
        CheckConstraint(check_in("kind", KNOWLEDGE_KINDS), name="kind"),
        CheckConstraint(f"file_data IS NULL OR length(file_data) <= {FILE_MAX_BYTES}", name="file_size"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    file_name: Mapped[str] = mapped_column(String(120), default="")
    file_type: Mapped[str] = mapped_column(String(100), default="")
    file_data: Mapped[bytes | None] = mapped_column(LargeBinary)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ConcretePlan(Base):
    """How an idea becomes real; one per idea, filled in by facilitators."""

    __tablename__ = "concrete_plan"

    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), primary_key=True)
    who: Mapped[str] = mapped_column(Text, default="")
    what: Mapped[str] = mapped_column(Text, default="")
    for_whom: Mapped[str] = mapped_column(Text, default="")
    timing: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    first_step: Mapped[str] = mapped_column(Text, default="")
    anchoring: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
