"""What the participant board is given to draw: checked through AppTest, no browser needed."""

from sqlalchemy import select

from db.models import Participant, Workshop
from db.session import session_scope
from services.workshop import participants, votes
from tests.factories import make_idea
from tests.statements import statements_sent
from tests.ui.apptest import by_label, component_data, new_app, texts


def _join(db_url, code, **extra):
    with session_scope(db_url) as s:
        _, token = participants.join(s, code, stakeholder_group="citizen", **extra)
    return token


def _board(token, **query):
    return component_data(new_app(p=token, **query).run(), "samskab_board")


def test_the_board_gets_its_words_and_routes_in_the_language_and_no_snapshot(demo, db_url):
    token = _join(db_url, demo.open_workshop_code, display_name="Ruth")
    data = _board(token)
    # The snapshot comes from the room's shared route (tests/db/workshop/test_api.py), not
    # encoded into each page run.
    assert "snapshot" not in data
    assert data["labels"]["add_button"] == "Tilføj idé"
    assert data["labels"]["phase_collect"] == "Idéer tilføjes"
    assert data["labels"]["loading"] == "Henter tavlen …"
    assert data["api"] == f"/api/board/{demo.open_workshop_code}"
    assert data["me"]["name"] == "Ruth"
    english = _board(token, lang="en")
    assert english["labels"]["add_button"] == "Add idea"


def test_others_dots_are_not_in_my_own_state(demo, db_url):
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
    assert data["me"]["my_dots"] == {} and data["me"]["votes_used"] == 0  # others' dots are theirs alone


def test_language_switch_on_the_board(demo, db_url):
    token = _join(db_url, demo.open_workshop_code)
    at = new_app(p=token).run()
    by_label(at.selectbox, "Sprog").select("nb").run()
    assert component_data(at, "samskab_board")["labels"]["add_button"] == "Legg inn idé"


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


def test_the_board_carries_no_page_action_nor_hint(demo, db_url):
    """Ideas, comments and look-alike hints go to JSON routes (api/board_ideas.py), not to this page."""
    data = _board(_join(db_url, demo.open_workshop_code))
    assert "result" not in data and "suggestions" not in data
    assert data["token"] and data["api"].endswith(demo.open_workshop_code)


def test_a_page_run_looks_the_participant_up_once(demo, db_url):
    """The page reads its sections in one session: at every join each tablet runs it twice."""
    token = _join(db_url, demo.open_workshop_code)
    at = new_app(p=token)
    at.run()
    with statements_sent() as sent:
        at.run()
    assert not at.exception and component_data(at, "samskab_board")["token"] == token
    assert sum("participant.token_hash" in q for q in sent) == 1
