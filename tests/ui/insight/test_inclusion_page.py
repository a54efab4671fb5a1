"""The inclusion page in AppTest, from app.py: every staff role, target groups, flags, masking, escaping."""

import json

import pytest
from sqlalchemy import select

from components.literal import literal
from db.models import AuditEvent, ProcessTargetGroup
from db.session import read_scope, session_scope
from services.workshop import votes
from tests.factories import HOSTILE, make_idea, make_participant, make_process, make_user, make_workshop
from tests.ui.apptest import by_label, new_app, sign_in, texts

PASSWORD = "correct horse battery"
NORD, SYD = "**Nord**", "<i>Syd</i>"


def _open(username, password=None):
    return sign_in(new_app(), username, password).switch_page("app_pages/inclusion.py").run()


def _table(at, first_header):
    """The first table whose first column is `first_header`, as {column: [values]}."""
    for frame in at.dataframe:
        value = frame.value
        if value.columns[0] == first_header:
            return {c: list(value[c]) for c in value.columns}
    raise AssertionError(f"no table starting with {first_header!r}")


def _table_after(at, column):
    """The first table that has `column`."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return {c: list(frame.value[c]) for c in frame.value.columns}
    raise AssertionError(f"no table with {column!r}")


def _chart_labels(at, index=0):
    spec = json.loads(at.get("plotly_chart")[index].proto.spec)
    return [
        label
        for trace in spec["data"]
        for label, x in zip(trace["y"], trace["x"], strict=True)
        if x is not None
    ]


@pytest.fixture
def town(db_url, monkeypatch):
    """One process (target: citizens) with a workshop: 6 citizens in **Nord**, 2 businesses in
    **Nord**, nobody in <i>Syd</i>; two ideas by citizens with dots; staff of every role."""
    monkeypatch.setenv("SAMSKAB_AREAS", f"{NORD},{SYD}")
    monkeypatch.setenv("SAMSKAB_POPULATION_AREA_SHARES", f"{NORD}:50,{SYD}:50")
    monkeypatch.setenv("SAMSKAB_POPULATION_AGE_SHARES", "under_30:50,65_79:50")
    with session_scope(db_url) as s:
        for role in ("admin", "facilitator", "leader", "politician"):
            make_user(s, username=f"{role}1", role=role, password=PASSWORD)
        process = make_process(s, target_groups=["citizen"])
        w = make_workshop(s, process_id=process.id, phase="vote", dot_budget=5, dots_per_idea=3)
        areas = (NORD, SYD)
        citizens = [
            make_participant(
                s, w, stakeholder_group="citizen", area=NORD, age_band="65_79", first_time=i < 3, areas=areas
            )[0]
            for i in range(6)
        ]
        for _ in range(2):
            make_participant(s, w, stakeholder_group="business", area=NORD, areas=areas)
        ideas = [make_idea(s, w, participant_id=citizens[i].id) for i in range(2)]
        for person in citizens:
            votes.add_dot(s, person.id, ideas[0].id)
        for _ in range(2):
            votes.add_dot(s, citizens[0].id, ideas[1].id)
        return {
            "process_id": process.id,
            "title": process.title,
            "workshop": w.title,
            "ideas": [i.title for i in ideas],
        }


@pytest.mark.parametrize("role", ["admin", "facilitator", "leader", "politician"])
def test_every_staff_role_sees_the_figures(town, role):
    at = _open(f"{role}1", PASSWORD)
    assert not at.exception
    assert at.title[0].value == "Deltagelse og inklusion"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Deltagere"] == "8"
    assert metrics["Målgrupper nået"] == "1 af 1"
    # Age: everyone who answered is 65–79, nobody under 30 → 0; the first-time share
    # is hidden because 3 first-timers and 3 returning are both below 5.
    assert metrics["Repræsentationsscore"] == "0,00"
    assert metrics["Første gang"] == "–"
    assert at.selectbox(key="inclusion_process").value == town["process_id"]


def test_small_counts_are_shown_as_under_five_and_left_out_of_charts(town):
    at = _open("leader1", PASSWORD)
    groups = _table(at, "Aktørgruppe")
    row = groups["Aktørgruppe"].index("Virksomhed")
    assert groups["Deltagere"][row] == "< 5"
    assert groups["Andel af deltagerne"][row] == "–"
    citizen = groups["Aktørgruppe"].index("Borger")
    assert (groups["Deltagere"][citizen], groups["Andel af deltagerne"][citizen]) == ("6", "75 %")
    # The chart of participants by group draws citizens (6) but no bar for the 2 businesses.
    assert _chart_labels(at, 0) == ["Borger"]
    assert "Grupper med 1–4 deltagere er udeladt af diagrammet" in texts(at)
    # Ideas and dots: citizens wrote 2 ideas (masked, and so is their share) and gave all
    # 8 dots; the 2 businesses show nothing but "< 5".
    brought = _table_after(at, "Idéer")
    rows = dict(zip(brought["Aktørgruppe"], zip(*list(brought.values())[1:], strict=True), strict=True))
    assert rows["Borger"] == ("6", "< 5", "–", "8", "100 %")
    assert rows["Virksomhed"] == ("< 5", "–", "–", "–", "–")
    first = texts(at)
    assert "Første gang: **< 5** · har været med før: **< 5** · ikke oplyst: **< 5**" in first


def test_area_names_and_user_texts_are_shown_literally(town):
    at = _open("facilitator1", PASSWORD)
    assert not at.exception
    warning = at.warning[0].value
    # <i>Syd</i> has nobody: under-represented, named literally in the flag.
    assert f"**{literal(SYD)}** (område) – 0 deltagere, repræsentationsforhold 0,00" in warning
    areas = _table(at, "Område")
    assert areas["Område"][:2] == [NORD, SYD]
    assert areas["Deltagere"][:2] == ["8", "0"]
    assert areas["Repræsentationsforhold"][:2] == ["2,00", "0,00"]
    # Idea titles keep their <script> and ** exactly as typed in both top lists. By hand:
    # only the citizens (6 voters) count; 6 of 6 → (6+1)/(6+2) = 0.875; 1 of 6 → 2/8 = 0.25.
    shown = [m.value for m in at.markdown]
    assert HOSTILE in town["ideas"][0]
    assert shown.count(f"**1.** {literal(town['ideas'][0])}") == 2
    assert shown.count(f"**2.** {literal(town['ideas'][1])}") == 2
    captions = [c.value for c in at.caption]
    where = literal(town["workshop"])
    assert captions.count(f"Prikker: 6 · personer: 6 · grupper: 1 · brobygning: 0,88 · {where}") == 2
    assert captions.count(f"Prikker: 2 · personer: 1 · grupper: 1 · brobygning: 0,25 · {where}") == 2
    assert at.selectbox(key="inclusion_process").format_func(town["process_id"]) == town["title"]


def test_facilitator_sets_target_groups_and_the_flags_change(town, db_url):
    at = _open("facilitator1", PASSWORD)
    assert "Virksomhed" not in at.warning[0].value
    targets = at.multiselect(key=f"inclusion_targets_{town['process_id']}")
    assert targets.value == ["citizen"]
    targets.set_value(["citizen", "business", "politician"])
    by_label(at.button, "Gem målgrupper").click()
    at.run()
    assert not at.exception
    assert "Målgrupperne er gemt." in [s.value for s in at.success]
    warning = at.warning[0].value
    assert "**Politiker** – ingen endnu (målgruppe)" in warning
    assert "**Virksomhed** – kun < 5 deltagere (målgruppe)" in warning
    assert {m.label: m.value for m in at.metric}["Målgrupper nået"] == "2 af 3"
    with read_scope(db_url) as s:
        stored = s.scalars(
            select(ProcessTargetGroup.stakeholder_group).where(
                ProcessTargetGroup.process_id == town["process_id"]
            )
        )
        assert sorted(stored) == ["business", "citizen", "politician"]
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "process.target_groups")).one()
        assert event.entity_id == town["process_id"]


@pytest.mark.parametrize("role", ["politician", "leader"])
def test_others_see_target_groups_read_only(town, role):
    at = _open(f"{role}1", PASSWORD)
    assert not at.multiselect
    assert "Gem målgrupper" not in [b.label for b in at.button]
    assert "Processen skal nå: Borger." in texts(at)


def test_a_process_without_participants_explains_itself(db_url):
    with session_scope(db_url) as s:
        make_user(s, username="fac", role="facilitator", password=PASSWORD)
        make_process(s, target_groups=["business"])
    at = _open("fac", PASSWORD)
    assert not at.exception
    assert "Ingen har deltaget her endnu." in texts(at)
    assert {m.label: m.value for m in at.metric}["Deltagere"] == "0"
    assert not at.get("plotly_chart")


def test_no_process_yet(db_url):
    with session_scope(db_url) as s:
        make_user(s, username="pol", role="politician", password=PASSWORD)
    at = _open("pol", PASSWORD)
    assert not at.exception
    assert "Der er ingen proces endnu." in texts(at)


def test_one_workshop_and_english(demo):
    at = _open("leader")
    workshop = at.selectbox(key=f"inclusion_workshop_{demo.process_id}")
    workshop.set_value(demo.workshop_ids[2]).run()
    assert not at.exception
    # The open workshop has 6 participants in the demo.
    assert {m.label: m.value for m in at.metric}["Deltagere"] == "6"
    at.selectbox(key="language_switch").set_value("en").run()
    at.run()
    assert at.title[0].value == "Participation and inclusion"
    # Nobody has voted in the open workshop yet: the bridging lists explain why they are empty.
    assert "No dots yet: the lists fill once participants vote." in texts(at)
