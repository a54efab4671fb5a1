"""JSON routes for a tablet's board: the board version (cheap), the shared snapshot, and dots.

Polling runs no Streamlit script: 300 tablets asking every 1.5 s cost a few hundred
index lookups a second, and a changed board is built once per version
(services.workshop.board.SnapshotCache), however many tablets ask for it.

Dots go here too. Voting is the one action a whole room does within the same minute; as a
Streamlit rerun a dot cost 15 ms of the server's CPU, as a request about 2 ms, and the
300-tablet benchmark (docs/performance.md) showed the difference. Adding ideas and comments, rarer and
wordier, stay on the page's own runs.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections import OrderedDict
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import clock
import i18n
from api import forwarded
from db.session import read_scope, session_scope
from services.common.errors import DomainError
from services.workshop import board, participants, votes
from services.workshop.workshops import CODE_ALPHABET, CODE_LENGTH

# Tablets of one room poll in bursts; one database look-up per code serves them all for
# this long. Far below the 3 s propagation target.
VERSION_TTL_SECONDS = 0.5
_NO_STORE = {"Cache-Control": "no-store"}

_versions: dict[str, tuple[float, tuple[int, str] | None]] = {}
_versions_lock = threading.Lock()


def _valid(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def _version(code: str) -> tuple[int, str] | None:
    now = time.monotonic()
    with _versions_lock:
        cached = _versions.get(code)
    if cached and now - cached[0] < VERSION_TTL_SECONDS:
        return cached[1]
    with read_scope() as session:
        found = board.version_for_code(session, code)
    with _versions_lock:
        if len(_versions) > 10_000:  # unknown codes must not grow this forever
            _versions.clear()
        _versions[code] = (now, found)
    return found


# Encoded snapshots, gzipped once per version: a room's Wi-Fi carries each board change
# to hundreds of tablets, and a board of 400 ideas compresses about eightfold.
_encoded: OrderedDict[tuple[str, str], tuple[bytes, bytes]] = OrderedDict()
_encoded_lock = threading.Lock()


def _snapshot(code: str) -> tuple[bytes, bytes] | None:
    """(JSON, gzipped JSON) of the current snapshot of a workshop, encoded once per version."""
    found = _version(code)
    if found is None:
        return None
    key = (code, found[1])
    with _encoded_lock:
        if key in _encoded:
            return _encoded[key]
    with read_scope() as session:
        data = board.cached_snapshot(session, code, found)
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    encoded = (raw, gzip.compress(raw, compresslevel=5))
    with _encoded_lock:
        _encoded[key] = encoded
        while len(_encoded) > 64:
            _encoded.popitem(last=False)
    return encoded


def _now() -> str:
    return clock.utcnow().isoformat() + "Z"


async def version(request: Request) -> JSONResponse:
    code = request.path_params["code"]
    found = await run_in_threadpool(_version, code) if _valid(code) else None
    if found is None:
        return JSONResponse({"error": "unknown workshop"}, status_code=404, headers=_NO_STORE)
    return JSONResponse({"v": found[1], "now": _now()}, headers=_NO_STORE)


async def snapshot(request: Request) -> Response:
    code = request.path_params["code"]
    encoded = await run_in_threadpool(_snapshot, code) if _valid(code) else None
    if encoded is None:
        return JSONResponse({"error": "unknown workshop"}, status_code=404, headers=_NO_STORE)
    raw, zipped = encoded
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(
            zipped, media_type="application/json", headers=_NO_STORE | {"Content-Encoding": "gzip"}
        )
    return Response(raw, media_type="application/json", headers=_NO_STORE)


def _dots(code: str, token: str, idea_id: int, change: int, language: str) -> tuple[int, dict[str, Any]]:
    """Spend (+1) or take back (-1) a dot; (status, JSON) with the participant's own state."""
    i18n.set_language(language)
    try:
        with session_scope() as session:
            me = participants.participant_by_token(session, token)
            if me.workshop.code != code:
                return 404, {"ok": False, "message": i18n.t("error.participant_link")}
            (votes.add_dot if change > 0 else votes.take_dot)(session, me.id, idea_id)
            return 200, {"ok": True, "me": board.personal(session, me)}
    except DomainError as err:
        return 200, {"ok": False, "message": i18n.refusal(err.key, err.params)}


def _same_origin(request: Request) -> bool:
    """A browser says where a POST comes from; only this site's own pages may vote.

    Behind a proxy the site's address is the one the proxy says the browser used
    (api/forwarded.py); no Origin at all is not a browser's cross-site request.
    """
    origin = request.headers.get("origin")
    if origin is None:
        return True
    client = (request.client.host, request.client.port) if request.client else None
    address = forwarded.browser_address(client, request.headers, forwarded.trusted_proxies())
    return forwarded.same_origin(origin, address)


async def dots(request: Request) -> JSONResponse:
    code = request.path_params["code"]
    if not _same_origin(request):
        return JSONResponse({"ok": False, "error": "cross-site request"}, status_code=403)
    try:
        body = await request.json()
        token, idea_id, change = str(body["token"]), int(body["idea_id"]), int(body["change"])
        language = body.get("lang") if body.get("lang") in i18n.LANGUAGES else "da"
    except (ValueError, KeyError, TypeError):
        return JSONResponse({"ok": False, "error": "bad request"}, status_code=400)
    if not _valid(code) or change not in (1, -1):
        return JSONResponse({"ok": False, "error": "bad request"}, status_code=400)
    status, result = await run_in_threadpool(_dots, code, token, idea_id, change, language)
    return JSONResponse(result, status_code=status, headers=_NO_STORE)


def routes(prefix: str = "") -> list[Route]:
    """The board's routes under `prefix` (Streamlit's base URL path, e.g. "/samskab")."""
    return [
        Route(f"{prefix}/api/board/{{code}}/version", version),
        Route(f"{prefix}/api/board/{{code}}/snapshot", snapshot),
        Route(f"{prefix}/api/board/{{code}}/dots", dots, methods=["POST"]),
    ]
