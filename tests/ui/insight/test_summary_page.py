"""The politicians' summary in AppTest, from app.py as a browser would: figures, roles, empty state."""

from datetime import date

import pytest
from sqlalchemy import func, or_, select
from streamlit.testing.v1 import AppTest

import clock
import i18n
from components.literal import literal
from db.models import HoursEntry, Idea, Initiative, Participant, Process, Workshop
from db.session import read_scope, session_scope
from tests.factories import HOSTILE, make_initiative, make_process
from tests.ui.apptest import new_app, sign_in, texts

PAGE = "app_pages/summary.py"
DA = i18n.catalogue("da")


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _downloads(at):
    return at.get("download_button")


def _expected(db_url, process_id=None) -> dict[str, str]:
    """The six figures counted straight from the tables, formatted as a Danish reader sees them."""
    today = clock.today()
    with read_scope(db_url) as s:
        in_process = [Workshop.process_id == process_id] if process_id else []
        participants = s.scalar(
            select(func.count()).select_from(Participant).join(Workshop).where(*in_process)
        )
        ideas = s.scalar(
            select(func.count())
            .select_from(Idea)
            .join(Workshop)
            .where(*in_process, Idea.status == "active", ~Idea.hidden, Idea.merged_into_id.is_(None))
        )
        groups = set(s.scalars(select(Participant.stakeholder_group).join(Workshop).where(*in_process)))
        targets = (
            {g.stakeholder_group for g in s.get_one(Process, process_id).target_groups}
            if process_id
            else set()
        )
        inits = [i for i in s.scalars(select(Initiative)) if process_id is None or i.process_id == process_id]
        launched = sum(
            1
            for i in inits
            if i.status in ("in_progress", "paused", "completed", "stopped")
            and i.starts_on
            and i.starts_on <= today
        )
        completed = sum(1 for i in inits if i.status == "completed")
        of_process = [i.id for i in inits]
        hours_of_process = (
            [or_(HoursEntry.process_id == process_id, HoursEntry.initiative_id.in_(of_process))]
            if process_id
            else []
        )
        minutes = (
            s.scalar(select(func.coalesce(func.sum(HoursEntry.minutes), 0)).where(*hours_of_process)) or 0
        )
    counted = groups & targets if targets else groups
    hours = round(minutes / 60)
    return {
        "Deltagere": f"{participants:,}".replace(",", "."),
        "Grupper nået": f"{len(counted)} af {len(targets) or 7}",
        "Idéer": f"{ideas:,}".replace(",", "."),
        "Initiativer startet / afsluttet": f"{launched} / {completed}",
        "Frivillige timer": f"{hours:,}".replace(",", "."),
        "Anslået værdi": f"{round(minutes * 200 / 60):,} kr.".replace(",", "."),
    }


def _newest_process(db_url) -> int:
    with read_scope(db_url) as s:
        return s.scalars(
            select(Process.id).order_by(Process.starts_on.desc().nulls_last(), Process.id.desc()).limit(1)
        ).one()


def test_a_politician_lands_on_the_summary_and_every_figure_matches_the_database(demo, db_url):
    at = sign_in(new_app(), "politician")
    assert not at.exception
    assert at.title[0].value == "Politisk overblik"
    assert len(at.metric) == 6
    process_id = _newest_process(db_url)
    assert at.selectbox(key="summary_process").value == process_id
    assert _metrics(at) == _expected(db_url, process_id)
    # The demo's process is under way: trends, lists, chart with its table, the not-reached line.
    assert all(m.proto.delta for m in at.metric)
    page = texts(at)
    assert "Topidéer med bred opbakning" in page and "Vigtigste initiativer" in page
    assert (literal("Ikke nået endnu:") in page) or (literal(DA["summary.all_reached"]) in page)
    assert at.get("plotly_chart") and at.dataframe
    assert [d.proto.label for d in _downloads(at)] == ["Hent PDF på én side"]


def test_all_processes(demo, db_url):
    at = sign_in(new_app(), "politician")
    at.selectbox(key="summary_process").select_index(0).run()
    assert at.selectbox(key="summary_process").value is None
    assert not at.exception
    assert _metrics(at) == _expected(db_url)


@pytest.mark.parametrize("username", ["leader", "admin"])
def test_leaders_and_admins_reach_the_summary(demo, db_url, username):
    at = sign_in(new_app(), username)
    at.switch_page(PAGE).run()
    assert not at.exception and not at.error
    assert at.title[0].value == "Politisk overblik"
    assert _metrics(at) == _expected(db_url, _newest_process(db_url))


def test_a_facilitator_cannot_open_it(demo):
    at = sign_in(new_app(), "facilitator")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE)
    # Reached some other way, the page refuses on its own.
    page = AppTest.from_file("../../../" + PAGE, default_timeout=30)
    page.session_state["user"] = {"id": 2, "role": "facilitator", "username": "facilitator"}
    page.run()
    assert DA["error.not_allowed"] in [e.value for e in page.error]
    assert not page.metric


def test_a_new_process_shows_help_not_empty_charts(demo, db_url):
    with session_scope(db_url) as s:
        empty = make_process(s, title=f"{HOSTILE} ny proces", starts_on=date(2099, 1, 1)).id
    at = sign_in(new_app(), "politician")
    assert at.selectbox(key="summary_process").value == empty  # the newest process
    assert not at.exception
    assert _metrics(at) == {
        "Deltagere": "0",
        "Grupper nået": "0 af 7",
        "Idéer": "0",
        "Initiativer startet / afsluttet": "0 / 0",
        "Frivillige timer": "0",
        "Anslået værdi": "0 kr.",
    }
    assert not any(m.proto.delta for m in at.metric)
    assert DA["summary.empty"] in [i.value for i in at.info]
    assert not at.get("plotly_chart") and not _downloads(at)


def test_user_text_is_shown_literally(demo, db_url):
    with session_scope(db_url) as s:
        process = make_process(s, title="Lille proces", starts_on=date(2099, 1, 1))
        initiative = make_initiative(s, process_id=process.id)
        initiative.status, initiative.starts_on, initiative.progress = "in_progress", date(2026, 1, 5), 30
        title = initiative.title
    at = sign_in(new_app(), "politician")
    assert not at.exception
    assert f"**{literal(title)}**" in texts(at)
    assert _metrics(at)["Initiativer startet / afsluttet"] == "1 / 0"
    # No hours yet: a sentence instead of an empty chart; the download is still there.
    assert DA["summary.no_hours"] in [i.value for i in at.info]
    assert len(_downloads(at)) == 1
