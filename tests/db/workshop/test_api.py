"""The JSON routes a tablet's board uses, over HTTP (Starlette's test client, real database)."""

import dataclasses
import time
from contextlib import contextmanager

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

import config
from api import board as board_api
from api import forwarded
from api import routes as api_routes
from api.board import routes
from db.models import Participant
from db.session import read_scope
from services.admin.permissions import SYSTEM
from services.workshop import workshops
from tests.factories import HOSTILE, make_idea, make_participant, make_workshop
from tests.statements import statements_sent
from tests.when import pause


@pytest.fixture
def client(db_url):
    return TestClient(Starlette(routes=routes()), base_url="http://samskab.test")


@pytest.fixture
def room(session):
    w = make_workshop(session, phase="vote", dot_budget=3, dots_per_idea=2, hide_votes_until_reveal=True)
    idea = make_idea(session, w, title=HOSTILE)
    me, token = make_participant(session, w)
    other, _ = make_participant(session, w)
    session.commit()
    return w, idea, me, token, other


def _dot(client, w, token, idea_id, change=1, **extra):
    body = {"token": token, "idea_id": idea_id, "change": change, "lang": "da"} | extra
    return client.post(f"/api/board/{w.code}/dots", json=body, headers={"Origin": "http://samskab.test"})


def test_version_and_snapshot(client, room):
    w, _idea, *_ = room
    version = client.get(f"/api/board/{w.code}/version")
    assert version.status_code == 200 and version.headers["cache-control"] == "no-store"
    snap = client.get(f"/api/board/{w.code}/snapshot", headers={"Accept-Encoding": "gzip"})
    assert snap.headers["content-encoding"] == "gzip"
    data = snap.json()
    assert data["version"] == version.json()["v"]
    assert [i["title"] for i in data["ideas"]] == [HOSTILE]


@pytest.mark.parametrize("code", ["AAAAAA", "short", "ÆØÅÆØÅ", "../../etc"])
def test_unknown_or_malformed_codes_are_404(client, room, code):
    assert client.get(f"/api/board/{code}/version").status_code == 404
    assert client.get(f"/api/board/{code}/snapshot").status_code == 404


def _votes_used(db_url, participant_id):
    with read_scope(db_url) as s:
        return s.get(Participant, participant_id).votes_used


def test_a_dot_by_request_counts_and_returns_my_state(client, room, db_url):
    w, idea, me, token, _ = room
    reply = _dot(client, w, token, idea.id)
    assert reply.status_code == 200
    body = reply.json()
    assert body["ok"] is True
    assert body["me"]["votes_used"] == 1 and body["me"]["my_dots"] == {str(idea.id): 1}
    assert _votes_used(db_url, me.id) == 1
    assert _dot(client, w, token, idea.id, change=-1).json()["me"]["votes_used"] == 0


def test_a_dot_looks_its_token_up_outside_the_write_and_once_a_minute(client, room, monkeypatch):
    """SQLite lets one writer in at a time: whose token it is is read before the dot's
    transaction, and a tablet's next dots find it in memory; the participant's own state
    for the reply is read in the transaction."""
    w, idea, _me, token, _ = room
    in_the_write: list[str] = []
    write_scope = board_api.session_scope

    @contextmanager
    def watched(*args, **kwargs):
        with statements_sent() as sent, write_scope(*args, **kwargs) as session:
            yield session
        in_the_write.extend(sent)

    monkeypatch.setattr(board_api, "session_scope", watched)
    with statements_sent() as first:
        reply = _dot(client, w, token, idea.id).json()
    assert reply["ok"] is True and reply["me"]["my_dots"] == {str(idea.id): 1}
    assert any("participant.token_hash = " in s for s in first)
    assert in_the_write and not any("participant.token_hash = " in s for s in in_the_write)
    with statements_sent() as second:
        reply = _dot(client, w, token, idea.id, change=-1).json()
    assert reply["ok"] is True and reply["me"]["votes_used"] == 0
    assert not any("participant.token_hash = " in s for s in second)


def test_a_token_of_another_workshop_cannot_dot_here(client, room, session):
    w, idea, *_ = room
    elsewhere = make_workshop(session, phase="vote")
    _stranger, token = make_participant(session, elsewhere)
    session.commit()
    reply = _dot(client, w, token, idea.id)
    assert reply.status_code == 404 and reply.json()["ok"] is False
    assert _dot(client, elsewhere, token, idea.id).json()["ok"] is False  # not an idea of theirs


def test_hidden_votes_do_not_move_the_version_after_a_dot(client, room):
    w, idea, _, token, _ = room
    before = client.get(f"/api/board/{w.code}/snapshot").json()
    _dot(client, w, token, idea.id)
    pause(0.6)  # past the version's short cache
    after = client.get(f"/api/board/{w.code}/snapshot").json()
    assert after["version"] == before["version"]
    assert after["ideas"][0]["dots"] is None


def test_hidden_votes_reach_no_tablet_until_the_results(client, room, session):
    w, idea, _, token, _ = room
    _dot(client, w, token, idea.id)
    hidden = client.get(f"/api/board/{w.code}/snapshot").json()
    assert hidden["workshop"]["votes_visible"] is False
    assert [(i["dots"], i["voters"]) for i in hidden["ideas"]] == [(None, None)]
    workshops.move_phase(session, w.id, "results", by_user_id=SYSTEM)
    session.commit()
    pause(0.6)  # past the version's short cache
    shown = client.get(f"/api/board/{w.code}/snapshot").json()
    assert shown["workshop"]["votes_visible"] is True
    assert [(i["dots"], i["voters"]) for i in shown["ideas"]] == [(1, 1)]


def test_refusals_come_back_in_the_participants_language(client, room):
    w, idea, _, token, _ = room
    _dot(client, w, token, idea.id)
    _dot(client, w, token, idea.id)
    refused = _dot(client, w, token, idea.id).json()
    assert refused == {"ok": False, "message": "Højst 2 prikker på én idé."}
    english = _dot(client, w, token, idea.id, lang="en").json()
    assert english["message"] == "At most 2 dots on one idea."


def test_tampered_tokens_and_other_workshops_change_nothing(client, room, session, db_url):
    w, idea, me, _token, _ = room
    other_workshop = make_workshop(session, phase="vote")
    _, other_token = make_participant(session, other_workshop)
    session.commit()
    assert _dot(client, w, "A" * 22, idea.id).json()["ok"] is False
    assert _dot(client, w, other_token, idea.id).status_code == 404
    assert _votes_used(db_url, me.id) == 0


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"token": "x"},
        {"token": "x", "idea_id": "many", "change": 1},
        {"token": "x", "idea_id": 1, "change": 5},
    ],
)
def test_malformed_requests_are_400(client, room, body):
    w, *_ = room
    reply = client.post(f"/api/board/{w.code}/dots", json=body)
    assert reply.status_code == 400


def test_other_sites_may_not_vote(client, room, db_url):
    w, idea, me, token, _ = room
    reply = client.post(
        f"/api/board/{w.code}/dots",
        json={"token": token, "idea_id": idea.id, "change": 1},
        headers={"Origin": "https://evil.example"},
    )
    assert reply.status_code == 403
    assert _votes_used(db_url, me.id) == 0


def test_dots_only_while_voting(client, room, session, db_url):
    w, idea, me, token, _ = room
    w.phase = "results"
    session.commit()
    reply = _dot(client, w, token, idea.id).json()
    assert reply == {"ok": False, "message": "Der kan kun gives prikker, mens afstemningen er åben."}
    assert _votes_used(db_url, me.id) == 0


# Behind a proxy ------------------------------------------------------------------------------

PROXIED = {
    # What nginx sends with its default `Host $proxy_host` and the usual forwarded headers.
    "Host": "samskab_backend:8501",
    "Origin": "https://samskab.kommune.dk",
    "X-Forwarded-Host": "samskab.kommune.dk",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-For": "203.0.113.7",
}


@pytest.fixture
def trust(monkeypatch):
    """Set SAMSKAB_TRUSTED_PROXIES for this test (the routes read it once per process)."""

    def set_trusted(value):
        monkeypatch.setenv("SAMSKAB_TRUSTED_PROXIES", value)
        forwarded.trusted_proxies.cache_clear()

    yield set_trusted
    forwarded.trusted_proxies.cache_clear()


def _proxied_dot(db_url, room, peer, headers=PROXIED):
    w, idea, _me, token, _ = room
    client = TestClient(Starlette(routes=routes()), client=peer)
    body = {"token": token, "idea_id": idea.id, "change": 1, "lang": "da"}
    return client.post(f"/api/board/{w.code}/dots", json=body, headers=headers)


def test_a_dot_through_a_trusted_proxy_is_accepted(db_url, room, trust):
    trust("10.0.0.5,192.168.10.0/24")
    reply = _proxied_dot(db_url, room, ("10.0.0.5", 40000))
    assert reply.status_code == 200 and reply.json()["ok"] is True
    assert _votes_used(db_url, room[2].id) == 1


def test_a_dot_with_forwarded_headers_from_anyone_else_is_refused(db_url, room, trust):
    trust("10.0.0.5")
    reply = _proxied_dot(db_url, room, ("10.0.0.6", 40000))
    assert reply.status_code == 403 and reply.json()["error"] == "cross-site request"
    assert _votes_used(db_url, room[2].id) == 0


def test_without_trusted_proxies_the_forwarded_host_is_not_believed(db_url, room, trust):
    trust("")
    assert _proxied_dot(db_url, room, ("10.0.0.5", 40000)).status_code == 403


def test_a_trusted_proxy_saying_http_refuses_an_https_origin(db_url, room, trust):
    trust("10.0.0.5")
    headers = PROXIED | {"X-Forwarded-Proto": "http"}
    assert _proxied_dot(db_url, room, ("10.0.0.5", 40000), headers).status_code == 403


def test_a_loopback_proxy_uvicorn_already_unwrapped_is_trusted(db_url, room, trust, monkeypatch):
    # HAProxy on the same machine: uvicorn believes loopback's X-Forwarded-For and hands the
    # route the browser's address (port 0) instead of the proxy's.
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    trust("127.0.0.1,::1")
    assert _proxied_dot(db_url, room, ("203.0.113.7", 0)).status_code == 200
    trust("10.0.0.5")  # uvicorn trusts loopback, Samskab does not
    assert _proxied_dot(db_url, room, ("203.0.113.7", 0)).status_code == 403


def test_the_routes_answer_under_streamlits_base_path(db_url, room):
    w, idea, _me, token, _ = room
    client = TestClient(Starlette(routes=api_routes("/samskab/")), base_url="http://samskab.test")
    assert client.get(f"/samskab/api/board/{w.code}/version").status_code == 200
    assert client.get("/samskab/api/ready").json()["ready"] is True
    body = {"token": token, "idea_id": idea.id, "change": 1, "lang": "da"}
    dot = client.post(
        f"/samskab/api/board/{w.code}/dots", json=body, headers={"Origin": "http://samskab.test"}
    )
    assert dot.json()["ok"] is True
    # Not beside the base path: there, a proxy serving /samskab/ would never send them.
    assert client.get(f"/api/board/{w.code}/version").status_code == 404


# --- a closed workshop's board, and request budgets --------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _budgets(clock, **rates):
    """The default budgets (or `rates`, e.g. rate_board=5) on a clock the test moves."""
    return board_api.Budgets(dataclasses.replace(config.load(), **rates), clock=clock)


def _get(client, w, what, token=None, **headers):
    if token is not None:
        headers[board_api.TOKEN_HEADER] = token
    return client.get(f"/api/board/{w.code}/{what}", headers=headers)


@pytest.fixture
def closed(session):
    w = make_workshop(session, phase="results")
    make_idea(session, w, title="Named idea")
    _, token = make_participant(session, w)
    w.phase = "closed"  # after joining: a closed workshop takes no one new
    other_workshop = make_workshop(session, phase="vote")
    _, other_token = make_participant(session, other_workshop)
    session.commit()
    return w, token, other_token


@pytest.mark.parametrize("what", ["version", "snapshot"])
def test_a_closed_board_answers_strangers_as_an_unknown_code(client, closed, what):
    w, _token, other_token = closed
    unknown = client.get(f"/api/board/AAAAAA/{what}")
    for refused in (
        _get(client, w, what),
        _get(client, w, what, other_token),
        _get(client, w, what, "A" * 22),
    ):
        assert refused.status_code == 404
        assert refused.json() == unknown.json()


def test_a_closed_board_still_shows_to_its_own_participants(client, closed):
    w, token, _ = closed
    assert _get(client, w, "version", token).status_code == 200
    snap = _get(client, w, "snapshot", token)
    assert snap.status_code == 200 and [i["title"] for i in snap.json()["ideas"]] == ["Named idea"]


def test_a_board_cached_while_open_is_not_served_to_strangers_once_closed(client, room, session):
    w, _idea, _me, token, _ = room
    assert _get(client, w, "snapshot").status_code == 200  # open: as before, no token needed
    w.phase = "closed"
    session.commit()
    board_api._versions.clear()  # past the version's short cache, without waiting for it
    assert _get(client, w, "snapshot").status_code == 404
    assert _get(client, w, "version").status_code == 404
    assert _get(client, w, "snapshot", token).status_code == 200


def test_one_tablet_hammering_gets_429_in_its_language_and_the_room_goes_on(client, room, session):
    w, _idea, _me, token, _ = room
    _, neighbour = make_participant(session, w)
    session.commit()
    clock = FakeClock()
    board_api.set_budgets(_budgets(clock, rate_board=5))
    assert all(_get(client, w, "version", token).status_code == 200 for _ in range(5))
    refused = _get(client, w, "version", token, **{"Accept-Language": "nb-NO,nb;q=0.9"})
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "12"  # 5 a minute: one back every 12 s
    assert refused.json()["message"] == "For mange forespørsler. Vent 12 sekunder og prøv igjen."
    assert _get(client, w, "snapshot", token).status_code == 429
    # Same address (one NAT), another tablet: its own budget.
    assert _get(client, w, "snapshot", neighbour).status_code == 200
    clock.now += 12
    assert _get(client, w, "version", token).status_code == 200


def test_made_up_tokens_buy_no_extra_budget(client, room):
    w, *_ = room
    board_api.set_budgets(_budgets(FakeClock(), rate_board_anonymous=3))
    replies = [_get(client, w, "version", f"{n:022d}").status_code for n in range(4)]
    assert replies == [200, 200, 200, 429]
    assert _get(client, w, "version").status_code == 429


def test_dots_over_budget_are_refused_in_the_participants_language(client, room):
    w, idea, _me, token, _ = room
    board_api.set_budgets(_budgets(FakeClock(), rate_dots=2))
    _dot(client, w, token, idea.id)
    _dot(client, w, token, idea.id, change=-1)
    refused = _dot(client, w, token, idea.id, lang="en")
    assert refused.status_code == 429 and refused.headers["retry-after"] == "30"
    assert refused.json()["message"] == "Too many requests. Wait 30 seconds and try again."


@pytest.mark.realtime
def test_a_full_room_behind_one_address_is_not_limited(client, session):
    """300 tablets behind one NAT address poll every 1.5 s under the default budgets, worst
    case: the board changes every time, so each fetches the snapshot too (~200 requests a
    second per round for the room). All start at once; then one tablet keeps on for three minutes."""
    w = make_workshop(session, phase="collect")
    tokens = [make_participant(session, w)[1] for _ in range(300)]
    session.commit()
    clock = FakeClock()
    board_api.set_budgets(_budgets(clock))
    statuses = []
    for _ in range(2):
        for token in tokens:
            statuses += [
                _get(client, w, "version", token).status_code,
                _get(client, w, "snapshot", token).status_code,
            ]
        clock.now += 1.5
    for _ in range(120):
        statuses += [
            _get(client, w, "version", tokens[0]).status_code,
            _get(client, w, "snapshot", tokens[0]).status_code,
        ]
        clock.now += 1.5
    assert set(statuses) == {200} and len(statuses) == 2 * 300 * 2 + 2 * 120


def test_each_answer_says_how_long_the_route_took_in_server_timing(client, room):
    """The standard header a browser's developer tools show, and the load benchmark reads."""
    w, idea, _, token, _ = room
    started = time.perf_counter()
    reply = _dot(client, w, token, idea.id)
    whole_ms = (time.perf_counter() - started) * 1000
    name, _, duration = reply.headers["server-timing"].partition(";dur=")
    assert reply.status_code == 200 and name == "app"
    assert 0 < float(duration) <= whole_ms


def test_an_unexpected_error_answers_500_with_a_reference_found_in_the_log(
    client, room, json_log, monkeypatch
):
    w, idea, _, token, _ = room

    def broken(*_args, **_kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(board_api.votes, "add_dot", broken)
    reply = _dot(client, w, token, idea.id)
    assert reply.status_code == 500
    body = reply.json()
    assert body["ok"] is False and body["error"] == "internal"
    reference = body["reference"]
    assert (
        body["message"]
        == f"Noget gik galt. Prøv igen; sker det igen, så giv supporten denne reference: {reference}"
    )
    assert "disk" not in reply.text and "Traceback" not in reply.text
    (logged,) = json_log.events("error.unexpected")
    assert logged["reference"] == reference and logged["request_id"] == reply.headers["x-request-id"]
    assert logged["where"] == "/api/board/{code}/dots"
    assert "RuntimeError: the disk is full" in logged["traceback"]
    assert token not in json_log.text()
