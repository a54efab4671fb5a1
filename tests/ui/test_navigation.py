"""Each role sees exactly its pages; anonymous sees the login; other pages cannot be reached."""

import pytest
from babel.numbers import format_decimal
from sqlalchemy import func, select

from db.models import Participant, Process, Workshop
from db.session import read_scope
from tests.ui.apptest import ROLE_USER, by_label, new_app, sign_in, texts

STAFF_PAGES = {
    "overview": "app_pages/overview.py",
    "processes": "app_pages/processes.py",
    "workshops": "app_pages/workshops.py",
    "console": "app_pages/console.py",
    "projector": "app_pages/projector.py",
    "catalogue": "app_pages/catalogue.py",
    "initiatives": "app_pages/initiatives.py",
    "initiative": "app_pages/initiative.py",
    "actors": "app_pages/actors.py",
    "users": "app_pages/users.py",
    "audit": "app_pages/audit.py",
    "settings": "app_pages/settings.py",
    "volunteers": "app_pages/volunteers.py",
    "hours": "app_pages/hours.py",
    "staff_time": "app_pages/staff_time.py",
    "resources": "app_pages/resources.py",
    "surveys": "app_pages/surveys.py",
    "survey_results": "app_pages/survey_results.py",
    "dashboard": "app_pages/dashboard.py",
    "summary": "app_pages/summary.py",
    "inclusion": "app_pages/inclusion.py",
}
WORK = {"overview", "processes", "workshops", "console", "projector"}
ACTION = {"catalogue", "initiatives", "initiative", "actors"}
VOLUNTEER_PAGES = {"volunteers", "hours", "staff_time", "resources", "surveys", "survey_results"}
INSIGHT = {"dashboard", "summary", "inclusion"}
EXPECTED = {
    "admin": WORK | ACTION | VOLUNTEER_PAGES | INSIGHT | {"users", "audit", "settings"},
    "facilitator": WORK | ACTION | {"hours", "staff_time", "surveys", "survey_results", "inclusion"},
    "leader": {"overview"} | ACTION | VOLUNTEER_PAGES | INSIGHT,
    "politician": {"overview", "resources", "survey_results", "summary", "inclusion"} | ACTION,
}
# Leaders land on their dashboard, politicians on their summary, the others on the overview.
HOME = {"admin": "overview", "facilitator": "overview", "leader": "dashboard", "politician": "summary"}
TITLES = {
    "overview": "Overblik",
    "processes": "Samskabelsesprocesser",
    "workshops": "Værksteder",
    "console": "Konkretiseringsværksted",
    "projector": "Konkretiseringsværksted",
    "catalogue": "Inspirationskatalog",
    "initiatives": "Initiativer",
    "initiative": "Initiativ",
    "actors": "Aktører og aktiviteter",
    "users": "Brugere",
    "audit": "Log",
    "settings": "Indstillinger",
    "volunteers": "Frivillige",
    "hours": "Frivilliges timer",
    "staff_time": "Medarbejdertid",
    "resources": "Ressourcekort",
    "surveys": "Spørgeskemaer",
    "survey_results": "Spørgeskemaresultater",
    "dashboard": "Ledelsesoverblik",
    "summary": "Politisk overblik",
    "inclusion": "Deltagelse og inklusion",
}


def test_anonymous_sees_the_login_and_no_pages(demo):
    at = new_app().run()
    assert not at.exception
    assert "Log ind for medarbejdere" in texts(at)
    assert [b.label for b in at.button] == ["Log ind"]
    # The demo accounts are listed in demo mode.
    assert "demo-leader-2026" in str(at.table[0].value.to_dict())
    # Asking for a staff page without signing in shows the login again, not the page.
    at.switch_page("app_pages/users.py").run()
    assert "Log ind for medarbejdere" in texts(at)
    assert not at.dataframe
    assert "Brugere" not in [t.value for t in at.title]


def test_production_mode_hides_the_demo_accounts(demo, monkeypatch):
    monkeypatch.setenv("SAMSKAB_MODE", "production")
    at = new_app().run()
    assert not at.exception
    assert len(at.table) == 0
    assert "demo-admin-2026" not in texts(at)


def test_wrong_password_is_refused_with_a_message(demo):
    at = new_app()
    sign_in(at, "admin", "not the password")
    assert "Forkert brugernavn eller adgangskode." in texts(at)
    assert at.session_state["authentication_status"] is not True


@pytest.mark.parametrize("username", ["", " " * 5, "ad\x00min", "x" * 5000, "ádmín", "<script>"])
def test_odd_usernames_just_fail_to_sign_in(demo, username):
    at = new_app()
    sign_in(at, username, "whatever-password")
    assert not at.exception
    assert at.session_state["authentication_status"] is not True
    assert "Log ind for medarbejdere" in texts(at)


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_sees_exactly_its_pages(demo, role):
    at = sign_in(new_app(), ROLE_USER[role])
    assert not at.exception
    assert at.title[0].value == TITLES[HOME[role]]
    for page, path in STAFF_PAGES.items():
        if page in EXPECTED[role]:
            at.switch_page(path).run()
            assert not at.exception
            assert at.title[0].value == TITLES[page], page
            assert not at.error, f"{role} got an error on {page}"
        else:
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(path)


def test_a_page_checks_the_role_itself(demo):
    """Even if reached without the navigation, a page refuses a role it is not for."""
    at = sign_in(new_app(), "leader")
    at.session_state["user"] = dict(at.session_state["user"], role="leader")
    from streamlit.testing.v1 import AppTest

    page = AppTest.from_file(
        STAFF_PAGES["users"].replace("app_pages/", "../../app_pages/"), default_timeout=30
    )
    page.session_state["user"] = {"id": 1, "role": "leader", "username": "leader"}
    page.run()
    assert "Du har ikke adgang til denne side." in [e.value for e in page.error]
    assert not page.dataframe


def test_logout_returns_to_the_login(demo):
    at = sign_in(new_app(), "facilitator")
    by_label(at.sidebar.button, "Log ud").click()
    at.run()
    at.run()
    assert "Log ind for medarbejdere" in texts(at)
    assert at.session_state["authentication_status"] is None


def test_language_switch_changes_the_strings(demo, db_url):
    at = sign_in(new_app(), "admin")
    by_label(at.sidebar.selectbox, "Sprog").select("en").run()
    assert at.title[0].value == "Overview"
    assert "Sign out" in [b.label for b in at.sidebar.button]
    by_label(at.sidebar.selectbox, "Language").select("nb").run()
    assert at.title[0].value == "Oversikt"
    # One "Deltakere" per process, as many as joined its workshops, in Norwegian numbers.
    with read_scope(db_url) as s:
        joined = [
            s.scalar(
                select(func.count(Participant.id))
                .join(Workshop, Workshop.id == Participant.workshop_id)
                .where(Workshop.process_id == process_id)
            )
            for process_id in s.scalars(select(Process.id).order_by(Process.id))
        ]
    participants = [m.value for m in at.metric if m.label == "Deltakere"]
    assert sorted(participants) == sorted(format_decimal(n, locale="nb_NO") for n in joined)


def test_language_choice_is_remembered_for_the_user(demo):
    at = sign_in(new_app(), "leader")
    by_label(at.sidebar.selectbox, "Sprog").select("en").run()
    fresh = sign_in(new_app(), "leader", labels=("Brugernavn", "Adgangskode", "Log ind"))
    assert fresh.title[0].value == "Leader dashboard"


def test_login_page_language_switch(demo):
    at = new_app().run()
    by_label(at.selectbox, "Sprog").select("nb").run()
    assert "Innlogging for ansatte" in texts(at)
    assert [b.label for b in at.button] == ["Logg inn"]
