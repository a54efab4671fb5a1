"""Too many failed sign-ins: the login page asks to wait, and even the right password waits."""

import json

from sqlalchemy import select

import config
from db.models import AuditEvent
from db.session import read_scope
from runtime import limits
from tests.ui.apptest import PASSWORDS, ROLE_USER, new_app, sign_in, texts


def _throttle():
    settings = config.load()
    throttle = limits.sign_in_failures(
        settings.rate_login_failures_per_user, settings.rate_login_failures_per_address
    )
    # Stands still: the wait shown does not depend on the test's speed.
    throttle.per_user.clock = throttle.per_address.clock = lambda: 0.0
    return throttle


def test_after_too_many_failures_even_the_right_password_is_refused(demo):
    username = ROLE_USER["facilitator"]
    throttle = _throttle()
    for _ in range(throttle.per_user.count - 1):  # her earlier mistakes
        throttle.per_user.hit(username)

    at = sign_in(new_app(), username, "not the password")
    assert at.session_state["authentication_status"] is False
    assert [e.value for e in at.error] == ["Forkert brugernavn eller adgangskode."]

    at = sign_in(new_app(), username, PASSWORDS[username])
    assert not at.exception
    assert at.session_state["authentication_status"] is not True
    # 5 failures per 15 minutes: the next try in 3 minutes.
    assert [e.value for e in at.error] == [
        "For mange mislykkede log ind-forsøg for dette brugernavn eller fra dette netværk. "
        "Vent 3 minutter, og prøv igen."
    ]
    assert "Log ind for medarbejdere" in texts(at)

    with read_scope() as session:
        failed = [
            json.loads(e.detail)
            for e in session.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in.failed"))
        ]
        ok = session.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in.ok")).all()
    assert failed == [{"username": username, "address": "?"}]  # the refusal is not recorded
    assert ok == []

    limits.reset()  # the window has passed
    at = sign_in(new_app(), username, PASSWORDS[username])
    assert at.session_state["authentication_status"] is True
