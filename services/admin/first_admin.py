"""The first administrator of a production database, made by `python manage.py create-admin`.

Production seeds nothing, so someone with the server's settings makes the first account;
everyone after that is made on the Users page. The command refuses once the database has
an administrator who can sign in: a second "first" admin made from a shell would bypass
the Users page and its audit trail. The demo's accounts do not count in production, as
they are refused at sign-in.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import User
from services.admin import audit, site, users
from services.admin.passwords import check_admin_password
from services.admin.permissions import SYSTEM
from services.common.errors import Conflict


def usable_admins(session: Session, *, production: bool) -> list[str]:
    """Usernames of the active administrators who may sign in in this mode."""
    refused = site.demo_usernames(session) if production else frozenset()
    names = session.scalars(select(User.username).where(User.role == "admin", User.active.is_(True)))
    return sorted(name for name in names if name not in refused)


def create_first_admin(
    session: Session,
    *,
    username: str,
    display_name: str,
    password: str,
    email: str | None = None,
    production: bool,
    rounds: int | None = None,
) -> User:
    """Make the first administrator; refuse a weak password or a database that has one."""
    if production:
        site.remember_production_start(session)
    existing = usable_admins(session, production=production)
    if existing:
        raise Conflict("error.admin_exists", username=existing[0])
    username = users.normalise_username(username)
    password = check_admin_password(password, username=username)
    if username in site.demo_usernames(session):
        # Its name is on the refused list; a new account by that name could never sign in.
        raise Conflict("error.username_taken", username=username)
    # The system makes this account: there is nobody signed in to check a role of.
    user = users.create_user(
        session,
        username=username,
        display_name=display_name,
        role="admin",
        password=password,
        email=email,
        by_user_id=SYSTEM,
        rounds=rounds,
    )
    audit.record(session, user_id=SYSTEM, action="setup.first_admin", entity="user", entity_id=user.id)
    return user
