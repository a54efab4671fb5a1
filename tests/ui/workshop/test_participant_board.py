"""What the participant board is given to draw: checked through AppTest, no browser needed."""

from sqlalchemy import select

from db.models import Participant, Workshop
from db.session import session_scope
from services.workshop import participants, votes
from tests.factories import HOSTILE, make_idea
from tests.ui.apptest import by_label, component_data, new_app, send_component_event, texts


def _join(db_url, code, **extra):
    with session_scope(db_url) as s:
        _, token = participants.join(s, code, stakeholder_group="citizen", **extra)
    return token


def _board(token, **query):
    return component_data(new_app(p=token, **query).run(), "samskab_board")


def test_the_board_gets_the_ideas_literally_and_in_the_language(demo, db_url):
    token = _join(db_url, demo.open_workshop_code, display_name="Ruth")
    with session_scope(db_url) as s:
        w = s.get(Workshop, demo.workshop_ids[2])
        make_idea(s, w, title=HOSTILE)
    data = _board(token)
    assert HOSTILE in [i["title"] for i in data["snapshot"]["ideas"]]
    assert data["labels"]["add_button"] == "Tilføj idé"
    assert data["labels"]["phase_collect"] == "Idéer tilføjes"
    assert data["api"] == f"/api/board/{demo.open_workshop_code}"
    english = _board(token, lang="en")
    assert english["labels"]["add_button"] == "Add idea"


def test_hidden_votes_never_reach_the_tablet(demo, db_url):
    token = _join(db_url, demo.open_workshop_code)
    with session_scope(db_url) as s:
        w = s.get(Workshop, demo.workshop_ids[2])
        w.phase = "vote"
        others = s.scalars(
            select(Participant).where(
                Participant.workshop_id == w.id, Participant.token_hash != participants.hash_token(token)
            )
        ).all()
        idea_id = make_idea(s, w).id
    with session_scope(db_url) as s:
        for other in others:
            votes.add_dot(s, other.id, idea_id)
    data = _board(token)
    assert data["snapshot"]["workshop"]["votes_visible"] is False
    assert all(i["dots"] is None and i["voters"] is None for i in data["snapshot"]["ideas"])
    assert data["me"]["my_dots"] == {}  # others' dots are theirs alone
    with session_scope(db_url) as s:
        s.get(Workshop, demo.workshop_ids[2]).phase = "results"
    revealed = _board(token)
    assert {i["id"]: i["dots"] for i in revealed["snapshot"]["ideas"]}[idea_id] == len(others)


def test_similar_ideas_are_suggested_while_typing(demo, db_url):
    token = _join(db_url, demo.open_workshop_code)
    at = new_app(p=token).run()
    # The board sends the title being typed as its "draft" state.
    at.session_state["board"] = {"draft": "fællesspisning på aktivitetscentret"}
    data = component_data(at.run(), "samskab_board")
    assert [s["title"] for s in data["suggestions"]] == [
        "Fællesspisning starter på aktivitetscentret i marts"
    ]


def test_language_switch_on_the_board(demo, db_url):
    token = _join(db_url, demo.open_workshop_code)
    at = new_app(p=token).run()
    by_label(at.selectbox, "Sprog").select("nb").run()
    assert component_data(at, "samskab_board")["labels"]["add_button"] == "Legg inn idé"


def test_a_malformed_board_action_is_answered_not_a_crash(demo, db_url):
    token = _join(db_url, demo.open_workshop_code)
    at = new_app(p=token).run()
    theme_id = component_data(at, "samskab_board")["snapshot"]["themes"][0]["id"]
    send_component_event(
        at,
        "samskab_board",
        "action",
        {"id": 1, "type": "add", "theme_id": theme_id, "title": "Bænke ved søen"},
    )
    assert component_data(at, "samskab_board")["result"] == {
        "id": 1,
        "ok": True,
        "message": "Din idé er på tavlen.",
    }
    # JSON from the browser may have any shape: a list as the type, no type, or no object at all.
    for action, answered_id in (
        ({"id": 2, "type": ["add"]}, 2),
        ({"id": 3, "type": {}}, 3),
        ({"id": 4}, 4),
        ("add", None),
    ):
        send_component_event(at, "samskab_board", "action", action)
        assert not at.exception
        assert component_data(at, "samskab_board")["result"] == {
            "id": answered_id,
            "ok": False,
            "message": "Det lykkedes ikke. Prøv venligst igen.",
        }


def test_under_a_base_path_the_board_asks_there(demo, db_url):
    """Under server.baseUrlPath the JSON routes live under it (api/__init__.py); the board asks there."""
    from streamlit import config as st_config

    token = _join(db_url, demo.open_workshop_code)
    before = st_config.get_option("server.baseUrlPath")
    st_config.set_option("server.baseUrlPath", "/samskab/")
    try:
        data = _board(token)
    finally:
        st_config.set_option("server.baseUrlPath", before)
    assert data["api"] == f"/samskab/api/board/{demo.open_workshop_code}"


def test_the_board_gets_the_words_its_status_region_reads_out(demo, db_url):
    token = _join(db_url, demo.open_workshop_code)
    words = _board(token)["labels"]
    assert words["dot_given"] == "Prik givet til «{title}». {left} af {budget} tilbage"
    assert words["refused"] == "Det gik ikke: {message}"
    norwegian = _board(token, lang="nb")["labels"]
    assert norwegian["dot_taken"] == "Prikk tatt tilbake fra «{title}». {left} av {budget} igjen"
    assert _board(token, lang="en")["labels"]["done_comment"] == "Your comment on “{title}” has been added."


def test_the_board_in_nynorsk_from_the_url_and_from_the_switch(demo, db_url):
    token = _join(db_url, demo.open_workshop_code, display_name="Synnøve")
    data = _board(token, lang="nn")
    assert data["lang"] == "nn"  # the board's Intl.PluralRules and number formats follow it
    assert data["labels"]["add_button"] == "Legg inn idé"
    assert data["labels"]["dot_taken"] == "Prikk teken tilbake frå «{title}». {left} av {budget} att"
    assert data["labels"]["phase_collect"] == "Idear blir lagde inn"
    at = new_app(p=token).run()
    by_label(at.selectbox, "Sprog").select("nn").run()
    assert "**Deltek som:** Innbyggjar" in texts(at)  # "Dine data", under the board
    assert component_data(at, "samskab_board")["labels"]["all_ideas"] == "Alle idear"


def test_board_actions_with_ids_no_column_holds_are_refused_with_a_message(demo, db_url):
    """A theme or idea id of 2^64 (or -Infinity, or text) once sent a traceback to the tablet."""
    token = _join(db_url, demo.open_workshop_code)
    at = new_app(p=token).run()
    for n, action in enumerate(
        (
            {"type": "add", "theme_id": 2**64, "title": "Bænke ved søen"},
            {"type": "add", "theme_id": 2**31, "title": "Bænke ved søen"},
            {"type": "add", "theme_id": float("-inf"), "title": "Bænke ved søen"},
            {"type": "edit", "idea_id": 2**63, "title": "x"},
            {"type": "withdraw", "idea_id": "1e999999999"},
            {"type": "comment", "idea_id": -1, "body": "x"},
        ),
        start=10,
    ):
        send_component_event(at, "samskab_board", "action", {"id": n} | action)
        assert not at.exception
        assert not at.error
        assert component_data(at, "samskab_board")["result"] == {
            "id": n,
            "ok": False,
            "message": "Det findes ikke længere, eller linket er forkert. Gå tilbage og vælg igen.",
        }
