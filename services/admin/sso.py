"""Single sign-on: the identity provider's claims to a Samskab account and role.

A person is known by issuer and subject (`sub`), never by name or e-mail, which the
municipality may reuse. The first sign-in creates their account with the role their
claims map to; each later sign-in sets the role from the claims again, so the identity
provider stays the one place where a person's access is decided. Nobody is let in
without a mapped role.

Streamlit keeps the sign-on in its own cookie with the claims of the ID token, and a new
tab (or a copied cookie) arrives with the same claims again. Only a token newer than the
last one applied counts as a sign-in (`sso_claims_at`, the provider's own clock); an
older one merely resumes, and only if `sessions.sso_session_ok` still holds for it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import clock
from db.models import User
from services.admin import audit, sessions
from vocabulary import ROLES

# Bounded as the columns are; longer values are no identity we could store.
_MAX_ID = 255


@dataclass(frozen=True)
class Outcome:
    """A signed-in user (`user_id`), or why not (`refused`: an i18n key)."""

    user_id: int | None = None
    refused: str | None = None


def claim_values(claims: Mapping[str, Any], claim: str) -> list[str]:
    """The values of `claim` as strings; a dotted name reaches into nested claims (`realm_access.roles`)."""
    found: Any = claims
    for part in claim.split("."):
        found = found.get(part) if isinstance(found, Mapping) else None
    if found is None:
        return []
    if isinstance(found, str):
        return [found]
    if isinstance(found, list | tuple):
        return [str(v) for v in found if isinstance(v, str | int)]
    return []


RoleMap = tuple[tuple[str, str], ...]


def role_from_claims(claims: Mapping[str, Any], claim: str, role_map: RoleMap) -> str | None:
    """The role the claims map to; with several, the one with the most rights (ROLES' order)."""
    values = set(claim_values(claims, claim))
    mapped = {role for value, role in role_map if value in values}
    return next((role for role in ROLES if role in mapped), None)


def _identity(claims: Mapping[str, Any]) -> tuple[str, str, int] | None:
    issuer, subject, issued_at = claims.get("iss"), claims.get("sub"), claims.get("iat")
    if not isinstance(issuer, str) or not isinstance(subject, str) or not issuer or not subject:
        return None
    if len(issuer) > _MAX_ID or len(subject) > _MAX_ID or isinstance(issued_at, bool):
        return None
    if not isinstance(issued_at, int | float):
        return None
    return issuer, subject, int(issued_at)


def _plain(value: Any, max_len: int) -> str:
    """A claim as one line of plain text: no control characters, bounded."""
    text = unicodedata.normalize("NFC", value if isinstance(value, str) else "")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C").strip()
    return text[:max_len].strip()


def _username(session: Session, claims: Mapping[str, Any]) -> str:
    """A free username from the person's sign-in name or e-mail, as local usernames are written."""
    raw = _plain(claims.get("preferred_username") or claims.get("email") or "", 200).split("@")[0]
    ascii_name = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9._-]+", "-", ascii_name).strip("._-")[:32] or "sso-user"
    if len(base) < 3:
        base = f"sso-{base}"
    candidate, n = base, 1
    while session.scalar(select(User.id).where(User.username == candidate)) is not None:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _email(claims: Mapping[str, Any]) -> str | None:
    email = _plain(claims.get("email"), 254)
    return email if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email) else None


def sign_in(
    session: Session,
    claims: Mapping[str, Any],
    *,
    roles_claim: str,
    role_map: RoleMap,
    expiry_days: int,
) -> Outcome:
    """Sign in (or resume) the person of these ID-token claims; audited, refusals too."""
    identity = _identity(claims)
    if identity is None:
        return Outcome(refused="sso.incomplete")
    issuer, subject, issued_at = identity
    user = session.scalar(select(User).where(User.sso_issuer == issuer, User.sso_subject == subject))
    if user is not None and not user.active:
        return Outcome(refused="login.account_inactive")
    if user is not None and not sessions.sso_session_ok(user, issued_at, expiry_days):
        return Outcome(refused="sso.session_ended")
    if user is not None and user.sso_claims_at is not None and issued_at <= user.sso_claims_at:
        return Outcome(user_id=user.id)  # resumed: these claims were applied already
    role = role_from_claims(claims, roles_claim, role_map)
    if role is None:
        audit.record(
            session,
            user_id=None,
            action="sign_in.sso_refused",
            entity="user",
            entity_id=user.id if user else None,
            issuer=issuer,
            subject=subject,
            values=claim_values(claims, roles_claim)[:20],
        )
        return Outcome(refused="sso.no_role")
    if user is None:
        user = _create(session, claims, issuer, subject, role)
    elif user.role != role:
        old = user.role
        user.role = role
        # Other sessions began under the old role; this one's token is the boundary.
        user.session_version += 1
        user.sessions_ended_at = datetime.fromtimestamp(issued_at, UTC).replace(tzinfo=None)
        audit.record(
            session,
            user_id=None,
            action="user.role",
            entity="user",
            entity_id=user.id,
            old=old,
            new=role,
            source="sso",
        )
    user.sso_claims_at = issued_at
    user.last_login_at = clock.utcnow()
    audit.record(
        session, user_id=user.id, action="sign_in.sso", entity="user", entity_id=user.id, issuer=issuer
    )
    return Outcome(user_id=user.id)


def _create(session: Session, claims: Mapping[str, Any], issuer: str, subject: str, role: str) -> User:
    username = _username(session, claims)
    user = User(
        username=username,
        display_name=_plain(claims.get("name"), 80) or username,
        email=_email(claims),
        # No password: a sign-on account cannot sign in with the local form.
        password_hash="",
        role=role,
        active=True,
        sso_issuer=issuer,
        sso_subject=subject,
    )
    session.add(user)
    session.flush()
    audit.record(
        session, user_id=None, action="user.create", entity="user", entity_id=user.id, role=role, source="sso"
    )
    return user
