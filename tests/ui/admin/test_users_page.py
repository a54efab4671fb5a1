"""Admins manage staff accounts through the Users page."""

from sqlalchemy import func, select

from db.models import User
from db.session import read_scope
from services.admin import users
from tests.ui.apptest import by_label, new_app, sign_in, texts


def _users_page():
    at = sign_in(new_app(), "admin")
    return at.switch_page("app_pages/users.py").run()


def _fill_new_user(at, username, name, role, password, repeat=None):
    by_label(at.text_input, "Brugernavn").input(username)
    by_label(at.text_input, "Navn").input(name)
    by_label(at.selectbox, "Rolle").select(role)
    by_label(at.text_input, "Adgangskode").input(password)
    by_label(at.text_input, "Gentag adgangskode").input(password if repeat is None else repeat)
    by_label(at.button, "Opret bruger").click()
    return at.run()


def _count(url):
    with read_scope(url) as s:
        return s.scalar(select(func.count()).select_from(User))


def test_admin_creates_a_user_who_can_then_sign_in(demo, db_url):
    at = _fill_new_user(_users_page(), "Bo.Hansen", "Bo <b>Hansen</b>", "leader", "en god adgangskode")
    assert not at.exception
    assert "Brugeren bo.hansen er oprettet." in texts(at)
    table = at.dataframe[0].value
    assert "Bo <b>Hansen</b>" in list(table["Navn"])
    with read_scope(db_url) as s:
        created = users.user_by_username(s, "bo.hansen")
        assert created.role == "leader" and created.password_hash.startswith("$2b$")
    fresh = sign_in(new_app(), "bo.hansen", "en god adgangskode")
    assert fresh.title[0].value == "Ledelsesoverblik"  # a leader lands on the dashboard


def test_bad_input_is_explained_and_nothing_is_created(demo, db_url):
    before = _count(db_url)
    at = _fill_new_user(_users_page(), "x", "Someone", "leader", "en god adgangskode")
    assert any("Et brugernavn har 3–40 tegn" in e.value for e in at.error)
    at = _fill_new_user(at, "someone", "Someone", "leader", "kort")
    assert any("mindst 10 tegn" in e.value for e in at.error)
    at = _fill_new_user(at, "someone", "Someone", "leader", "en god adgangskode", "en anden kode!")
    assert "De to adgangskoder er ikke ens." in [e.value for e in at.error]
    at = _fill_new_user(at, "admin", "Someone", "leader", "en god adgangskode")
    assert any("admin er allerede i brug" in e.value for e in at.error)
    assert _count(db_url) == before


def test_the_last_admin_cannot_be_demoted_in_the_ui(demo, db_url):
    at = _users_page()
    role_box = next(s for s in at.selectbox if s.key and s.key.startswith("users_role_"))
    assert role_box.value == "admin"  # the first user listed is the admin
    role_box.select("leader").run()
    by_label(at.button, "Gem rolle").click()
    at.run()
    assert "Det er den sidste aktive administrator." in " ".join(e.value for e in at.error)
    with read_scope(db_url) as s:
        assert users.user_by_username(s, "admin").role == "admin"


def test_admin_deactivates_and_resets_another_user(demo, db_url):
    at = _users_page()
    with read_scope(db_url) as s:
        leader = users.user_by_username(s, "leader")
    by_label(at.selectbox, "Bruger").set_value(leader.id).run()
    by_label(at.button, "Deaktivér").click()
    at.run()
    assert "Status for leader er gemt." in texts(at)
    with read_scope(db_url) as s:
        assert not users.user_by_username(s, "leader").active
    refused = sign_in(new_app(), "leader")
    assert refused.session_state["authentication_status"] is not True

    by_label(at.selectbox, "Bruger").set_value(leader.id).run()
    by_label(at.button, "Aktivér igen").click()
    at.run()
    by_label(at.selectbox, "Bruger").set_value(leader.id).run()
    inputs = [w for w in at.text_input if w.key in ("users_reset_password", "users_reset_password2")]
    for w in inputs:
        w.input("helt ny kode 42")
    by_label(at.button, "Gem ny adgangskode").click()
    at.run()
    assert "Ny adgangskode for leader er gemt." in texts(at)
    assert sign_in(new_app(), "leader", "helt ny kode 42").title[0].value == "Ledelsesoverblik"
