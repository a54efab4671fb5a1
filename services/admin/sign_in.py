"""Staff sign-in: the password check, the throttle on failed sign-ins, and their audit trail.

Failures are counted twice, per username and per address, in token buckets (see
services/common/ratelimit.py) of `count` failures per `WINDOW` seconds: 5 per user name
lets the owner mistype a few times, but turns guessing one account's password into a
handful of tries an hour; 20 per address stops one client trying many accounts. Over
either budget the attempt is refused before the password is looked at, so a refused
guess reveals nothing, not even a right password.

A success gives the username its budget back (only someone who knows the password can do
that, and they may as well sign in), but not the address: otherwise an attacker with one
account of their own could sign in between guesses at other accounts and never be slowed.

In production, the demo seed's accounts (services.admin.site) are refused before their
password is looked at: their passwords are printed in the README. The refusal says so on
the login page and warns in the operations log, so whoever switched a demo database to
production learns why `admin` no longer works and what to do instead.

Every checked attempt is written to the audit log, failed ones with the username as typed
(unknown names too, with no user), so an administrator can see a guessing attack. Refused
attempts are not: they cost nothing and would let anyone fill the audit log at will.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

import clock
import logs
from services.admin import audit, site, users
from services.common.ratelimit import RateLimiter
from services.common.text import plain

WINDOW = 15 * 60.0
DEMO_REFUSED_HINT = (
    "this database was seeded as the demo and runs in production: its demo accounts are refused; "
    "create an administrator with: python manage.py create-admin"
)
# A typed username is stored in the audit log: enough to recognise it, but bounded.
USERNAME_MAX_CHARS = 100


@dataclass(frozen=True)
class Outcome:
    """What became of one attempt: `user_id` if signed in, else `wait` > 0 if refused,
    or `demo_refused` for a demo account in production."""

    user_id: int | None = None
    wait: float = 0.0
    demo_refused: bool = False

    @property
    def ok(self) -> bool:
        return self.user_id is not None


class Throttle:
    """Budgets of failed sign-ins per username and per address (0 = no limit), per process."""

    def __init__(
        self,
        per_user: int,
        per_address: int,
        window: float = WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_user = RateLimiter(per_user, window, clock)
        self.per_address = RateLimiter(per_address, window, clock)

    def wait(self, username: str, address: str) -> float:
        """Seconds until `username` may try again from `address`; 0.0 if now."""
        return max(self.per_user.retry_after(username), self.per_address.retry_after(address))

    def reset(self) -> None:
        self.per_user.reset()
        self.per_address.reset()


def normalise(username: str | None) -> str:
    """The username as the login form means it (streamlit-authenticator lowercases and strips)."""
    return plain(username).strip().lower()[:USERNAME_MAX_CHARS]


def attempt(
    session: Session,
    throttle: Throttle,
    username: str,
    password: str,
    address: str,
    *,
    production: bool = False,
) -> Outcome:
    """Check one sign-in; refuse it without looking at the password if over a budget,
    or if it is a demo account and this is `production`.

    Only active accounts may sign in. Records the result in the audit log and, on success,
    the time of the user's last sign-in.
    """
    username, address = normalise(username), plain(address)
    wait = throttle.wait(username, address)
    if wait:
        return Outcome(wait=wait)
    if site.is_refused_demo_account(session, username, production=production):
        # Counted against the address like a failure: the refusal costs a guesser the same.
        throttle.per_address.hit(address)
        logs.event("signin.demo_account_refused", logging.WARNING, hint=DEMO_REFUSED_HINT)
        return Outcome(demo_refused=True)
    user = users.user_by_username(session, username)
    # The login form strips the password, and passwords never start or end with spaces.
    password = (password or "").strip()
    if user is not None and user.active and password and users.check_password(password, user.password_hash):
        throttle.per_user.forget(username)
        user.last_login_at = clock.utcnow()
        audit.record(
            session,
            user_id=user.id,
            action="sign_in.ok",
            entity="user",
            entity_id=user.id,
            username=username,
            address=address,
        )
        return Outcome(user_id=user.id)
    throttle.per_user.hit(username)
    throttle.per_address.hit(address)
    known = user.id if user is not None else None
    audit.record(
        session,
        user_id=known,
        action="sign_in.failed",
        entity="user",
        entity_id=known,
        username=username,
        address=address,
    )
    return Outcome()
