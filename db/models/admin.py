"""Staff accounts and the audit log of what they did."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clock import utcnow

# Stable constraint names make Alembic migrations (and SQLite batch mode) predictable.
from db.models.base import Base, check_in
from vocabulary import (
    ROLES,
)


class User(Base):
    __tablename__ = "user"
    __table_args__ = (
        CheckConstraint(check_in("role", ROLES), name="role"),
        # One account per person at one identity provider.
        UniqueConstraint("sso_issuer", "sso_subject"),
    )

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
    # Every session carries the version it began with and ends when it moves
    # (services/admin/sessions.py); sign-on cookies issued before `sessions_ended_at` too.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    sessions_ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Single sign-on: who this is at the identity provider, and the issue time (the
    # provider's clock) of the newest ID token whose claims set the role.
    sso_issuer: Mapped[str | None] = mapped_column(String(255))
    sso_subject: Mapped[str | None] = mapped_column(String(255))
    sso_claims_at: Mapped[int | None] = mapped_column(BigInteger)


class SignInPolicy(Base):
    """A single row (id 1): whether local accounts may sign in beside single sign-on."""

    __tablename__ = "sign_in_policy"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    local_accounts: Mapped[bool] = mapped_column(Boolean, default=True)
    changed_at: Mapped[datetime | None] = mapped_column(DateTime)


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
