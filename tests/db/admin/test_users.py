"""Staff accounts on a real database: hashing, validation, roles and the last-admin rule."""

import bcrypt
import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, User
from services.admin import users
from services.admin.permissions import SYSTEM
from services.common.errors import Conflict, InvalidInput, NotAllowed
from tests.factories import make_user


def test_password_is_stored_as_bcrypt_hash(session):
    user = make_user(session, password="correct horse battery")
    session.commit()
    stored = session.scalar(select(User.password_hash).where(User.id == user.id))
    assert "correct horse" not in stored
    assert stored.startswith("$2b$")
    assert bcrypt.checkpw(b"correct horse battery", stored.encode())


def test_username_is_stored_lower_case_and_must_be_unique(session):
    make_user(session, username="Mette.Lund")
    assert users.user_by_username(session, "mette.lund") is not None
    with pytest.raises(Conflict) as err:
        make_user(session, username="METTE.LUND")
    assert err.value.key == "error.username_taken"


@pytest.mark.parametrize(
    ("username", "key"),
    [
        ("", "error.required"),
        ("   ", "error.required"),
        ("ab", "error.username_format"),
        ("x" * 41, "error.username_format"),
        ("x" * 10_000, "error.username_format"),
        ("ole\x00", "error.username_format"),
        ("søren", "error.username_format"),
        ("名前名前", "error.username_format"),
        ("has space", "error.username_format"),
        ("<script>", "error.username_format"),
    ],
)
def test_bad_usernames_get_a_clear_message_and_create_nothing(session, username, key):
    before = session.scalar(select(func.count()).select_from(User))
    with pytest.raises(InvalidInput) as err:
        make_user(session, username=username)
    assert err.value.key == key
    assert session.scalar(select(func.count()).select_from(User)) == before


@pytest.mark.parametrize(
    ("password", "key"),
    [
        ("", "error.required"),
        ("short", "error.password_short"),
        (" leading-space-pw", "error.password_spaces"),
        ("trailing-space-pw ", "error.password_spaces"),
        ("control\x07chars-here", "error.control_characters"),
        ("æ" * 37, "error.password_long"),  # 74 bytes in UTF-8
        ("x" * 100_000, "error.password_long"),
    ],
)
def test_bad_passwords_are_refused(session, password, key):
    with pytest.raises(InvalidInput) as err:
        make_user(session, password=password)
    assert err.value.key == key


def test_unicode_password_works(session):
    user = make_user(session, password="blåbærgrød på æbleskiver")
    assert users.check_password("blåbærgrød på æbleskiver", user.password_hash)
    assert not users.check_password("blabaergrod pa aebleskiver", user.password_hash)


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(session):
    admin = make_user(session, role="admin")
    with pytest.raises(Conflict) as err:
        users.set_role(session, admin.id, "leader", by_user_id=admin.id)
    assert err.value.key == "error.last_admin"
    with pytest.raises(Conflict):
        users.set_active(session, admin.id, False, by_user_id=SYSTEM)
    session.refresh(admin)
    assert admin.role == "admin" and admin.active


def test_an_admin_can_be_removed_while_another_remains(session):
    first = make_user(session, role="admin")
    second = make_user(session, role="admin")
    users.set_active(session, first.id, False, by_user_id=second.id)
    assert users.count_active_admins(session) == 1
    with pytest.raises(Conflict):
        users.set_role(session, second.id, "leader", by_user_id=second.id)


def test_a_deactivated_admin_does_not_count(session):
    admin = make_user(session, role="admin")
    spare = make_user(session, role="admin")
    users.set_active(session, spare.id, False, by_user_id=admin.id)
    with pytest.raises(Conflict):
        users.set_role(session, admin.id, "facilitator", by_user_id=admin.id)


def test_nobody_deactivates_themselves(session):
    make_user(session, role="admin")
    me = make_user(session, role="admin")
    with pytest.raises(Conflict) as err:
        users.set_active(session, me.id, False, by_user_id=me.id)
    assert err.value.key == "error.deactivate_self"


def test_deactivated_users_cannot_sign_in(session):
    admin = make_user(session, role="admin")
    gone = make_user(session, role="leader")
    users.set_active(session, gone.id, False, by_user_id=admin.id)
    credentials = users.login_credentials(session)["usernames"]
    assert admin.username in credentials
    assert gone.username not in credentials
    assert credentials[admin.username]["roles"] == ["admin"]


def test_reset_password_replaces_the_hash_and_is_audited(session):
    admin = make_user(session, role="admin")
    user = make_user(session, password="old password 1")
    users.reset_password(session, user.id, "new password 2", by_user_id=admin.id, rounds=4)
    session.commit()
    assert users.check_password("new password 2", user.password_hash)
    assert not users.check_password("old password 1", user.password_hash)
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == user.id)).all()
    assert "user.password_reset" in actions


def test_role_changes_are_audited_with_old_and_new(session):
    admin = make_user(session, role="admin")
    user = make_user(session, role="leader")
    users.set_role(session, user.id, "politician", by_user_id=admin.id)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "user.role"))
    assert event.user_id == admin.id
    assert '"old": "leader"' in event.detail and '"new": "politician"' in event.detail


def test_a_politician_cannot_make_a_facilitator_an_administrator(session):
    make_user(session, role="admin")
    politician = make_user(session, role="politician")
    facilitator = make_user(session, role="facilitator")
    with pytest.raises(NotAllowed):
        users.set_role(session, facilitator.id, "admin", by_user_id=politician.id)
    with pytest.raises(NotAllowed):
        users.create_user(
            session, username="sneaky", display_name="S", role="admin", password="x" * 12, by_user_id=None
        )
    session.refresh(facilitator)
    assert facilitator.role == "facilitator"
    assert users.user_by_username(session, "sneaky") is None


def test_a_deactivated_admin_acts_no_more(session):
    admin = make_user(session, role="admin")
    other = make_user(session, role="admin")
    users.set_active(session, other.id, False, by_user_id=admin.id)
    with pytest.raises(NotAllowed):
        users.set_role(session, admin.id, "leader", by_user_id=other.id)


def test_unknown_role_is_refused(session):
    with pytest.raises(InvalidInput) as err:
        make_user(session, role="superuser")
    assert err.value.key == "error.not_a_choice"
