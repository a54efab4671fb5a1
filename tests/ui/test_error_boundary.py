"""An unexpected error in a page: a message with a reference, the traceback only in the log."""

import re

from sqlalchemy import func, select

from db.models import Participant
from db.session import read_scope
from services.workshop import board, participants
from tests.ui.apptest import by_label, new_app, sign_in, texts


def _participants(url):
    with read_scope(url) as s:
        return s.scalar(select(func.count()).select_from(Participant))


def test_an_unexpected_error_shows_a_reference_rolls_back_and_logs_the_traceback(
    demo, db_url, json_log, monkeypatch
):
    real_join = participants.join

    def join_then_fail(session, *args, **kwargs):
        real_join(session, *args, **kwargs)  # written, then the unit of work breaks
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(participants, "join", join_then_fail)
    before = _participants(db_url)
    at = new_app(code=demo.open_workshop_code).run()
    by_label(at.button_group, "Jeg deltager som").set_value("volunteer")
    by_label(at.text_input, "Dit navn (valgfrit)").input("Grethe Hansen")
    by_label(at.button, "Deltag").click()
    at.run()

    assert not at.exception  # Streamlit's own box (with or without a traceback) never shows
    (message,) = [e.value for e in at.error]
    found = re.fullmatch(
        r"Noget gik galt\. Prøv igen; sker det igen, så giv supporten denne reference: ([0-9a-f]{8})", message
    )
    assert found, message
    assert "Traceback" not in texts(at) and "disk is full" not in texts(at)
    assert _participants(db_url) == before  # the half-done join rolled back

    (logged,) = json_log.events("error.unexpected")
    assert logged["reference"] == found.group(1)
    assert logged["session_id"] and logged["where"] == "join"
    assert "RuntimeError: the disk is full" in logged["traceback"]
    assert "Grethe" not in json_log.text()


def test_an_unexpected_error_in_the_consoles_live_room_shows_a_reference(demo, db_url, json_log, monkeypatch):
    """The room's figures refresh in a fragment, which app.py's boundary does not wrap."""

    def fail(*args, **kwargs):
        raise RuntimeError("the room went dark")

    monkeypatch.setattr(board, "room_figures", fail)
    at = sign_in(new_app(), "facilitator").switch_page("app_pages/console.py").run()

    assert not at.exception
    messages = [e.value for e in at.error]
    assert any(m.startswith("Noget gik galt.") for m in messages), messages
    assert "room went dark" not in texts(at)
    (logged,) = json_log.events("error.unexpected")
    assert logged["where"] == "console.room"
    assert logged["reference"] in " ".join(messages)


def test_a_failing_language_callback_answers_in_the_language_just_chosen(demo, json_log, monkeypatch):
    """The sidebar's switch saves the choice in a callback, which Streamlit runs before app.py
    sets the run's language: its message must still be in the language the user picked."""
    from services.admin import users

    at = sign_in(new_app(), "admin")
    by_label(at.sidebar.selectbox, "Sprog").select("en").run()

    def fail(*args, **kwargs):
        raise RuntimeError("the users table is locked")

    monkeypatch.setattr(users, "set_language", fail)
    by_label(at.sidebar.selectbox, "Language").select("nb").run()

    assert not at.exception
    messages = [e.value for e in at.error]
    assert any(m.startswith("Noe gikk galt.") for m in messages), messages
    assert at.title[0].value == "Oversikt"  # and the page itself in the new language
    (logged,) = json_log.events("error.unexpected")
    assert logged["where"] == "language.save"
