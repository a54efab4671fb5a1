"""Every JSON route (api.routes()), sent generated paths, headers and bodies over HTTP.

The bar: never a 500. A bad request is a 4xx with a JSON body that says why in the
caller's language; a refused dot changes no row. Routes are found by enumerating
api.routes(), so a new one fails tests/fuzz/test_coverage.py until it has requests here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.testclient import TestClient

import config
from api import board as board_api
from api import board_push
from api import routes as api_routes
from services.admin import sessions
from tests.fuzz.strategies import EXTREME_INTS, SPECIAL_TEXT
from tests.fuzz.world import World, row_counts

ORIGIN = "http://samskab.test"

Request = dict[str, Any]  # keyword arguments of TestClient.request


def json_values() -> st.SearchStrategy[Any]:
    """Any JSON a client can send, extremes included (huge numbers, -Infinity, NaN, surrogates)."""
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.sampled_from(EXTREME_INTS),
        st.integers(),
        st.floats(),
        st.sampled_from(SPECIAL_TEXT[:-1]),
        st.text(st.characters(exclude_categories=()), max_size=20),
    )
    return st.recursive(
        leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4)
    )


def encoded(value: Any) -> bytes:
    return json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass")


def codes(world: World) -> st.SearchStrategy[str]:
    """Path segments: real codes, near misses and any text (URL-quoted; "/" and dot-only
    segments would not reach the route at all)."""
    real = [s for s in world.strings if len(s) == 6]
    other = st.text(st.characters(exclude_categories=()), min_size=1, max_size=8)
    odd = st.sampled_from(("AAAAAA", "%00", "a" * 300, "\ud800x"))
    reaching = st.one_of(odd, other).filter(lambda c: "/" not in c and c.strip(".") != "")
    return st.one_of(st.sampled_from(real), reaching.map(_quoted))


def _quoted(segment: str) -> str:
    return quote(segment.encode("utf-8", "surrogatepass"), safe="")


def dot_bodies(world: World) -> st.SearchStrategy[bytes]:
    """Bodies a tablet could send: well-formed dots (real or bogus ids) and anything at all."""
    well_formed = st.fixed_dictionaries(
        {
            "token": st.one_of(st.sampled_from(world.tokens), st.text(max_size=30)),
            "idea_id": st.one_of(
                st.sampled_from(world.ids["idea"]), st.sampled_from(EXTREME_INTS), json_values()
            ),
            "change": st.one_of(st.sampled_from((1, -1, 0, 2, True, 1.0, -1e309)), json_values()),
            "lang": st.one_of(st.sampled_from(("da", "nb", "en")), json_values()),
        }
    ).map(encoded)
    nested = st.integers(1, 100_000).map(lambda depth: b"[" * depth + b"]" * depth)
    literals = st.sampled_from(
        (b"", b"-Infinity", b"NaN", b'{"idea_id": -Infinity}', b"\xff\xfe", b"{" * 50_000)
    )
    return st.one_of(well_formed, json_values().map(encoded), nested, literals)


def write_bodies(world: World) -> st.SearchStrategy[bytes]:
    """Bodies of the board's writes and look-alike hints (api/board_ideas.py): well-formed
    ones with real or bogus ids and any text, and anything at all, up to past the body limit."""
    texts = st.one_of(
        st.sampled_from(SPECIAL_TEXT[:-1]),
        st.text(st.characters(exclude_categories=()), max_size=130),
        st.just("x" * 20_000),
        json_values(),
    )
    ids = st.one_of(st.sampled_from(world.ids["idea"]), st.sampled_from(EXTREME_INTS), json_values())
    well_formed = st.fixed_dictionaries(
        {"token": st.one_of(st.sampled_from(world.tokens), st.text(max_size=30))},
        optional={
            "idea_id": ids,
            "theme_id": st.one_of(st.sampled_from(world.ids["theme"]), ids),
            "title": texts,
            "description": texts,
            "body": texts,
            "lang": st.one_of(st.sampled_from(("da", "nb", "nn", "en")), json_values()),
        },
    ).map(encoded)
    literals = st.sampled_from((b"", b"NaN", b"\xff\xfe", b"{" * 50_000, b" " * 20_000))
    return st.one_of(well_formed, json_values().map(encoded), literals)


def token_headers(world: World) -> st.SearchStrategy[dict[str, bytes]]:
    """A participant's token header: real, or any bytes a header can carry (latin-1)."""
    token = st.one_of(st.sampled_from(world.tokens), st.text(st.characters(codec="latin-1"), max_size=40))
    return st.one_of(st.just({}), token.map(lambda t: {board_api.TOKEN_HEADER: t.encode("latin-1")}))


def tickets(world: World) -> st.SearchStrategy[str]:
    """`/session/start?ticket=`: a real ticket, one signed with another key, or any text."""
    key = config.cookie_key(config.load())
    real = [sessions.ticket(key, sessions.Grant(user_id, 1)) for user_id in world.ids["user"]]
    forged = sessions.ticket("not the key", sessions.Grant(world.admin_id, 1))
    anything = st.text(st.characters(exclude_categories=()), max_size=60).map(_quoted)
    return st.one_of(st.sampled_from(real), st.just(forged), st.sampled_from(EXTREME_INTS).map(str), anything)


# Per route path (without the base path): what to send. A new route needs an entry here.
def requests_for(world: World) -> dict[str, st.SearchStrategy[Request]]:
    board_get = st.builds(
        lambda code, headers: {"method": "GET", "url": f"/api/board/{code}/{{part}}", "headers": headers},
        codes(world),
        token_headers(world),
    )
    return {
        "/api/board/{code}/version": board_get.map(lambda r: r | {"url": r["url"].format(part="version")}),
        "/api/board/{code}/snapshot": board_get.map(lambda r: r | {"url": r["url"].format(part="snapshot")}),
        "/api/board/{code}/me": board_get.map(lambda r: r | {"url": r["url"].format(part="me")}),
        # The stream is cut at once (the client fixture): its refusals and its opening are fuzzed.
        "/api/board/{code}/events": board_get.map(lambda r: r | {"url": r["url"].format(part="events")}),
        "/session/start": st.one_of(st.just(""), tickets(world).map(lambda t: f"?ticket={t}")).map(
            lambda query: {"method": "GET", "url": f"/session/start{query}", "follow_redirects": False}
        ),
        "/session/end": st.just({"method": "GET", "url": "/session/end", "follow_redirects": False}),
        "/api/board/{code}/dots": st.builds(
            lambda code, body, lang: {
                "method": "POST",
                "url": f"/api/board/{code}/dots",
                "content": body,
                "headers": {"Origin": ORIGIN, "Content-Type": "application/json", "Accept-Language": lang},
            },
            codes(world),
            dot_bodies(world),
            st.sampled_from(("da", "nb", "en", "de", "")),
        ),
        **{
            f"/api/board/{{code}}/{name}": st.builds(
                lambda code, body, name=name: {
                    "method": "POST",
                    "url": f"/api/board/{code}/{name}",
                    "content": body,
                    "headers": {"Origin": ORIGIN, "Content-Type": "application/json"},
                },
                codes(world),
                write_bodies(world),
            )
            for name in ("similar", "add", "edit", "withdraw", "comment")
        },
        "/api/ready": st.sampled_from(("GET", "HEAD")).map(lambda m: {"method": m, "url": "/api/ready"}),
    }


ROUTES = [route.path for route in api_routes()]


@pytest.fixture(scope="module")
def client(fuzz_url: str) -> Iterator[TestClient]:
    # Budgets no tablet reaches, so every generated request gets past them to the route's rules.
    board_api.set_budgets(board_api.Budgets(config.load().__class__(**_generous())))
    # A board's event stream ends as soon as it opened (the test client reads a response to
    # its end): what is fuzzed is who gets one, not the 10 minutes it would last.
    stream, keep = board_push.STREAM_SECONDS, board_push.KEEP_SECONDS
    board_push.STREAM_SECONDS = board_push.KEEP_SECONDS = 0.0
    yield TestClient(Starlette(routes=api_routes()), base_url=ORIGIN, raise_server_exceptions=False)
    board_push.STREAM_SECONDS, board_push.KEEP_SECONDS = stream, keep
    board_api.set_budgets(None)


def _generous() -> dict[str, Any]:
    settings = config.load()
    return {f: getattr(settings, f) for f in settings.__dataclass_fields__} | {
        "rate_board": 1_000_000,
        "rate_board_anonymous": 1_000_000,
        "rate_dots": 1_000_000,
    }


@pytest.mark.parametrize("path", ROUTES)
def test_route_answers_every_request_without_500(
    path: str, world: World, client: TestClient, fuzz_session: Session
) -> None:
    strategy = requests_for(world)[path]
    before = row_counts(fuzz_session)
    fuzz_session.rollback()
    check: Callable[[Any], None] = _answer

    @given(strategy)
    def one_request(request: Request) -> None:
        answer = client.request(**request)
        check(answer)

    one_request()
    # Accepted writes change the rows of what they write and of the kept counts of support
    # (services/workshop/counts.py); no other table's. An edit changes rows but adds or
    # removes none, and the board's version is a counter on the workshop's row.
    may_move = {
        "/dots": {"vote", "idea_support", "idea_support_group"},
        "/add": {"idea"},
        "/withdraw": {"idea_support", "idea_support_group"},
        "/comment": {"comment"},
    }
    written = next((tables for end, tables in may_move.items() if path.endswith(end)), None)
    if written is not None:
        after = row_counts(fuzz_session)
        moved = {t for t, (a, b) in zip(_tables(), zip(before, after, strict=True), strict=True) if a != b}
        assert moved <= written, moved
    else:
        assert row_counts(fuzz_session) == before


def _answer(answer: Any) -> None:
    assert answer.status_code < 500, (answer.status_code, answer.text[:300])
    if answer.request.method == "HEAD" or answer.is_redirect:
        return  # /session/start and /end answer with a redirect, whatever they were sent
    if answer.headers.get("content-type", "").startswith("text/event-stream"):
        assert answer.status_code == 200, answer.status_code
        return
    body = answer.json()
    if answer.status_code >= 400 and answer.status_code not in (404, 503):
        assert body.get("message"), body
    if body.get("ok") is False and answer.status_code == 200:
        assert body.get("message"), body


def _tables() -> list[str]:
    from db.models import Base

    return [t.name for t in Base.metadata.sorted_tables]
