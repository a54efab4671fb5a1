"""The mode a database was seeded in, and the accounts the demo seed made.

A demo database moved to production keeps its demo accounts, whose passwords are printed
in the README. The database remembers that it was seeded as a demo, so production can
refuse exactly those accounts, even after the demo's passwords were changed, while an
account a municipality names `admin` in a database it started in production is its own.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

import clock
import logs
from db.models import SiteSetting, User
from services.admin.permissions import ByUser, user_id_of

SEEDED_MODE = "seeded_mode"
DEMO_ACCOUNTS = "demo_accounts"


def _get(session: Session, key: str) -> str | None:
    row = session.get(SiteSetting, key)
    return row.value if row is not None else None


def put(session: Session, key: str, value: str, by_user_id: ByUser | None = None) -> None:
    """Write one value; callers check the role and write the audit row."""
    by_user_id = user_id_of(by_user_id)
    row = session.get(SiteSetting, key)
    if row is None:
        session.add(SiteSetting(key=key, value=value, updated_by_user_id=by_user_id))
    else:
        row.value = value
        row.updated_at = clock.utcnow()
        row.updated_by_user_id = by_user_id
    session.flush()


def seeded_mode(session: Session) -> str | None:
    """ "demo" or "production": the mode of the first start that found it empty; None if unknown."""
    return _get(session, SEEDED_MODE)


def remember_demo_seed(session: Session, usernames: list[str] | tuple[str, ...]) -> None:
    """Called by the demo seed in the same transaction as the accounts it makes."""
    put(session, SEEDED_MODE, "demo")
    put(session, DEMO_ACCOUNTS, ",".join(sorted(usernames)))


def remember_production_start(session: Session) -> bool:
    """Record "production" for a database without a recorded mode and without accounts.

    A database that already has accounts but no recorded mode was started before Samskab
    remembered modes, by someone who did not seed the demo (migration 0008 recognises a
    demo seed): it is left unrecorded, which refuses nobody. True if recorded now.
    """
    if seeded_mode(session) is not None:
        return False
    if session.scalar(select(User.id).limit(1)) is not None:
        return False
    put(session, SEEDED_MODE, "production")
    return True


def demo_usernames(session: Session) -> frozenset[str]:
    """The usernames the demo seed made; empty unless this database was seeded as a demo."""
    if seeded_mode(session) != "demo":
        return frozenset()
    return frozenset(name for name in (_get(session, DEMO_ACCOUNTS) or "").split(",") if name)


def is_refused_demo_account(session: Session, username: str, *, production: bool) -> bool:
    """In production, the demo seed's accounts may not sign in: their passwords are public."""
    return production and username in demo_usernames(session)


def warn_if_demo_in_production(session: Session, *, production: bool) -> bool:
    """Log once per start when production serves a database seeded as a demo; True if so."""
    if not production or seeded_mode(session) != "demo":
        return False
    logs.event(
        "startup.demo_database_in_production",
        logging.WARNING,
        refused_accounts=len(demo_usernames(session)),
        hint="the demo accounts are refused; create an administrator with: python manage.py create-admin",
    )
    return True
