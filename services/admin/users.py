"""Staff accounts: creation, roles, deactivation, passwords (bcrypt) and login bookkeeping."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import bcrypt
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import config
from db.models import User
from services.admin import audit, sessions
from services.admin.permissions import ByUser, can_manage_users, require
from services.common.errors import Conflict, InvalidInput, NotFound
from services.common.text import clean_text, one_of, plain
from vocabulary import ROLES

USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{2,39}")
PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_BYTES = 72  # bcrypt ignores (and bcrypt 5 refuses) anything longer


def normalise_username(raw: str | None) -> str:
    """The stored form of a username (lower case, as the login form lowercases it)."""
    username = unicodedata.normalize("NFC", raw or "").strip().lower()
    if not username:
        raise InvalidInput("error.required", field="username")
    if not USERNAME_PATTERN.fullmatch(username):
        raise InvalidInput("error.username_format")
    return username


def validate_password(password: str | None) -> str:
    password = password or ""
    if not password:
        raise InvalidInput("error.required", field="password")
    # The login form strips surrounding spaces, so such a password could never be typed in.
    if password != password.strip():
        raise InvalidInput("error.password_spaces")
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in password):
        raise InvalidInput("error.control_characters", field="password")
    if len(password) < PASSWORD_MIN_LENGTH:
        raise InvalidInput("error.password_short", min=PASSWORD_MIN_LENGTH)
    if len(password.encode()) > PASSWORD_MAX_BYTES:
        raise InvalidInput("error.password_long", max=PASSWORD_MAX_BYTES)
    return password


def hash_password(password: str, rounds: int | None = None) -> str:
    rounds = rounds or config.load().bcrypt_rounds
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds)).decode()


def check_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(plain(password).encode(), password_hash.encode())
    except ValueError:
        return False


def _clean_email(email: str | None) -> str | None:
    email = clean_text(email, field="email", max_len=254, required=False)
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise InvalidInput("error.email_format")
    return email or None


def create_user(
    session: Session,
    *,
    username: str,
    display_name: str,
    role: str,
    password: str,
    by_user_id: ByUser,
    email: str | None = None,
    rounds: int | None = None,
) -> User:
    require(session, by_user_id, can_manage_users)
    username = normalise_username(username)
    display_name = clean_text(display_name, field="display_name", max_len=80)
    role = one_of(role, ROLES, field="role")
    email = _clean_email(email)
    password = validate_password(password)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict("error.username_taken", username=username)
    user = User(
        username=username,
        display_name=display_name,
        role=role,
        email=email,
        password_hash=hash_password(password, rounds),
        active=True,
    )
    session.add(user)
    session.flush()
    audit.record(
        session, user_id=by_user_id, action="user.create", entity="user", entity_id=user.id, role=role
    )
    return user


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("error.user_not_found")
    return user


def user_by_username(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == plain(username).lower()))


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.active.desc(), User.username)))


def _guard_last_admin(session: Session, user: User) -> None:
    """Refuse a change that would leave no active admin.

    Locks the active admin rows first (PostgreSQL; SQLite's BEGIN IMMEDIATE already
    serialises writers), so two admins demoting each other at once cannot both succeed.
    """
    if not (user.active and user.role == "admin"):
        return
    admins = session.scalars(
        select(User.id).where(User.role == "admin", User.active.is_(True)).with_for_update()
    ).all()
    if len(admins) <= 1:
        raise Conflict("error.last_admin")


def set_role(session: Session, user_id: int, role: str, *, by_user_id: ByUser) -> User:
    require(session, by_user_id, can_manage_users)
    role = one_of(role, ROLES, field="role")
    user = get_user(session, user_id)
    if role == user.role:
        return user
    if role != "admin":
        _guard_last_admin(session, user)
    old = user.role
    user.role = role
    audit.record(
        session, user_id=by_user_id, action="user.role", entity="user", entity_id=user.id, old=old, new=role
    )
    sessions.end_all(session, user, by_user_id=by_user_id, reason="role")
    return user


def set_active(session: Session, user_id: int, active: bool, *, by_user_id: ByUser) -> User:
    require(session, by_user_id, can_manage_users)
    user = get_user(session, user_id)
    if user.active == active:
        return user
    if not active:
        if user.id == by_user_id:
            raise Conflict("error.deactivate_self")
        _guard_last_admin(session, user)
    user.active = active
    audit.record(
        session,
        user_id=by_user_id,
        action="user.activate" if active else "user.deactivate",
        entity="user",
        entity_id=user.id,
    )
    if not active:
        sessions.end_all(session, user, by_user_id=by_user_id, reason="deactivated")
    return user


def reset_password(
    session: Session, user_id: int, password: str, *, by_user_id: ByUser, rounds: int | None = None
) -> User:
    require(session, by_user_id, can_manage_users)
    password = validate_password(password)
    user = get_user(session, user_id)
    user.password_hash = hash_password(password, rounds)
    audit.record(session, user_id=by_user_id, action="user.password_reset", entity="user", entity_id=user.id)
    sessions.end_all(session, user, by_user_id=by_user_id, reason="password_reset")
    return user


def set_language(session: Session, user_id: int, language: str) -> None:
    user = get_user(session, user_id)
    user.language = one_of(language, config.LANGUAGES, field="language")


def login_credentials(session: Session) -> dict[str, Any]:
    """The credentials dict streamlit-authenticator expects: active users only."""
    users = session.scalars(select(User).where(User.active.is_(True)))
    return {
        "usernames": {
            u.username: {
                "name": u.display_name,
                "email": u.email or "",
                "password": u.password_hash,
                "roles": [u.role],
            }
            for u in users
        }
    }


def count_active_admins(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(User).where(User.role == "admin", User.active.is_(True))
        )
        or 0
    )
