"""First start: the mode a database was seeded in, the first administrator, demo accounts refused."""

import pytest
from sqlalchemy import delete, select

from db import migrate
from db.models import AuditEvent, SiteSetting, User
from db.session import dispose, read_scope, session_scope
from demo.seed import DEMO_ACCOUNTS
from services.admin import first_admin, sign_in, site
from services.common.errors import Conflict, InvalidInput
from tests.factories import make_user

GOOD = "lyngbakke tåge cykelsti 41"


def _throttle():
    return sign_in.Throttle(per_user=100, per_address=100)


def test_the_demo_seed_remembers_it_was_a_demo_and_its_accounts(session, demo):
    assert site.seeded_mode(session) == "demo"
    assert site.demo_usernames(session) == {u for u, _, _, _ in DEMO_ACCOUNTS}
    # The demo's own process is where its workshops stand: concretising.
    assert site.remember_production_start(session) is False


def test_production_refuses_the_demo_accounts_and_says_so_in_the_log(session, demo, json_log):
    refused = sign_in.attempt(session, _throttle(), "admin", "demo-admin-2026", "10.0.0.1", production=True)
    assert refused.demo_refused and not refused.ok
    [line] = json_log.events("signin.demo_account_refused")
    assert line["level"] == "WARNING" and "create-admin" in line["hint"]
    # Never looked at: no last sign-in, no success in the audit log.
    assert session.scalar(select(User.last_login_at).where(User.username == "admin")) is None
    assert not session.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in.ok")).all()
    # The same account in demo mode signs in as ever.
    assert sign_in.attempt(session, _throttle(), "admin", "demo-admin-2026", "10.0.0.1", production=False).ok


def test_a_production_database_own_admin_account_signs_in(session):
    assert site.remember_production_start(session) is True
    make_user(session, username="admin", role="admin", password=GOOD)
    outcome = sign_in.attempt(session, _throttle(), "admin", GOOD, "10.0.0.1", production=True)
    assert outcome.ok


def test_create_first_admin_makes_an_audited_admin_and_records_production(session):
    user = first_admin.create_first_admin(
        session, username="Anna.Jensen", display_name="Anna Jensen", password=GOOD, production=True, rounds=4
    )
    assert (user.username, user.role, user.active) == ("anna.jensen", "admin", True)
    assert site.seeded_mode(session) == "production"
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == user.id)).all()
    assert {"user.create", "setup.first_admin"} <= set(actions)
    assert sign_in.attempt(session, _throttle(), "anna.jensen", GOOD, "10.0.0.1", production=True).ok


def test_create_first_admin_refuses_a_second_first_admin(session):
    first_admin.create_first_admin(
        session, username="anna", display_name="Anna", password=GOOD, production=True, rounds=4
    )
    with pytest.raises(Conflict) as refused:
        first_admin.create_first_admin(
            session, username="bo", display_name="Bo", password="fjord kantine regnjakke 7", production=True
        )
    assert refused.value.key == "error.admin_exists" and refused.value.params == {"username": "anna"}


def test_create_first_admin_refuses_a_weak_password_and_writes_nothing(session):
    with pytest.raises(InvalidInput) as refused:
        first_admin.create_first_admin(
            session, username="anna", display_name="Anna", password="anna-password1", production=True
        )
    assert refused.value.key == "error.password_has_username"
    assert session.scalar(select(User.id)) is None


def test_a_demo_database_in_production_gets_its_own_first_admin(session, demo):
    # The demo admin cannot sign in in production, so it is no administrator there.
    user = first_admin.create_first_admin(
        session, username="anna", display_name="Anna", password=GOOD, production=True, rounds=4
    )
    assert user.role == "admin"
    with pytest.raises(Conflict):
        first_admin.create_first_admin(
            session, username="admin", display_name="X", password=GOOD, production=False, rounds=4
        )


def test_migration_0008_recognises_a_database_seeded_before_it(db_url, demo):
    with session_scope(db_url) as s:
        s.execute(delete(SiteSetting))
    migrate.downgrade(db_url, "0007")
    migrate.upgrade(db_url)
    dispose(db_url)
    with read_scope(db_url) as s:
        assert site.seeded_mode(s) == "demo"
        assert site.demo_usernames(s) == {u for u, _, _, _ in DEMO_ACCOUNTS}


def test_migration_0008_leaves_a_production_database_unmarked(db_url):
    with session_scope(db_url) as s:
        make_user(s, username="admin", role="admin", password=GOOD)
    migrate.downgrade(db_url, "0007")
    migrate.upgrade(db_url)
    dispose(db_url)
    with read_scope(db_url) as s:
        assert site.seeded_mode(s) is None
        assert site.demo_usernames(s) == frozenset()
        # Accounts there already: no mode is guessed for it later either.
        assert site.remember_production_start(s) is False
