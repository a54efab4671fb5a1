"""A refusal on the participant board is plain text: the board's script shows it as it is."""

from db.session import session_scope
from services.workshop import participants
from tests.ui.apptest import component_data, new_app, send_component_event


def _refused(at, action):
    send_component_event(at, "samskab_board", "action", action)
    assert not at.exception
    return component_data(at, "samskab_board")["result"]


def test_a_field_name_with_punctuation_has_no_markdown_escape(demo, db_url):
    with session_scope(db_url) as s:
        _, token = participants.join(s, demo.open_workshop_code, stakeholder_group="citizen")
    at = new_app(p=token, lang="en").run()
    theme_id = component_data(at, "samskab_board")["snapshot"]["themes"][0]["id"]
    # "The idea's title": an apostrophe that Markdown escaping would show as "idea\'s".
    result = _refused(at, {"id": 7, "type": "add", "theme_id": theme_id, "title": "   "})
    assert result == {"id": 7, "ok": False, "message": "The idea's title is required."}
    result = _refused(at, {"id": 8, "type": "add", "theme_id": theme_id, "title": "x" * 500})
    assert result["message"] == "The idea's title is too long: at most 120 characters (you wrote 500)."
