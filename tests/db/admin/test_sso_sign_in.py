"""Single sign-on on a real database: linking by issuer and subject, the role from the claims
at each sign-in, refusals, and sign-on cookies that end with the user's sessions."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, User
from services.admin import sessions, sso, users
from tests.factories import make_user
from tests.when import NOW

ISSUER = "https://login.microsoftonline.com/tenant/v2.0"
ROLE_MAP = (("Samskab.Admin", "admin"), ("Samskab.Leader", "leader"), ("Samskab.Politician", "politician"))


def _claims(sub="entra-oid-1", roles=("Samskab.Leader",), at=None, **more):
    issued = int((at or NOW).timestamp())
    return {"iss": ISSUER, "sub": sub, "iat": issued, "roles": list(roles), **more}


def _sign_in(session, claims, expiry_days=7):
    return sso.sign_in(session, claims, roles_claim="roles", role_map=ROLE_MAP, expiry_days=expiry_days)


def _actions(session):
    return session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()


def test_the_first_sign_in_creates_a_linked_account_with_the_mapped_role(session):
    claims = _claims(
        name="Lise <b>Holm</b>", email="lise.holm@lindholt.dk", preferred_username="lise.holm@lindholt.dk"
    )
    outcome = _sign_in(session, claims)
    user = session.get(User, outcome.user_id)
    assert (user.role, user.sso_issuer, user.sso_subject) == ("leader", ISSUER, "entra-oid-1")
    assert (user.username, user.display_name, user.email) == (
        "lise.holm",
        "Lise <b>Holm</b>",
        "lise.holm@lindholt.dk",
    )
    # No password: the local form cannot sign this account in.
    assert not users.check_password("", user.password_hash)
    assert _actions(session) == ["user.create", "sign_in.sso"]
    # The same person again is the same account, however the name changed.
    again = _sign_in(session, _claims(at=NOW + timedelta(hours=1), name="Lise Holm-Berg"))
    assert again.user_id == user.id
    assert session.scalar(select(func.count()).select_from(User).where(User.sso_subject.is_not(None))) == 1


def test_the_same_subject_at_another_issuer_is_another_person(session):
    first = _sign_in(session, _claims()).user_id
    other = _sign_in(session, {**_claims(), "iss": "https://adfs.lindholt.dk/adfs"}).user_id
    assert other != first


def test_an_unmapped_person_gets_no_account_and_the_refusal_is_audited(session):
    outcome = _sign_in(session, _claims(roles=("Parking.Wardens",)))
    assert (outcome.user_id, outcome.refused) == (None, "sso.no_role")
    assert session.scalar(select(func.count()).select_from(User)) == 0
    refused = session.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in.sso_refused")).one()
    assert "Parking.Wardens" in refused.detail and "entra-oid-1" in refused.detail


def test_each_sign_in_sets_the_role_from_the_claims_and_ends_sessions_of_the_old_role(session):
    user = session.get(User, _sign_in(session, _claims()).user_id)
    old_session = sessions.grant(user)
    later = _claims(roles=("Samskab.Politician",), at=NOW + timedelta(days=1))
    assert _sign_in(session, later).user_id == user.id
    assert user.role == "politician"
    assert sessions.current(session, old_session, sso_configured=True) is None
    role_change = session.scalars(select(AuditEvent).where(AuditEvent.action == "user.role")).one()
    assert '"new": "politician"' in role_change.detail and '"source": "sso"' in role_change.detail
    # The sign-on cookie of that sign-in resumes (in a new tab) with the new role...
    assert _sign_in(session, later).user_id == user.id
    # ...but the older cookie's claims neither resume nor set the role back.
    assert _sign_in(session, _claims()).refused == "sso.session_ended"
    assert user.role == "politician"


def test_someone_whose_groups_no_longer_map_is_refused_at_the_next_sign_in(session):
    user_id = _sign_in(session, _claims()).user_id
    outcome = _sign_in(session, _claims(roles=(), at=NOW + timedelta(days=1)))
    assert outcome.refused == "sso.no_role"
    assert session.get(User, user_id).role == "leader"  # unchanged, but not signed in


def test_a_copied_sign_on_cookie_stops_working_after_logout(session, clock_at):
    claims = _claims()
    user = session.get(User, _sign_in(session, claims).user_id)
    clock_at(NOW + timedelta(minutes=5))
    assert _sign_in(session, claims).user_id == user.id  # a copy, before logout: still signed in
    sessions.end_all(session, user, by_user_id=user.id, reason="logout")
    assert _sign_in(session, claims).refused == "sso.session_ended"
    # Signing on again gives a new token, which works.
    assert _sign_in(session, _claims(at=NOW + timedelta(minutes=6))).user_id == user.id


def test_a_sign_on_cookie_lasts_the_login_expiry_and_no_longer(session, clock_at):
    claims = _claims()
    _sign_in(session, claims, expiry_days=7)
    clock_at(NOW + timedelta(days=6))
    assert _sign_in(session, claims, expiry_days=7).user_id is not None
    clock_at(NOW + timedelta(days=7, minutes=1))
    assert _sign_in(session, claims, expiry_days=7).refused == "sso.session_ended"


def test_a_deactivated_account_is_refused(session):
    admin = make_user(session, role="admin")
    user_id = _sign_in(session, _claims()).user_id
    users.set_active(session, user_id, False, by_user_id=admin.id)
    later = _claims(at=NOW + timedelta(days=1))
    assert _sign_in(session, later).refused == "login.account_inactive"


@pytest.mark.parametrize("missing", ["iss", "sub", "iat"])
def test_claims_without_who_and_when_are_refused(session, missing):
    claims = _claims()
    del claims[missing]
    assert _sign_in(session, claims).refused == "sso.incomplete"


def test_a_taken_username_gets_a_number(session):
    make_user(session, username="lise.holm")
    outcome = _sign_in(session, _claims(preferred_username="Lise.Holm@lindholt.dk"))
    assert session.get(User, outcome.user_id).username == "lise.holm-2"
