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

Every checked attempt is written to the audit log, failed ones with the username as typed
(unknown names too, with no user), so an administrator can see a guessing attack. Refused
attempts are not: they cost nothing and would let anyone fill the audit log at will.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

import clock
from services.admin import audit, users
from services.common.ratelimit import RateLimiter
from services.common.text import plain

WINDOW = 15 * 60.0
# A typed username is stored in the audit log: enough to recognise it, but bounded.
USERNAME_MAX_CHARS = 100


@dataclass(frozen=True)
class Outcome:
    """What became of one attempt: `user_id` if signed in, else `wait` > 0 if refused."""

    user_id: int | None = None
    wait: float = 0.0

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


def attempt(session: Session, throttle: Throttle, username: str, password: str, address: str) -> Outcome:
    """Check one sign-in; refuse it without looking at the password if over a budget.

    Only active accounts may sign in. Records the result in the audit log and, on success,
    the time of the user's last sign-in.
    """
    username, address = normalise(username), plain(address)
    wait = throttle.wait(username, address)
    if wait:
        return Outcome(wait=wait)
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
