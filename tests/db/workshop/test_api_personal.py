"""GET /api/board/<code>/me: a tablet asks for its own participant's state, which the
participant's other device may have changed (over HTTP, real database)."""

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from api import board as board_api
from api.board import routes
from tests.factories import make_idea, make_participant, make_workshop


@pytest.fixture
def client(db_url):
    return TestClient(Starlette(routes=routes()), base_url="http://samskab.test")


@pytest.fixture
def room(session):
    w = make_workshop(session, phase="vote", dot_budget=3, dots_per_idea=2, hide_votes_until_reveal=True)
    first, second = make_idea(session, w), make_idea(session, w)
    _, token = make_participant(session, w)
    _, neighbour = make_participant(session, w)
    session.commit()
    return w, first, second, token, neighbour


def _me(client, w, token=None):
    headers = {board_api.TOKEN_HEADER: token} if token is not None else {}
    return client.get(f"/api/board/{w.code}/me", headers=headers)


def _dot(client, w, token, idea_id):
    body = {"token": token, "idea_id": idea_id, "change": 1, "lang": "da"}
    return client.post(f"/api/board/{w.code}/dots", json=body, headers={"Origin": "http://samskab.test"})


def test_a_dot_from_another_device_shows_in_my_state(client, room):
    w, first, second, token, _ = room
    before = _me(client, w, token)
    assert before.status_code == 200 and before.headers["cache-control"] == "no-store"
    assert before.json()["me"]["votes_used"] == 0 and before.json()["me"]["my_dots"] == {}
    # The same participant (same token) votes twice from their phone.
    _dot(client, w, token, first.id)
    _dot(client, w, token, second.id)
    after = _me(client, w, token).json()["me"]
    assert after["votes_used"] == 2
    assert after["my_dots"] == {str(first.id): 1, str(second.id): 1}


def test_my_state_is_mine_alone(client, room):
    w, first, _, token, neighbour = room
    _dot(client, w, neighbour, first.id)
    mine = _me(client, w, token).json()["me"]
    assert mine["votes_used"] == 0 and mine["my_dots"] == {}
    assert _me(client, w, neighbour).json()["me"]["my_dots"] == {str(first.id): 1}


def test_no_token_a_made_up_one_or_another_workshops_get_nothing(client, room, session):
    w, *_ = room
    other = make_workshop(session, phase="vote")
    _, stranger = make_participant(session, other)
    session.commit()
    for token in (None, "A" * 22, stranger):
        reply = _me(client, w, token)
        assert reply.status_code == 404 and "me" not in reply.json()


def test_a_closed_workshop_still_answers_its_own_participants(client, room, session):
    w, _, _, token, _ = room
    w.phase = "closed"
    session.commit()
    assert _me(client, w, token).status_code == 200
    assert _me(client, w, "A" * 22).status_code == 404
