"""The board's write routes (api/board_ideas.py) over HTTP, real database: look-alike hints
while typing, adding, editing, withdrawing and commenting, with no page run."""

import dataclasses
from datetime import datetime

import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

import config
from api import board as board_api
from api import board_ideas
from db.models import Comment, Idea
from db.session import read_scope, session_scope
from services.admin.permissions import SYSTEM
from services.common.errors import NotFound
from services.workshop import ideas, workshops
from tests.factories import HOSTILE, make_idea, make_participant, make_workshop

SITE = "http://samskab.test"


@pytest.fixture
def client(db_url):
    return TestClient(Starlette(routes=board_api.routes() + board_ideas.routes()), base_url=SITE)


@pytest.fixture
def room(session):
    w = make_workshop(session, phase="collect")
    alike = make_idea(session, w, title="Fællesspisning starter på aktivitetscentret i marts")
    make_idea(session, w, title="Flere bænke ved søen")
    hidden = make_idea(session, w, title="Fællesspisning på aktivitetscentret hver uge")
    hidden.hidden = True
    me, token = make_participant(session, w)
    _, neighbour = make_participant(session, w)
    session.commit()
    return w, alike, me, token, neighbour


def _post(client, w, route, token, origin=SITE, **fields):
    body = {"token": token, "lang": "da"} | fields
    return client.post(f"/api/board/{w.code}/{route}", json=body, headers={"Origin": origin})


def _count(db_url, model):
    with read_scope(db_url) as s:
        return s.scalar(select(func.count()).select_from(model))


# --- the look-alike hint ------------------------------------------------------------------


def test_the_hint_finds_what_the_page_found_among_the_visible_ideas(client, room, db_url):
    w, alike, _, token, _ = room
    typed = "fællesspisning på aktivitetscentret"
    reply = _post(client, w, "similar", token, title=typed)
    assert reply.status_code == 200 and reply.headers["cache-control"] == "no-store"
    with read_scope(db_url) as s:
        expected = ideas.similar_titles(typed, ideas.visible_titles(s, w.id))
    assert reply.json()["similar"] == [{"id": i, "title": t} for i, t, _ in expected]
    assert reply.json()["similar"] == [{"id": alike.id, "title": alike.title}]  # not the hidden one


def test_the_hint_is_empty_for_short_titles_and_outside_collecting(client, room, session):
    w, _, _, token, _ = room
    assert _post(client, w, "similar", token, title="fæl").json()["similar"] == []
    workshops.move_phase(session, w.id, "cluster", by_user_id=SYSTEM)
    session.commit()
    board_api._versions.clear()
    assert _post(client, w, "similar", token, title="fællesspisning").json()["similar"] == []


@pytest.mark.parametrize("title", ["x" * 121, None, 7, ["fællesspisning"]])
def test_the_hint_refuses_what_no_title_field_sends(client, room, title):
    w, _, _, token, _ = room
    reply = client.post(
        f"/api/board/{w.code}/similar",
        json={"token": token, "title": title, "lang": "en"},
        headers={"Origin": SITE, "Accept-Language": "da"},
    )
    assert reply.status_code == 400  # in the language the tablet named
    assert reply.json()["message"] == (
        "The tablet sent something Samskab did not understand. Reload the page and try again."
    )


def test_a_body_longer_than_any_tablet_sends_is_not_read(client, room):
    w, _, _, token, _ = room
    reply = _post(client, w, "add", token, title="Bænke", description="x" * (board_ideas.BODY_LIMIT + 1))
    assert reply.status_code == 400


def test_the_hint_of_a_closed_board_is_not_for_strangers(client, room, session):
    w, _, _, token, _ = room
    other = make_workshop(session, phase="collect")
    _, stranger = make_participant(session, other)
    w.phase = "closed"
    session.commit()
    assert _post(client, w, "similar", stranger, title="fællesspisning").status_code == 404
    assert _post(client, w, "similar", token, title="fællesspisning").status_code == 200


# --- adding, editing, withdrawing, commenting ---------------------------------------------


def test_an_idea_added_by_request_is_on_the_board_at_once_with_my_state(client, room, db_url):
    w, _, _, token, neighbour = room
    before = client.get(f"/api/board/{w.code}/version").json()["v"]
    theme = w.themes[1].id
    reply = _post(client, w, "add", token, theme_id=theme, title=f"  {HOSTILE} ", description="", lang="en")
    body = reply.json()
    assert reply.status_code == 200 and body["ok"] is True
    assert body["message"] == "Your idea is on the board."
    with read_scope(db_url) as s:
        added = s.scalars(select(Idea).where(Idea.title == HOSTILE)).one()
        assert added.theme_id == theme
    assert added.id in body["me"]["my_ideas"]
    # The reply names the new version, and this process's routes show it without waiting
    # out their half-second cache: the push tells the room at once.
    assert body["v"] != before
    assert client.get(f"/api/board/{w.code}/version").json()["v"] == body["v"]
    snapshot = client.get(f"/api/board/{w.code}/snapshot").json()
    assert snapshot["version"] == body["v"] and HOSTILE in [i["title"] for i in snapshot["ideas"]]
    # Only its author's state has it.
    mine = client.get(f"/api/board/{w.code}/me", headers={board_api.TOKEN_HEADER: neighbour}).json()
    assert added.id not in mine["me"]["my_ideas"]


@pytest.mark.parametrize(
    ("fields", "lang", "message"),
    [
        ({"title": "   "}, "en", "The idea's title is required."),
        ({"title": "Bænke", "theme_id": 2**64}, "da", None),
        # Plain text: the board sets it as textContent, so no Markdown escape ("idea\\'s").
        (
            {"title": "x" * 120 + "y"},
            "en",
            "The idea's title is too long: at most 120 characters (you wrote 121).",
        ),
    ],
)
def test_a_refused_idea_says_why_in_the_tablets_language_and_writes_nothing(
    client, room, db_url, fields, lang, message
):
    w, _, _, token, _ = room
    fields = {"theme_id": w.themes[0].id} | fields
    before = _count(db_url, Idea), client.get(f"/api/board/{w.code}/version").json()["v"]
    reply = _post(client, w, "add", token, lang=lang, **fields).json()
    assert reply["ok"] is False and reply["message"]
    if message:
        assert reply["message"] == message
    assert "me" not in reply
    board_api._versions.clear()
    assert (_count(db_url, Idea), client.get(f"/api/board/{w.code}/version").json()["v"]) == before


def test_a_write_that_fails_after_its_row_is_flushed_leaves_nothing(client, room, db_url, monkeypatch):
    """One transaction: a refusal raised after the idea is written rolls the idea back too."""
    w, _, _, token, _ = room

    add_idea = board_ideas.ideas.add_idea

    def written_then_refused(session, *args, **kwargs):
        add_idea(session, *args, **kwargs)
        session.flush()  # the idea's row is in the database's transaction
        raise NotFound("error.participant_link")

    monkeypatch.setattr(board_ideas.ideas, "add_idea", written_then_refused)
    before = _count(db_url, Idea)
    reply = _post(client, w, "add", token, theme_id=w.themes[0].id, title="Bænke ved søen").json()
    assert reply["ok"] is False
    assert _count(db_url, Idea) == before


@pytest.mark.parametrize(
    ("route", "fields"),
    [
        ("add", {"theme_id": 2**64, "title": "Bænke ved søen"}),
        ("add", {"theme_id": 2**31, "title": "Bænke ved søen"}),
        ("add", {"theme_id": "-Infinity", "title": "Bænke ved søen"}),
        ("edit", {"idea_id": 2**63, "title": "x"}),
        ("withdraw", {"idea_id": "1e999999999"}),
        ("comment", {"idea_id": -1, "body": "x"}),
    ],
)
def test_ids_no_column_holds_are_refused_with_a_message(client, room, db_url, route, fields):
    w, _, _, token, _ = room
    before = _count(db_url, Idea), _count(db_url, Comment)
    reply = _post(client, w, route, token, **fields)
    assert reply.status_code == 200
    assert reply.json() == {
        "ok": False,
        "message": "Det findes ikke længere, eller linket er forkert. Gå tilbage og vælg igen.",
    }
    assert (_count(db_url, Idea), _count(db_url, Comment)) == before


def test_adding_is_only_while_collecting(client, room, session, db_url):
    w, _, _, token, _ = room
    w.phase = "vote"
    session.commit()
    reply = _post(client, w, "add", token, theme_id=w.themes[0].id, title="For sent", lang="en").json()
    assert reply["ok"] is False and reply["message"]
    assert not _count(db_url, Idea) > 3


def test_an_idea_tapped_while_collecting_is_added_though_the_vote_opened_while_it_waited(
    client, room, db_url, monkeypatch, clock_at
):
    """In a room of hundreds a write waits seconds for its turn. The facilitator opening the
    vote meanwhile must not lose what was sent in time; what is sent after is refused."""
    w, _, _, token, _ = room
    its_turn = board_ideas.write_turns.in_turn

    async def vote_opens_while_it_waits(write, *args):
        clock_at(datetime(2026, 11, 23, 10, 0, 5))
        with session_scope(db_url) as s:
            workshops.move_phase(s, w.id, "vote", by_user_id=SYSTEM)
        return await its_turn(write, *args)

    monkeypatch.setattr(board_ideas.write_turns, "in_turn", vote_opens_while_it_waits)
    reply = _post(client, w, "add", token, theme_id=w.themes[0].id, title="Sendt i tide", lang="en").json()
    assert reply["ok"] is True and reply["message"] == "Your idea is on the board."
    late = _post(client, w, "add", token, theme_id=w.themes[0].id, title="Sendt for sent", lang="en").json()
    assert late["ok"] is False and late["message"]
    with read_scope(db_url) as s:
        titles = s.scalars(select(Idea.title).where(Idea.workshop_id == w.id)).all()
        assert "Sendt i tide" in titles and "Sendt for sent" not in titles
        assert s.get(type(w), w.id).phase == "vote"


def test_a_comment_by_request_lands_on_the_idea(client, room, db_url):
    w, alike, _, token, _ = room
    reply = _post(client, w, "comment", token, idea_id=alike.id, body=HOSTILE).json()
    assert reply["ok"] is True and reply["message"] == "Din kommentar er tilføjet."
    with read_scope(db_url) as s:
        assert s.scalars(select(Comment.body).where(Comment.idea_id == alike.id)).all() == [HOSTILE]
    snapshot = client.get(f"/api/board/{w.code}/snapshot").json()
    shown = next(i for i in snapshot["ideas"] if i["id"] == alike.id)
    assert [c["body"] for c in shown["comments"]] == [HOSTILE]


def test_comments_off_or_a_hidden_idea_are_refused_with_a_message(client, room, session, db_url):
    w, alike, _, token, _ = room
    hidden = session.scalars(select(Idea).where(Idea.hidden.is_(True), Idea.workshop_id == w.id)).one()
    session.commit()  # the test's read ends: SQLite lets the route write
    reply = _post(client, w, "comment", token, idea_id=hidden.id, body="Godt", lang="en").json()
    assert reply == {"ok": False, "message": "That idea is no longer on the board."}
    w.comments_enabled = False
    session.commit()
    reply = _post(client, w, "comment", token, idea_id=alike.id, body="Godt", lang="en").json()
    assert reply == {"ok": False, "message": "Comments are turned off in this workshop."}
    assert _count(db_url, Comment) == 0


def test_only_its_author_edits_or_withdraws_an_idea(client, room, db_url):
    w, _, _, token, neighbour = room
    added = _post(client, w, "add", token, theme_id=w.themes[0].id, title="Bænke").json()
    idea_id = added["me"]["my_ideas"][0]
    refused = _post(client, w, "edit", neighbour, idea_id=idea_id, title="Mine nu", lang="en").json()
    assert refused == {"ok": False, "message": "Only the person who added an idea can change it."}
    edited = _post(client, w, "edit", token, idea_id=idea_id, title="Bænke ved søen", description="To").json()
    assert edited["ok"] is True and edited["message"] == "Dine ændringer er gemt."
    withdrawn = _post(client, w, "withdraw", token, idea_id=idea_id).json()
    assert withdrawn["ok"] is True and withdrawn["me"]["my_ideas"] == []
    with read_scope(db_url) as s:
        idea = s.get(Idea, idea_id)
        assert (idea.title, idea.description, idea.status) == ("Bænke ved søen", "To", "withdrawn")


def test_writes_from_another_site_or_another_workshop_change_nothing(client, room, session, db_url):
    w, alike, _, token, _ = room
    cross = _post(client, w, "comment", token, origin="https://evil.example", idea_id=alike.id, body="Hej")
    assert cross.status_code == 403
    other = make_workshop(session, phase="collect")
    session.commit()
    wrong = _post(client, other, "comment", token, idea_id=alike.id, body="Hej")
    assert wrong.status_code == 404 and wrong.json()["message"]
    made_up = _post(client, w, "comment", "not a token", idea_id=alike.id, body="Hej").json()
    assert made_up["ok"] is False and made_up["message"]
    assert _count(db_url, Comment) == 0


@pytest.mark.parametrize(
    "body",
    [
        {"title": "Bænke"},  # no token
        {"token": 5, "title": "Bænke"},
        {"token": "x", "title": ["Bænke"]},
        {"token": "x", "title": "Bænke", "description": 3},
        [],
    ],
)
def test_malformed_writes_are_400(client, room, body):
    w, *_ = room
    reply = client.post(f"/api/board/{w.code}/add", json=body, headers={"Origin": SITE})
    assert reply.status_code == 400 and reply.json()["message"]


def test_writes_spend_the_tablets_write_budget_and_say_so_in_its_language(client, room):
    w, alike, _, token, _ = room
    board_api.set_budgets(board_api.Budgets(dataclasses.replace(config.load(), rate_dots=2)))
    for _ in range(2):
        assert _post(client, w, "comment", token, idea_id=alike.id, body="Godt").json()["ok"] is True
    over = _post(client, w, "comment", token, idea_id=alike.id, body="Godt", lang="en")
    assert over.status_code == 429 and over.headers["retry-after"]
    assert over.json()["message"].startswith("Too many requests.")
