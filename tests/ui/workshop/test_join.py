"""Participants join by code without any login, and the URL token keeps them across reloads."""

import json

from sqlalchemy import func, select

import i18n
from db.models import Participant
from db.session import read_scope
from tests.ui.apptest import by_label, component_data, new_app, texts


def _participants(url):
    with read_scope(url) as s:
        return s.scalar(select(func.count()).select_from(Participant))


def _join(at, group="Frivillig", name=""):
    by_label(at.button_group, "Jeg deltager som").set_value(
        {"Frivillig": "volunteer", "Borger": "citizen", "Andet": "other"}[group]
    )
    if name:
        by_label(at.text_input, "Dit navn (valgfrit)").input(name)
    by_label(at.button, "Deltag").click()
    return at.run()


def test_code_in_the_url_opens_the_join_form_without_the_authenticator(demo):
    at = new_app(code=demo.open_workshop_code).run()
    assert not at.exception
    assert "Konkretiseringsværksted" in texts(at)
    # streamlit-authenticator puts these keys in session state when it is constructed.
    for key in ("authentication_status", "logout", "username"):
        assert key not in at.session_state


def test_join_then_reload_keeps_the_same_participant(demo, db_url):
    before = _participants(db_url)
    at = new_app(code=demo.open_workshop_code).run()
    at = _join(at, "Frivillig", "Grethe **fed**")
    assert not at.exception
    token = at.query_params["p"][0] if isinstance(at.query_params["p"], list) else at.query_params["p"]
    assert len(token) == 22
    assert _participants(db_url) == before + 1
    board = component_data(at, "samskab_board")
    assert (board["me"]["name"], board["me"]["group"]) == ("Grethe **fed**", "volunteer")
    # The board of the workshop joined, whose snapshot it fetches from that workshop's route.
    assert board["api"] == f"/api/board/{demo.open_workshop_code}" and "snapshot" not in board
    # A reload is a fresh session with the same URL: the same participant, no new one.
    again = new_app(p=token).run()
    assert component_data(again, "samskab_board")["me"]["name"] == "Grethe **fed**"
    assert _participants(db_url) == before + 1
    assert "authentication_status" not in again.session_state


def test_missing_group_is_explained_and_creates_no_one(demo, db_url):
    before = _participants(db_url)
    at = new_app(code=demo.open_workshop_code).run()
    by_label(at.button, "Deltag").click()
    at.run()
    assert "Vælg, hvordan du deltager." in [e.value for e in at.error]
    assert _participants(db_url) == before


def test_typing_the_code_on_the_join_page(demo):
    at = new_app()
    at.context = {"url": "http://localhost:8501/join"}
    at.run()
    # AppTest does not route by URL path; select the page the browser would have opened.
    at.switch_page("app_pages/join.py").run()
    assert "authentication_status" not in at.session_state
    by_label(at.text_input, "Værkstedskode").input(demo.open_workshop_code.lower())
    by_label(at.button, "Videre").click()
    at.run()
    assert at.query_params["code"] in (demo.open_workshop_code, [demo.open_workshop_code])
    assert "Konkretiseringsværksted" in texts(at)


def test_wrong_and_closed_codes_get_clear_messages(demo):
    at = new_app(code="AAAAAA").run()
    assert "Der er intet værksted med koden AAAAAA." in " ".join(e.value for e in at.error)
    at = new_app(code="O0-!").run()
    assert "En værkstedskode har 6 tegn" in " ".join(e.value for e in at.error)


def test_tampered_token_is_refused_and_offers_to_join_again(demo):
    at = new_app(p="A" * 22).run()
    assert not at.exception
    assert "Linket til værkstedet er ikke gyldigt." in " ".join(e.value for e in at.error)
    assert "authentication_status" not in at.session_state


def test_participant_language_is_kept_in_the_url(demo):
    at = new_app(code=demo.open_workshop_code).run()
    by_label(at.selectbox, "Sprog").select("en").run()
    assert at.title[0].value == "Join the workshop"
    lang = at.query_params["lang"]
    assert lang in ("en", ["en"])


def _document_scripts(at) -> list[str]:
    """The languages of the document script (components/document.py) sent in this run."""
    sent = [e for e in at.get("bidi_component") if e.proto.component_name == "samskab_document"]
    return [json.loads(e.proto.json)["lang"] for e in sent]


def _place_of(node, name: str, path: tuple[int, ...] = ()) -> tuple[int, ...] | None:
    """Where on the page the component `name` is drawn: its index in each block, outermost first."""
    for index, child in getattr(node, "children", {}).items():
        if getattr(getattr(child, "proto", None), "component_name", None) == name:
            return (*path, index)
        found = _place_of(child, name, (*path, index))
        if found is not None:
            return found
    return None


def test_the_document_script_is_sent_once_per_session_and_language(demo):
    """It stays in the browser's window; sending it with every run cost each join's runs CPU."""
    at = new_app(code=demo.open_workshop_code).run()
    assert _document_scripts(at) == ["da"]
    at = _join(at, "Borger")
    assert _document_scripts(at) == []
    assert component_data(at, "samskab_board")["lang"] == "da"
    by_label(at.selectbox, "Sprog").select("en")
    assert _document_scripts(at.run()) == ["en"]
    board_with_script = _place_of(at.main, "samskab_board")
    assert _document_scripts(at.run()) == []
    assert component_data(at, "samskab_board")["lang"] == "en"
    # Its place stays taken: the board is where it was, so the browser keeps what it drew
    # (an element moved by one place is drawn anew, an open expander closed).
    assert _place_of(at.main, "samskab_board") == board_with_script is not None
    # A reload is a new session: the script is sent again.
    assert _document_scripts(new_app(code=demo.open_workshop_code).run()) == ["da"]


def test_the_language_of_the_form_is_the_one_the_notice_is_written_in(demo, db_url):
    """The join runs in the submit's callback, before the run has set its language: the
    form's own language must still be the one kept for the outcome notice."""
    at = new_app(code=demo.open_workshop_code, lang="en").run()
    by_label(at.button_group, "I take part as").set_value("volunteer")
    by_label(at.text_input, "E-mail for one notice when the outcomes are published (optional)").input(
        "ruth@example.org"
    )
    by_label(at.checkbox, "Yes, send me one e-mail when the outcomes of this workshop are published.").check()
    by_label(at.button, "Join").click()
    # AppTest sends the group as the browser does, by its shown label, which it makes with the
    # page's format_func in this thread: in this thread's language, not the page's.
    i18n.set_language("en")
    try:
        at.run()
    finally:
        i18n.set_language("da")
    assert "p" in at.query_params
    with read_scope(db_url) as s:
        kept = s.scalar(select(Participant.notice_language).where(Participant.email == "ruth@example.org"))
    assert kept == "en"


def test_a_device_that_already_takes_part_is_offered_to_continue(demo, db_url):
    from db.session import session_scope
    from services.workshop import participants

    with session_scope(db_url) as s:
        _, token = participants.join(
            s, demo.open_workshop_code, stakeholder_group="volunteer", display_name="Bent"
        )
    before = _participants(db_url)
    at = new_app(code=demo.open_workshop_code.lower())
    at.session_state["join_remembered"] = {"token": token}  # what the browser remembers
    at.run()
    assert "Denne enhed deltager allerede som **Bent** (Frivillig)." in texts(at)
    by_label(at.button, "Fortsæt som før").click()
    at.run()
    assert at.query_params["p"] in (token, [token])
    assert component_data(at, "samskab_board")["me"]["name"] == "Bent"
    assert _participants(db_url) == before


def test_someone_new_on_a_shared_tablet_gets_the_form(demo, db_url):
    from db.session import session_scope
    from services.workshop import participants

    with session_scope(db_url) as s:
        _, token = participants.join(s, demo.open_workshop_code, stakeholder_group="volunteer")
    at = new_app(code=demo.open_workshop_code)
    at.session_state["join_remembered"] = {"token": token}
    at.run()
    by_label(at.button, "Deltag som en ny person").click()
    at.run()
    assert at.button_group[0].label == "Jeg deltager som"


def test_a_remembered_token_of_another_workshop_is_ignored(demo, db_url):
    at = new_app(code=demo.open_workshop_code)
    at.session_state["join_remembered"] = {"token": "B" * 22}
    at.run()
    assert "Fortsæt som før" not in [b.label for b in at.button]
    assert by_label(at.button, "Deltag")


def test_many_wrong_codes_from_one_address_are_asked_to_wait(demo):
    import config
    from runtime import limits

    limits.reset()
    budget = limits.wrong_codes(config.load().rate_join_failures)
    budget.clock = lambda: 0.0  # stands still: the wait shown does not depend on the test's speed
    for _ in range(budget.count - 1):  # the room's earlier wrong codes
        budget.hit("?")  # AppTest's sessions have no address
    at = new_app(code="AAAAAA").run()
    assert "Der er intet værksted med koden AAAAAA. Tjek koden på skærmen i lokalet." in [
        e.value for e in at.error
    ]
    # Over the budget: even the right code waits, so guessing cannot go on.
    at = new_app(code=demo.open_workshop_code).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "For mange forkerte koder fra dette netværk. Vent 2 sekunder, og prøv igen."
    ]
    assert "Konkretiseringsværksted" not in texts(at)
    limits.reset()
    assert "Konkretiseringsværksted" in texts(new_app(code=demo.open_workshop_code).run())


def test_the_join_page_switches_to_nynorsk_and_keeps_it_in_the_url(demo):
    at = new_app(code=demo.open_workshop_code).run()
    by_label(at.selectbox, "Sprog").select("nn").run()
    assert at.title[0].value == "Bli med i verkstaden"
    assert at.query_params["lang"] in ("nn", ["nn"])
    assert [b.label for b in at.button] == ["Bli med"]
