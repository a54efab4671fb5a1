"""The login page with single sign-on configured: the sign-on button, the refusal, the switch
that leaves only the button, and a session that ends when its user's version moves."""

import pytest

from db.session import session_scope
from services.admin import sign_in_policy, users
from services.admin.permissions import SYSTEM
from tests.ui.apptest import by_label, new_app, sign_in, texts
from tests.when import NOW

ISSUER = "https://login.microsoftonline.com/tenant/v2.0"
SSO_ENV = {
    "SAMSKAB_SSO_METADATA_URL": f"{ISSUER}/.well-known/openid-configuration",
    "SAMSKAB_SSO_CLIENT_ID": "samskab",
    "SAMSKAB_SSO_CLIENT_SECRET": "s3cret",
    "SAMSKAB_SSO_REDIRECT_URI": "http://localhost:8501/oauth2callback",
    "SAMSKAB_SSO_ROLE_MAP": "Samskab.Leader=leader; Samskab.Admin=admin",
}
SSO_BUTTON = "Log ind med kommunens login"


@pytest.fixture
def sso(monkeypatch):
    for name, value in SSO_ENV.items():
        monkeypatch.setenv(name, value)


def _signed_on(roles):
    at = new_app()
    at.user = {
        "is_logged_in": True,
        "iss": ISSUER,
        "sub": "oid-42",
        "iat": int(NOW.timestamp()),
        "name": "Lise Holm",
        "roles": roles,
    }
    return at


def test_the_login_page_offers_sign_on_beside_the_local_form(demo, sso):
    at = new_app().run()
    assert [b.label for b in at.button if b.label == SSO_BUTTON] == [SSO_BUTTON]
    assert by_label(at.text_input, "Brugernavn")


def test_a_mapped_person_is_signed_in_with_their_role(demo, sso):
    at = _signed_on(["Samskab.Leader"]).run()
    assert not at.exception
    assert at.session_state["user"]["role"] == "leader"
    assert at.session_state["user"]["display_name"] == "Lise Holm"


def test_an_unmapped_person_is_told_why_and_let_in_nowhere(demo, sso):
    at = _signed_on(["Parking.Wardens"]).run()
    assert "user" not in at.session_state
    assert "din konto har ingen rolle i Samskab" in texts(at)
    assert [b.label for b in at.button if b.label == "Log ud af kommunens login"]


def test_with_local_accounts_off_the_page_shows_only_the_sign_on_button(demo, sso):
    with session_scope() as s:
        admin = users.user_by_username(s, "admin")
        sign_in_policy.set_local_accounts(s, False, by_user_id=admin.id, sso_configured=True)
    at = new_app().run()
    assert [b.label for b in at.button] == [SSO_BUTTON]
    assert not at.text_input
    assert "demo-admin-2026" not in texts(at)


def test_an_admin_switches_local_accounts_off_on_the_settings_page(demo, sso):
    at = sign_in(new_app(), "admin")
    at.switch_page("app_pages/settings.py").run()
    toggle = by_label(at.toggle, "Tillad log ind med lokale konti (brugernavn og adgangskode)")
    toggle.set_value(False)
    by_label(at.button, "Gem").click().run()
    assert not at.exception
    with session_scope() as s:
        assert sign_in_policy.local_accounts_switch(s) is False
    # The admin's own local session ends with the switch.
    at.run()
    assert "user" not in at.session_state


def test_a_session_ends_at_the_next_run_when_its_password_is_reset(demo):
    at = sign_in(new_app(), "leader")
    assert at.session_state["user"]["role"] == "leader"
    with session_scope() as s:
        leader = users.user_by_username(s, "leader")
        users.reset_password(s, leader.id, "a brand new password", by_user_id=SYSTEM, rounds=4)
    at.run()
    assert "user" not in at.session_state
    assert "Din session er afsluttet. Log ind igen." in texts(at)
