"""actions.run: one unit of work, then a flash worked out from its result, or the refusal shown."""

from contextlib import contextmanager

import pytest

from runtime import actions
from services.common.errors import InvalidInput


@pytest.fixture
def shown(monkeypatch):
    """What run puts on screen, and whether the unit of work committed."""
    seen = {"flash": [], "error": [], "committed": 0}

    @contextmanager
    def scope():
        yield "session"
        seen["committed"] += 1

    monkeypatch.setattr(actions, "session_scope", scope)
    monkeypatch.setattr(actions, "flash", lambda message, **where: seen["flash"].append((message, where)))
    monkeypatch.setattr(actions, "show_error", lambda err: seen["error"].append(err.key))
    return seen


def test_a_plain_message_is_flashed(shown):
    assert actions.run(lambda session: None, "Gemt.", page="p.py") is True
    assert shown == {
        "flash": [("Gemt.", {"page": "p.py", "query_params": None})],
        "error": [],
        "committed": 1,
    }


def test_the_message_may_come_from_the_result(shown):
    assert actions.run(lambda session: f"{session}: 3", lambda result: f"{result} rækker") is True
    assert shown["flash"] == [("session: 3 rækker", {"page": None, "query_params": None})]


def test_none_from_done_announces_nothing(shown):
    assert actions.run(lambda session: "plan", lambda result: None) is True
    assert (shown["flash"], shown["committed"]) == ([], 1)


def test_a_refusal_is_shown_and_done_never_asked(shown):
    def refuse(session):
        raise InvalidInput("error.confirm_first")

    asked = []
    assert actions.run(refuse, asked.append) is False
    assert (shown["error"], shown["flash"], shown["committed"], asked) == (["error.confirm_first"], [], 0, [])
