"""Ticks in the console's idea table belong to ideas, not rows: the idea acted on is the one ticked."""

from sqlalchemy import select, update

from db.models import Cluster, Idea, Participant, User, Workshop
from db.session import read_scope, session_scope
from services.workshop import clusters, ideas, participants, votes
from tests.ui.apptest import by_label, new_app, sign_in, texts, tick_rows

SELECT_HINT = "Sæt flueben ved idéer i tabellen for at gruppere, lægge sammen eller skjule dem."


def _console(workshop_id):
    at = sign_in(new_app(), "facilitator")
    at.switch_page("app_pages/console.py")
    at.query_params["w"] = str(workshop_id)
    return at.run()


def _titles(at):
    return list(at.dataframe[0].value["Idé"])


def _facilitator_id(url):
    with read_scope(url) as s:
        return s.scalar(select(User.id).where(User.username == "facilitator"))


def test_a_tick_follows_its_idea_when_a_row_above_leaves_and_clears_after_hiding(demo, db_url):
    workshop_id = demo.workshop_ids[2]
    at = _console(workshop_id)
    shown = _titles(at)
    assert len(shown) >= 3
    tick_rows(at, at.dataframe[0], [2])
    ticked = shown[2]
    # Another facilitator hides the first idea meanwhile; the table follows the room.
    with session_scope(db_url) as s:
        first = s.scalar(select(Idea.id).where(Idea.workshop_id == workshop_id, Idea.title == shown[0]))
        ideas.hide_ideas(s, [first], reason="off topic", by_user_id=_facilitator_id(db_url))
    at.run()
    assert _titles(at) == shown[1:]
    by_label(at.text_input, "Begrundelse (gemmes i moderationslisten)").input("dobbelt")
    by_label(at.button, "Skjul").click()
    at.run()
    assert not at.exception
    with read_scope(db_url) as s:
        hidden = set(s.scalars(select(Idea.title).where(Idea.workshop_id == workshop_id, Idea.hidden)))
    assert hidden == {shown[0], ticked}
    # The action untied every tick: nothing is ticked, no action button waits.
    assert SELECT_HINT in texts(at)
    assert [b for b in at.button if b.label == "Skjul"] == []


def test_a_tick_follows_its_idea_through_a_merge(demo, db_url):
    workshop_id = demo.workshop_ids[2]
    with session_scope(db_url) as s:
        clusters.create_cluster(s, workshop_id, "Fællesskab", by_user_id=_facilitator_id(db_url))
    at = _console(workshop_id)
    shown = _titles(at)
    tick_rows(at, at.dataframe[0], [len(shown) - 1])
    ticked = shown[-1]
    with session_scope(db_url) as s:
        first, second = (
            s.scalar(select(Idea.id).where(Idea.workshop_id == workshop_id, Idea.title == title))
            for title in shown[:2]
        )
        clusters.merge(s, second, [first], by_user_id=_facilitator_id(db_url))
    at.run()
    assert ticked in _titles(at) and shown[0] not in _titles(at)
    by_label(at.selectbox, "Læg i klynge").set_value(_cluster_id(db_url, workshop_id))
    by_label(at.button, "Udfør").click()
    at.run()
    with read_scope(db_url) as s:
        clustered = s.scalars(
            select(Idea.title).where(Idea.workshop_id == workshop_id, Idea.cluster_id.is_not(None))
        ).all()
    assert clustered == [ticked]


def _cluster_id(url, workshop_id):
    with read_scope(url) as s:
        return s.scalar(select(Cluster.id).where(Cluster.workshop_id == workshop_id))


def test_a_tick_follows_its_idea_when_dots_reorder_the_table(demo, db_url):
    """Votes open to the room: the table is in rank order, and a dot can move an idea up."""
    workshop_id = demo.workshop_ids[2]
    with session_scope(db_url) as s:
        s.execute(
            update(Workshop)
            .where(Workshop.id == workshop_id)
            .values(phase="vote", hide_votes_until_reveal=False)
        )
    at = _console(workshop_id)
    shown = _titles(at)
    tick_rows(at, at.dataframe[0], [0])
    ticked = shown[0]
    # Dots from new participants lift the last idea to the top.
    with session_scope(db_url) as s:
        last = s.scalar(select(Idea.id).where(Idea.workshop_id == workshop_id, Idea.title == shown[-1]))
        code = s.scalar(select(Workshop.code).where(Workshop.id == workshop_id))
        for _ in range(4):
            person, _token = participants.join(s, code, stakeholder_group="citizen")
            for _dot in range(3):
                votes.add_dot(s, person.id, last)
    at.run()
    assert _titles(at)[0] == shown[-1] and _titles(at).index(ticked) == 1
    by_label(at.text_input, "Begrundelse (gemmes i moderationslisten)").input("dobbelt")
    by_label(at.button, "Skjul").click()
    at.run()
    with read_scope(db_url) as s:
        hidden = s.scalars(select(Idea.title).where(Idea.workshop_id == workshop_id, Idea.hidden)).all()
        assert s.scalar(select(Participant.id).where(Participant.workshop_id == workshop_id)) is not None
    assert hidden == [ticked]


def test_no_dot_order_or_count_before_the_reveal(demo, db_url):
    """While votes are hidden, the table is in the order ideas arrived, and results wait for the reveal."""
    workshop_id = demo.workshop_ids[2]
    with session_scope(db_url) as s:
        s.execute(update(Workshop).where(Workshop.id == workshop_id).values(phase="vote"))
        ids = s.scalars(
            select(Idea.id)
            .where(Idea.workshop_id == workshop_id, Idea.hidden.is_(False), Idea.merged_into_id.is_(None))
            .order_by(Idea.id)
        ).all()
        code = s.scalar(select(Workshop.code).where(Workshop.id == workshop_id))
        person, _token = participants.join(s, code, stakeholder_group="citizen")
        for _dot in range(3):
            votes.add_dot(s, person.id, ids[-1])
        in_order = [s.get(Idea, i).title for i in ids]
    at = _console(workshop_id)
    assert _titles(at) == in_order
    assert "Prikker" not in at.dataframe[0].value.columns
    assert [t for t in at.toggle if t.label.startswith("Vis stemmetal")] == []
    at.session_state["console_tab"] = "Resultater"
    at.run()
    assert not at.get("plotly_chart") and not at.dataframe
    assert "Placeringen vises her, når resultaterne afsløres" in texts(at)
