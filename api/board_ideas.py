"""JSON routes for what a participant writes on the board: look-alike hints while typing, and
adding, editing, withdrawing and commenting on ideas.

These were Streamlit page runs. Typing an idea cost 3-5 of them (each typing pause sent the
draft title for the look-alike hint, then the add, then the form's clear), and the load
benchmark saw one process saturate at 170-185 tablets on those runs (docs/performance.md).
As requests they run no script: the hint is a lookup in the snapshot every tablet shares,
and a write is one transaction through the same service the page called.

Like the dots route (api/board.py): the token comes in the JSON body, a request whose
Origin is another site is refused, each tablet spends from its own budget (writes from the
dots budget, hints from the board's), a refusal is the service's message in the tablet's
language, and a refused write leaves nothing behind (one transaction). A write forgets this
process's cached version of the board, so its push watcher tells the room at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import clock
import i18n
from api import board as board_api
from api import board_snapshots, observed, write_turns
from db.models import Participant
from db.session import session_scope
from services.common.errors import DomainError
from services.common.ids import optional_id, parse_id
from services.workshop import ideas, participants

# A write's body: a title (120), a description (1,000) or a comment (500) and a token, in
# JSON with escapes. Anything longer is no tablet's request and is not read to its end.
BODY_LIMIT = 16_384

_NO_STORE = {"Cache-Control": "no-store"}

# A write: the session, the participant, the request's body and when it reached the server.
Write = Callable[[Session, Participant, dict[str, Any], datetime], object]

# What each write route does (the same services the page's runs called) and what it says.
_WRITES: dict[str, tuple[Write, str]] = {
    "add": (
        lambda s, me, b, sent_at: ideas.add_idea(
            s,
            me,
            theme_id=optional_id(b.get("theme_id")),
            title=b["title"],
            description=b.get("description") or "",
            sent_at=sent_at,
        ),
        "board.added",
    ),
    "edit": (
        lambda s, me, b, _: ideas.edit_idea(
            s, me, parse_id(b.get("idea_id")), title=b["title"], description=b.get("description") or ""
        ),
        "board.saved",
    ),
    "withdraw": (
        lambda s, me, b, _: ideas.withdraw_idea(s, me, parse_id(b.get("idea_id"))),
        "board.withdrawn",
    ),
    "comment": (
        lambda s, me, b, _: ideas.add_comment(s, me, parse_id(b.get("idea_id")), b["body"]),
        "board.commented",
    ),
}
# Which fields must be text (None allowed for the optional ones) for each write.
_TEXT_FIELDS = {
    "add": (("title",), ("description",)),
    "edit": (("title",), ("description",)),
    "withdraw": ((), ()),
    "comment": (("body",), ()),
}


async def _json_body(request: Request) -> object:
    """The request's JSON, or None if it is too long, not JSON, or not UTF-8."""
    size = request.headers.get("content-length", "")
    if size.isdigit() and int(size) > BODY_LIMIT:
        return None
    raw = b""
    try:
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > BODY_LIMIT:
                return None
    except ClientDisconnect:
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested past Python's stack
        return None


def _language_of(body: dict[str, Any]) -> str:
    """The language the tablet names (as the dots route reads it), else Danish."""
    language = body.get("lang")
    return language if isinstance(language, str) and language in i18n.LANGUAGES else "da"


async def _checked(request: Request) -> tuple[str, dict[str, Any], str] | Response:
    """(code, body, language) of a well-formed tablet request, or the refusal to answer."""
    code = request.path_params["code"]
    if not board_api._same_origin(request):
        return JSONResponse({"ok": False, "error": "cross-site request"}, status_code=403)
    body = await _json_body(request)
    if not isinstance(body, dict) or not isinstance(body.get("token"), str) or not board_api._valid(code):
        return _bad_request(
            _language_of(body) if isinstance(body, dict) else observed.request_language(request)
        )
    return code, body, _language_of(body)


def _bad_request(language: str) -> JSONResponse:
    """A body that is no tablet's request, said in the language it names."""
    i18n.set_language(language)
    return JSONResponse(
        {"ok": False, "error": "bad request", "message": i18n.t("input.bad_request")}, status_code=400
    )


def _write(
    code: str, kind: str, body: dict[str, Any], language: str, sent_at: datetime
) -> tuple[int, dict[str, Any]]:
    """Do one participant write in one transaction; (status, JSON) with their own state.

    The participant's own state for the reply is read after the commit, as for a dot
    (api/board.py): the other writers wait only for the write itself.
    """
    call, success = _WRITES[kind]
    i18n.set_language(language)
    try:
        with session_scope() as session:
            me = participants.participant_by_token(session, body["token"])
            if me.workshop.code != code:
                return 404, {"ok": False, "message": i18n.t("error.participant_link")}
            call(session, me, body, sent_at)
            participant_id = me.id
    except DomainError as err:
        return 200, {"ok": False, "message": i18n.refusal(err.key, err.params)}
    mine = board_api.own_state(participant_id)
    if mine is None:  # erased by the facilitator the moment after
        return 404, {"ok": False, "message": i18n.t("error.participant_link")}
    # Committed: the next look-up of the version (the push watcher's, a poll's) reads it.
    board_api.forget_version(code)
    found = board_api._version(code)
    return 200, {"ok": True, "message": i18n.t(success), "me": mine, "v": found[1] if found else None}


def _write_route(kind: str) -> Callable[[Request], Any]:
    required, optional = _TEXT_FIELDS[kind]

    async def handler(request: Request) -> Response:
        # Before any wait: what was sent in time is judged by when it came (ideas.add_idea).
        sent_at = clock.utcnow()
        checked = await _checked(request)
        if isinstance(checked, Response):
            return checked
        code, body, language = checked
        texts_ok = all(isinstance(body.get(f), str) for f in required) and all(
            body.get(f) is None or isinstance(body.get(f), str) for f in optional
        )
        if not texts_ok:
            return _bad_request(language)
        wait, _ = await board_api._spend(request, code, body["token"], board_api.budgets().dots)
        if wait:
            return board_api._too_many(request, wait, language)
        status, result = await write_turns.in_turn(_write, code, kind, body, language, sent_at)
        return JSONResponse(result, status_code=status, headers=_NO_STORE)

    handler.__name__ = kind
    return handler


def _similar(code: str, found: tuple[int, str, bool], title: str) -> list[dict[str, Any]]:
    """Ideas on the board whose titles resemble `title`, from the snapshot the room shares.

    The snapshot's ideas are the ones participants can see (active, not hidden, not merged
    away), the same as ideas.visible_titles, so a hint costs no query of its own.
    """
    return _alike(board_snapshots.current(code, found), title)


def _alike(data: dict[str, Any] | None, title: str) -> list[dict[str, Any]]:
    if data is None or data["workshop"]["phase"] != "collect":
        return []
    candidates = [(idea["id"], idea["title"]) for idea in data["ideas"]]
    return [{"id": idea_id, "title": t} for idea_id, t, _ in ideas.similar_titles(title, candidates)]


async def similar(request: Request) -> Response:
    """Look-alikes of the title being typed (the add-idea form asks while its person pauses)."""
    checked = await _checked(request)
    if isinstance(checked, Response):
        return checked
    code, body, language = checked
    title = body.get("title")
    if not isinstance(title, str) or len(title) > ideas.TITLE_MAX:
        return _bad_request(language)
    wait, token_workshop = await board_api._spend(request, code, body["token"], board_api.budgets().board)
    if wait:
        return board_api._too_many(request, wait, language)
    found = await board_api.version_of(code)
    if found is None or (found[2] and token_workshop != found[0]):
        return JSONResponse({"ok": False, "error": "unknown workshop"}, status_code=404, headers=_NO_STORE)
    # With the room's snapshot in memory the comparison (about a millisecond at 1,400 ideas)
    # is done here: a hop to a worker thread and back cost a busy process far more.
    held = board_snapshots.watched(code, found[0])
    alike = _alike(held, title) if held is not None else await run_in_threadpool(_similar, code, found, title)
    return JSONResponse({"ok": True, "similar": alike}, headers=_NO_STORE)


def routes(prefix: str = "") -> list[Route]:
    """The write routes under `prefix` (Streamlit's base URL path), beside api/board.py's."""
    handlers: list[tuple[str, Callable[[Request], Any]]] = [("similar", similar)]
    handlers += [(kind, _write_route(kind)) for kind in _WRITES]
    return [
        Route(path, observed.observed(path, handler), methods=["POST"])
        for name, handler in handlers
        for path in (f"{prefix}/api/board/{{code}}/{name}",)
    ]
