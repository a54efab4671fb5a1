"""Session versions: logout, password reset, role change and deactivation end every session,
and the signed login cookie holds only while its version does."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from db.models import AuditEvent
from services.admin import sessions, sign_in_policy, users
from services.admin.permissions import SYSTEM
from services.common.errors import Conflict, NotAllowed
from tests.factories import make_user
from tests.when import NOW

KEY = "test-cookie-key-of-some-length"


def _current(session, held, sso=False):
    return sessions.current(session, held, sso_configured=sso)


def test_logging_out_ends_every_session_of_that_user_and_only_theirs(session):
    anna, bo = make_user(session), make_user(session)
    phone, laptop, other = sessions.grant(anna), sessions.grant(anna), sessions.grant(bo)
    assert _current(session, phone) is anna

    sessions.end_all(session, anna, by_user_id=anna.id, reason="logout")

    assert _current(session, phone) is None
    assert _current(session, laptop) is None
    assert _current(session, other) is bo
    assert _current(session, sessions.grant(anna)) is anna  # a new sign-in starts a new session
    ended = session.scalars(select(AuditEvent).where(AuditEvent.action == "user.sessions_ended")).one()
    assert ended.entity_id == anna.id and '"reason": "logout"' in ended.detail


@pytest.mark.parametrize(
    "change",
    [
        lambda s, user, admin: users.reset_password(
            s, user.id, "a new long password", by_user_id=admin.id, rounds=4
        ),
        lambda s, user, admin: users.set_role(s, user.id, "politician", by_user_id=admin.id),
        lambda s, user, admin: users.set_active(s, user.id, False, by_user_id=admin.id),
    ],
    ids=["password reset", "role change", "deactivation"],
)
def test_an_admins_change_to_an_account_ends_its_sessions(session, change):
    admin = make_user(session, role="admin")
    user = make_user(session, role="facilitator")
    held = sessions.grant(user)
    change(session, user, admin)
    session.flush()
    assert _current(session, held) is None


def test_a_change_that_changes_nothing_keeps_the_session(session):
    user = make_user(session, role="leader")
    held = sessions.grant(user)
    users.set_role(session, user.id, "leader", by_user_id=SYSTEM)  # no change, no ending
    users.set_language(session, user.id, "nb")
    assert _current(session, held) is user


def test_the_cookie_reads_back_and_a_copy_dies_with_the_version(session):
    user = make_user(session)
    cookie = sessions.cookie_value(KEY, sessions.grant(user), days=7)
    held = sessions.read_cookie(KEY, cookie)
    assert held == sessions.Grant(user.id, user.session_version)
    assert _current(session, held) is user
    sessions.end_all(session, user, by_user_id=user.id, reason="logout")
    # The same cookie, copied before the logout, still reads but signs nobody in.
    assert _current(session, sessions.read_cookie(KEY, cookie)) is None


@pytest.mark.parametrize(
    "forge",
    [
        lambda c: c.replace(c[3], "A" if c[3] != "A" else "B", 1),  # a changed payload
        lambda c: c.split(".")[0],  # no signature
        lambda c: c + "x",
        lambda c: c[:-1] + "\ud800",  # a lone surrogate: UTF-8 cannot even encode it
        lambda c: "",
        lambda c: None,
    ],
)
def test_a_forged_cookie_is_refused(session, forge):
    user = make_user(session)
    cookie = sessions.cookie_value(KEY, sessions.grant(user), days=7)
    assert sessions.read_cookie(KEY, forge(cookie)) is None


@pytest.mark.parametrize("issued_at", [2**63, -(2**63), 10**20])
def test_a_sign_on_token_issued_at_no_possible_time_signs_nobody_in(session, issued_at):
    assert sessions.sso_session_ok(make_user(session), issued_at, expiry_days=7) is False


def test_another_key_or_purpose_does_not_read(session):
    user = make_user(session)
    held = sessions.grant(user)
    assert sessions.read_cookie("another-key-entirely", sessions.cookie_value(KEY, held, 7)) is None
    # A ticket (in a URL) is no cookie, and a cookie no ticket.
    assert sessions.read_cookie(KEY, sessions.ticket(KEY, held)) is None
    assert sessions.read_ticket(KEY, sessions.cookie_value(KEY, held, 7)) is None
    assert sessions.read_ticket(KEY, sessions.ticket(KEY, held)) == held


def test_cookies_and_tickets_expire(session, clock_at):
    user = make_user(session)
    held = sessions.grant(user)
    cookie, ticket = sessions.cookie_value(KEY, held, days=7), sessions.ticket(KEY, held)
    clock_at(NOW + timedelta(seconds=sessions.TICKET_SECONDS + 1))
    assert sessions.read_ticket(KEY, ticket) is None
    assert sessions.read_cookie(KEY, cookie) == held
    clock_at(NOW + timedelta(days=7, minutes=1))
    assert sessions.read_cookie(KEY, cookie) is None


def test_with_local_accounts_switched_off_local_sessions_end(session):
    admin = make_user(session, role="admin")
    held = sessions.grant(admin)
    sign_in_policy.set_local_accounts(session, False, by_user_id=admin.id, sso_configured=True)
    assert _current(session, held, sso=True) is None
    # Without single sign-on configured the switch does not hold: local accounts are the way in.
    assert _current(session, held, sso=False) is admin
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.entity == "sign_in_policy")).all()
    assert actions == ["sign_in.local_accounts_off"]


def test_only_an_admin_switches_local_accounts_and_only_with_single_sign_on(session):
    admin, facilitator = make_user(session, role="admin"), make_user(session, role="facilitator")
    with pytest.raises(NotAllowed):
        sign_in_policy.set_local_accounts(session, False, by_user_id=facilitator.id, sso_configured=True)
    with pytest.raises(Conflict) as err:
        sign_in_policy.set_local_accounts(session, False, by_user_id=admin.id, sso_configured=False)
    assert err.value.key == "sso.local_accounts_need_sso"
    assert sign_in_policy.local_accounts_switch(session) is True
