"""Staff sign-in on a real database: the throttle on failed sign-ins and its audit trail."""

import json

import pytest
from sqlalchemy import select

from db.models import AuditEvent
from services.admin import sign_in, users
from services.admin.permissions import SYSTEM
from tests.factories import make_user

RIGHT = "correct horse battery"


class Clock:
    """A monotonic clock the test moves by hand (tests here never sleep)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _events(session, action):
    rows = session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
    return [(e.user_id, e.entity_id, json.loads(e.detail)) for e in rows]


def test_too_many_failures_for_a_username_are_refused_without_checking_the_password(session, monkeypatch):
    user = make_user(session, username="mette.lund")
    clock = Clock()
    throttle = sign_in.Throttle(per_user=3, per_address=100, window=900, clock=clock)
    for n in range(3):
        assert sign_in.attempt(session, throttle, "mette.lund", f"guess {n}", "10.0.0.1") == sign_in.Outcome()

    checked = []
    monkeypatch.setattr(users, "check_password", lambda *a: checked.append(a) or True)
    # From another address too, and even with the right password: the username is over budget.
    refused = sign_in.attempt(session, throttle, "Mette.Lund ", RIGHT, "10.0.0.2")
    assert not refused.ok
    assert refused.wait == 300.0  # 3 per 900 s: one more try every 300 s
    assert checked == []
    monkeypatch.undo()

    clock.now += 299
    assert sign_in.attempt(session, throttle, "mette.lund", RIGHT, "10.0.0.1").wait == pytest.approx(1.0)
    clock.now += 1
    assert sign_in.attempt(session, throttle, "mette.lund", RIGHT, "10.0.0.1") == sign_in.Outcome(user.id)
    # Refused attempts are not in the audit log; the three checked failures are.
    assert len(_events(session, "sign_in.failed")) == 3
    assert len(_events(session, "sign_in.ok")) == 1


def test_too_many_failures_from_an_address_are_refused_for_every_username(session):
    make_user(session, username="mette.lund")
    clock = Clock()
    throttle = sign_in.Throttle(per_user=100, per_address=2, window=900, clock=clock)
    assert not sign_in.attempt(session, throttle, "anna", "x", "10.0.0.1").ok
    assert not sign_in.attempt(session, throttle, "bo", "x", "10.0.0.1").ok
    assert sign_in.attempt(session, throttle, "mette.lund", RIGHT, "10.0.0.1").wait == 450.0
    # Another address is not held back.
    assert sign_in.attempt(session, throttle, "mette.lund", RIGHT, "10.0.0.2").ok


def test_a_success_restores_the_usernames_budget_but_not_the_addresses(session):
    make_user(session, username="mette.lund")
    make_user(session, username="ole.berg")
    throttle = sign_in.Throttle(per_user=2, per_address=3, window=900, clock=Clock())
    assert not sign_in.attempt(session, throttle, "mette.lund", "typo", "10.0.0.1").ok
    assert sign_in.attempt(session, throttle, "mette.lund", RIGHT, "10.0.0.1").ok
    # Two more mistakes of hers are allowed: her success gave her the whole budget back.
    assert not sign_in.attempt(session, throttle, "mette.lund", "typo", "10.0.0.2").ok
    assert sign_in.attempt(session, throttle, "mette.lund", "typo", "10.0.0.2").wait == 0.0
    assert sign_in.attempt(session, throttle, "mette.lund", RIGHT, "10.0.0.2").wait > 0
    # The first address's failure still counts: two more there and it is over budget,
    # however many times someone signs in successfully from it meanwhile.
    assert not sign_in.attempt(session, throttle, "ole.berg", "guess", "10.0.0.1").ok
    assert sign_in.attempt(session, throttle, "ole.berg", RIGHT, "10.0.0.1").ok
    assert not sign_in.attempt(session, throttle, "ole.berg", "guess", "10.0.0.1").ok
    assert sign_in.attempt(session, throttle, "ole.berg", RIGHT, "10.0.0.1").wait > 0


def test_zero_turns_the_throttle_off(session):
    make_user(session, username="mette.lund")
    throttle = sign_in.Throttle(per_user=0, per_address=0, clock=Clock())
    for _ in range(30):
        assert sign_in.attempt(session, throttle, "mette.lund", "guess", "10.0.0.1") == sign_in.Outcome()
    assert sign_in.attempt(session, throttle, "mette.lund", RIGHT, "10.0.0.1").ok


def test_every_checked_sign_in_is_audited_with_username_and_address_never_the_password(session, clock_at):
    user = make_user(session, username="mette.lund")
    gone = make_user(session, username="ole.berg")
    users.set_active(session, gone.id, False, by_user_id=SYSTEM)
    throttle = sign_in.Throttle(per_user=5, per_address=20, clock=Clock())

    sign_in.attempt(session, throttle, "mette.lund", "secret guess 1", "10.0.0.1")
    sign_in.attempt(session, throttle, "nobody.here", "secret guess 2", "10.0.0.1")
    sign_in.attempt(session, throttle, "ole.berg", RIGHT, "10.0.0.1")  # deactivated: a failure
    sign_in.attempt(session, throttle, "Mette.Lund", RIGHT, "10.0.0.2")

    assert _events(session, "sign_in.failed") == [
        (user.id, user.id, {"username": "mette.lund", "address": "10.0.0.1"}),
        (None, None, {"username": "nobody.here", "address": "10.0.0.1"}),
        (gone.id, gone.id, {"username": "ole.berg", "address": "10.0.0.1"}),
    ]
    assert _events(session, "sign_in.ok") == [
        (user.id, user.id, {"username": "mette.lund", "address": "10.0.0.2"})
    ]
    details = " ".join(e.detail for e in session.scalars(select(AuditEvent)))
    assert "secret guess" not in details and RIGHT not in details
    assert user.last_login_at is not None and gone.last_login_at is None


def test_a_long_typed_username_is_bounded_in_the_audit_log(session):
    throttle = sign_in.Throttle(per_user=5, per_address=20, clock=Clock())
    sign_in.attempt(session, throttle, "x" * 10_000, "guess", "10.0.0.1")
    [(_, _, detail)] = _events(session, "sign_in.failed")
    assert detail["username"] == "x" * sign_in.USERNAME_MAX_CHARS
