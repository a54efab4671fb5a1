"""The leader dashboard in AppTest, from app.py as a browser would: roles, figures, filters, empty states."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

import clock
from db.models import Actor
from db.session import session_scope
from services.insight import ideas_to_action
from services.workshop import processes
from tests.factories import HOSTILE, make_actor, make_idea, make_initiative, make_process, make_workshop
from tests.ui.apptest import APP, new_app, sign_in, texts


def _dashboard(username):
    at = sign_in(new_app(), username)
    if username != "leader":  # leaders land on it
        at.switch_page("app_pages/dashboard.py").run()
    return at


def _metrics(at):
    return {m.label: m.value for m in at.metric}


def _table(at, *columns):
    """The table with these columns, or the first that has the one given (AppTest keeps no keys)."""
    tables = [
        d.value
        for d in at.dataframe
        if (list(d.value.columns) == list(columns) if len(columns) > 1 else columns[0] in d.value.columns)
    ]
    assert tables, f"no table with columns {columns!r}"
    return tables[0]


def _expected(db_url, **filters):
    with session_scope(db_url) as s:
        return ideas_to_action.funnel(s, today=clock.today(), **filters)


@pytest.mark.parametrize("username", ["leader", "admin"])
def test_leader_and_admin_see_the_demo_figures(demo, db_url, username):
    at = _dashboard(username)
    assert not at.exception
    assert at.title[0].value == "Ledelsesoverblik"
    expected = _expected(db_url)
    metrics = _metrics(at)
    assert metrics["Deltagere"] == str(expected.participants)
    assert metrics["Idéer"] == str(expected.ideas)
    assert metrics["Initiativer"] == str(expected.initiatives)
    assert metrics["I gang"] == str(expected.in_progress)
    assert metrics["Afsluttet"] == str(expected.completed)
    # Headers of every section, and the charts with a table view each.
    shown = texts(at)
    for header in ("Fra idé til handling", "Initiativer", "Frivillige og ressourcer", "Spørgeskemaer"):
        assert header in [h.value for h in at.header]
    assert "Processerne side om side" in [h.value for h in at.header]
    assert "Milepæle, der er overskredet" in shown
    overdue = _table(at, "Ansvarlig (tovholder)")
    assert len(overdue) >= 1 and all(overdue["Ansvarlig (tovholder)"])
    # The demo has two processes to compare.
    compared = _table(at, "Proces")
    with session_scope(db_url) as s:
        assert list(compared["Proces"]) == [p.title for p in processes.list_processes(s)]
    assert len(compared) == 2
    assert len(at.expander) >= 6


@pytest.mark.parametrize("username", ["facilitator", "politician"])
def test_other_roles_cannot_open_it(demo, username):
    at = sign_in(new_app(), username)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/dashboard.py")
    # Reached some other way, the page refuses the role itself.
    page = AppTest.from_file(str(Path(APP).parent / "app_pages" / "dashboard.py"), default_timeout=30)
    page.session_state["user"] = {"id": 1, "role": username, "username": username}
    page.run()
    assert "Du har ikke adgang til denne side." in [e.value for e in page.error]
    assert not page.metric and not page.get("plotly_chart")


def test_a_fresh_process_shows_helpful_empty_states(demo, db_url):
    with session_scope(db_url) as s:
        fresh = make_process(s, title="Ny proces uden data").id
    at = _dashboard("leader")
    at.selectbox(key="dashboard_process").set_value(fresh).run()
    assert not at.exception
    assert all(v == "0" for k, v in _metrics(at).items() if k in ("Deltagere", "Idéer", "Initiativer"))
    infos = " ".join(i.value for i in at.info)
    assert "Der er ingen idéer eller initiativer i perioden endnu" in infos
    assert "Der er ingen initiativer for dette valg" in infos
    assert "Der er ingen frivillige timer eller medarbejdertimer i perioden" in infos
    assert not [c for c in at.get("plotly_chart") if "funnel" in str(c.proto.id)]


def test_actor_filter_changes_the_initiatives(demo, db_url):
    at = _dashboard("leader")
    options = at.selectbox(key="dashboard_actor").options
    assert len(options) > 2
    with session_scope(db_url) as s:
        cafe = s.scalar(select(Actor.id).where(Actor.name == "Café Kaffekanden"))
    at.selectbox(key="dashboard_actor").set_value(cafe).run()
    assert not at.exception
    expected = _expected(db_url, actor_id=cafe)
    assert _metrics(at)["Initiativer"] == str(expected.initiatives)
    assert expected.initiatives == 2  # the café leads one and partners another
    assert "Aktørfilteret gælder initiativer" in texts(at)


def test_user_text_is_shown_literally(demo, db_url):
    with session_scope(db_url) as s:
        process = make_process(s)
        workshop = make_workshop(s, process_id=process.id)
        make_idea(s, workshop)
        initiative = make_initiative(s, process_id=process.id)
        initiative.status, initiative.starts_on = "in_progress", date(2026, 1, 5)
        make_actor(s)
        title = initiative.title
    at = _dashboard("leader")
    at.selectbox(key="dashboard_process").set_value(process.id).run()
    assert not at.exception
    without_lead = _table(at, "Initiativ", "Status")
    assert title in list(without_lead["Initiativ"])
    assert HOSTILE in title
    # Markdown elements never carry the raw text: no bold, no script tag rendered.
    assert "<script>" not in texts(at)
