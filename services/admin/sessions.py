"""Staff sessions that end when they should: a version per user, signed session cookies.

Every signed-in session holds the `session_version` of its user as it was at sign-in, and
each run checks it against the database (`current`). Logout, a password reset, a role
change and deactivation move the version (`end_all`), which ends every session of that
user at once, on every device, including a copied cookie.

The local sign-in cookie is set by the server (api/session.py), HttpOnly, so page
scripts never see it. It carries the user id, the version and an expiry, signed with the
cookie key. The browser gets it by a one-time trip through that route with a `ticket`:
a token of the same form, for another purpose, valid for `TICKET_SECONDS`, made by the
script run that checked the password.

Sign-on sessions carry no version of ours (Streamlit keeps their cookie, with the
provider's claims), so `end_all` also records when it ended them: a sign-on cookie
whose ID token was issued before that no longer signs anyone in (`sso_session_ok`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

import clock
from db.models import User
from services.admin import audit, sign_in_policy
from services.admin.permissions import ByUser

TICKET_SECONDS = 30
_COOKIE = "samskab-session-cookie"
_TICKET = "samskab-session-ticket"


@dataclass(frozen=True)
class Grant:
    """Who a session (or a cookie, or a ticket) is for, and the version it began with."""

    user_id: int
    version: int


def end_all(session: Session, user: User, *, by_user_id: ByUser | None, reason: str) -> None:
    """End every session of `user` now: the live ones at their next run, the cookies at their next use."""
    user.session_version = (user.session_version or 1) + 1
    user.sessions_ended_at = clock.utcnow()
    audit.record(
        session,
        user_id=by_user_id,
        action="user.sessions_ended",
        entity="user",
        entity_id=user.id,
        reason=reason,
    )


def grant(user: User) -> Grant:
    return Grant(user.id, user.session_version)


def current(session: Session, held: Grant, *, sso_configured: bool) -> User | None:
    """The user of a session holding `held`, or None if that session has ended.

    Ended: the account is gone or inactive, its version has moved since, or it is a
    local account while local accounts are switched off.
    """
    user = session.get(User, held.user_id)
    if user is None or not user.active or user.session_version != held.version:
        return None
    local = user.sso_subject is None
    if local and not sign_in_policy.local_accounts_allowed(session, sso_configured=sso_configured):
        return None
    return user


def sso_session_ok(user: User, issued_at: int, expiry_days: int) -> bool:
    """Whether a sign-on cookie with an ID token issued at `issued_at` (Unix seconds) still holds.

    Refused when issued before the user's sessions were last ended (compared to the
    second: the token's time is whole seconds), or older than the login expiry.
    """
    try:
        issued = datetime.fromtimestamp(issued_at, UTC).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        return False  # a time no clock holds (the claim comes from outside): no session
    ended = user.sessions_ended_at
    if ended is not None and issued < ended.replace(microsecond=0):
        return False
    return expiry_days <= 0 or clock.utcnow() - issued <= timedelta(days=expiry_days)


# --- signed tokens ----------------------------------------------------------------------


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: str, purpose: str, body: str) -> str:
    return _b64(hmac.new(key.encode(), f"{purpose}:{body}".encode(), hashlib.sha256).digest())


def _sign(key: str, purpose: str, held: Grant, seconds: float) -> str:
    expires = int(clock.utcnow().timestamp() + seconds)
    body = _b64(json.dumps({"u": held.user_id, "v": held.version, "exp": expires}).encode())
    return f"{body}.{_mac(key, purpose, body)}"


def _read(key: str, purpose: str, token: object) -> Grant | None:
    if not isinstance(token, str) or not token.isascii():
        return None  # what _sign makes is ASCII; anything else (a lone surrogate) is forged
    body, _, mac = token.partition(".")
    if not body or not hmac.compare_digest(mac, _mac(key, purpose, body)):
        return None
    try:
        data = json.loads(_unb64(body))
        user_id, version, expires = int(data["u"]), int(data["v"]), int(data["exp"])
    except (ValueError, TypeError, KeyError):
        return None
    if expires < clock.utcnow().timestamp():
        return None
    return Grant(user_id, version)


def cookie_value(key: str, held: Grant, days: int) -> str:
    """The login cookie's value; with `days` 0 (a cookie for this browser session) it lasts a day."""
    return _sign(key, _COOKIE, held, max(days, 1) * 86400)


def read_cookie(key: str, value: object) -> Grant | None:
    return _read(key, _COOKIE, value)


def ticket(key: str, held: Grant) -> str:
    return _sign(key, _TICKET, held, TICKET_SECONDS)


def read_ticket(key: str, value: object) -> Grant | None:
    return _read(key, _TICKET, value)
