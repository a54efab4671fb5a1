"""What this installation knows about itself: the mode it was seeded in, and the
municipality's own settings (name, areas, population shares) that override the environment."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clock import utcnow
from db.models.base import Base


class SiteSetting(Base):
    """One value by key (services.admin.site and services.admin.municipality name the keys).

    Values are text in the settings' own format (`key:percent,...`, comma-separated areas),
    so the environment and the database are read and checked by the same rules.
    """

    __tablename__ = "site_setting"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
