"""JSON routes for a tablet's board: the board version (cheap), the shared snapshot, the
participant's own state, and dots.

Polling runs no Streamlit script: 300 tablets asking every 1.5 s cost a few hundred
index lookups a second, and a changed board is built once per version
(services.workshop.board.SnapshotCache), however many tablets ask for it.

Dots go here too. Voting is the one action a whole room does within the same minute; as a
Streamlit rerun a dot cost 15 ms of the server's CPU, as a request about 2 ms, and the
300-tablet benchmark (docs/performance.md) showed the difference. Ideas, comments and the
look-alike hint while typing have their routes in api/board_ideas.py.

A tablet sends its participant token in the X-Samskab-Token header (not the URL, which
lands in access logs). It does two things: a closed workshop's board, with participants'
names, shows only to its own participants; and request budgets are kept per address and
token, since a whole room of tablets shares one NAT address (services/common/ratelimit.py).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import clock
import config
import i18n
from api import board_snapshots, board_tokens, forwarded, observed, write_turns
from db.session import read_scope, session_scope
from services.common import ids
from services.common.errors import DomainError
from services.common.ratelimit import RateLimiter, whole_seconds
from services.workshop import board, votes
from services.workshop.join_codes import CODE_ALPHABET, CODE_LENGTH
from services.workshop.own_state import personal_of

# Tablets of one room poll in bursts; one database look-up per code serves them all for
# this long. Far below the 3 s propagation target.
VERSION_TTL_SECONDS = 0.5
_NO_STORE = {"Cache-Control": "no-store"}

_versions: dict[str, tuple[float, tuple[int, str, bool] | None]] = {}
_versions_lock = threading.Lock()

TOKEN_HEADER = "X-Samskab-Token"


class Budgets:
    """The request budgets of this process, from the SAMSKAB_RATE_* settings."""

    def __init__(self, settings: config.Settings, clock: Callable[[], float] = time.monotonic) -> None:
        self.board = RateLimiter(settings.rate_board, clock=clock)
        self.anonymous = RateLimiter(settings.rate_board_anonymous, clock=clock)
        self.dots = RateLimiter(settings.rate_dots, clock=clock)


_budgets: Budgets | None = None


def budgets() -> Budgets:
    global _budgets
    if _budgets is None:
        _budgets = Budgets(config.load())
    return _budgets


def set_budgets(new: Budgets | None) -> None:
    """Start afresh (None: from the settings again); for tests."""
    global _budgets
    _budgets = new


def _address(request: Request) -> str:
    # uvicorn has already put the browser's address here if a trusted proxy said it
    # (FORWARDED_ALLOW_IPS; see api/forwarded.py).
    return request.client.host if request.client else "?"


def _language(request: Request, given: object = None) -> str:
    """The language to refuse in: the one the request names, else the browser's first."""
    if isinstance(given, str) and given in i18n.LANGUAGES:
        return given
    return observed.request_language(request)


def _too_many(request: Request, wait: float, language: object = None) -> JSONResponse:
    seconds = whole_seconds(wait)
    i18n.set_language(_language(request, language))
    return JSONResponse(
        {"ok": False, "error": "too many requests", "message": i18n.t("error.rate_limited", seconds=seconds)},
        status_code=429,
        headers=_NO_STORE | {"Retry-After": str(seconds)},
    )


async def _spend(
    request: Request, code: str, token: str | None, budget: RateLimiter
) -> tuple[float, int | None]:
    """Spend one request of the caller's budget: (seconds to wait or 0.0, token's workshop).

    A known token has its own budget (one tablet); any other request spends from the
    budget of its address and code, so made-up tokens buy no extra budget, and a token
    is looked up in the database only once that budget allows it.
    """
    address = _address(request)
    seen = board_tokens.known(token) if token else None
    workshop_id = None if seen is None else seen[1]
    if workshop_id is None:
        wait = budgets().anonymous.hit((address, code))
        if wait or not token:
            return wait, None
        seen = await run_in_threadpool(board_tokens.look_up, token)
        if seen is None:
            return 0.0, None
        workshop_id = seen[1]
    return budget.hit((address, token)), workshop_id


def _valid(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def forget_version(code: str) -> None:
    """After a write of this process: the next look-up reads the new version at once."""
    with _versions_lock:
        _versions.pop(code, None)


Found = tuple[int, str, bool] | None  # (workshop id, version tablets see, closed), None: no such code


def _cached_version(code: str, max_age: float = VERSION_TTL_SECONDS) -> tuple[bool, Found]:
    """(True, what `_version` gives) if that needs no database, else (False, None).

    Taken on the event loop: a room's tablets ask in bursts, nearly all within the cache's
    half second, and a hop to a worker thread and back costs more than the answer, twice
    over on a busy process, whose threads queue for the interpreter after every hop.
    """
    now = time.monotonic()
    with _versions_lock:
        cached = _versions.get(code)
    if cached and now - cached[0] < max_age:
        return True, _coalesced(code, cached[1], now)
    return False, None


async def version_of(code: str, max_age: float = VERSION_TTL_SECONDS) -> Found:
    """`_version` from a request: from the cache on the event loop, else in a worker thread."""
    cached, found = _cached_version(code, max_age)
    return found if cached else await run_in_threadpool(_version, code, max_age)


def _version(code: str, max_age: float = VERSION_TTL_SECONDS) -> Found:
    """The version of a code, looked up at most once per `max_age`."""
    cached, found = _cached_version(code, max_age)
    if cached:
        return found
    now = time.monotonic()
    with read_scope() as session:
        found = board.board_state_for_code(session, code)
    with _versions_lock:
        if len(_versions) > 10_000:  # unknown codes must not grow this forever
            _versions.clear()
            _shown.clear()
        _versions[code] = (now, found)
    return _coalesced(code, found, now)


# With votes shown, every dot bumps the votes counter, and a room voting at once would make
# every tablet fetch a new snapshot after every dot (p95 of a dot 17 -> 231 ms). The version
# tablets see takes a new votes part at most once per this many seconds; the stored
# counter and the dots themselves are untouched, and a change of the board itself (an
# idea, a phase) shows at once, with the votes as they are then.
VOTES_EVERY_SECONDS = 1.0
# code -> (board part, votes part, when that votes part was first shown)
_shown: dict[str, tuple[str, str, float]] = {}


def _coalesced(code: str, found: tuple[int, str, bool] | None, now: float) -> tuple[int, str, bool] | None:
    if found is None:
        return None
    workshop_id, version, closed = found
    board_part, votes_part = version.split(".")
    with _versions_lock:
        shown = _shown.get(code)
        if (
            shown is not None
            and shown[0] == board_part
            and shown[1] != votes_part
            and (now - shown[2] < VOTES_EVERY_SECONDS)
        ):
            return workshop_id, f"{board_part}.{shown[1]}", closed
        if shown is None or shown[:2] != (board_part, votes_part):
            _shown[code] = (board_part, votes_part, now)
    return found


def _now() -> str:
    return clock.utcnow().isoformat() + "Z"


async def _board(request: Request) -> tuple[str, tuple[int, str, bool]] | Response:
    """(code, board state), or a refusal: over budget, unknown, or closed to this caller.

    A closed workshop answers as an unknown one unless the token is one of its own
    participants', so its code no longer tells a stranger it exists. Checked before any
    cached snapshot is served.
    """
    code = request.path_params["code"]
    token = request.headers.get(TOKEN_HEADER) or None
    wait, token_workshop = await _spend(request, code, token, budgets().board)
    if wait:
        return _too_many(request, wait)
    found = await version_of(code) if _valid(code) else None
    if found is None or (found[2] and token_workshop != found[0]):
        return JSONResponse({"error": "unknown workshop"}, status_code=404, headers=_NO_STORE)
    return code, found


async def version(request: Request) -> Response:
    looked_up = await _board(request)
    if isinstance(looked_up, Response):
        return looked_up
    return JSONResponse({"v": looked_up[1][1], "now": _now()}, headers=_NO_STORE)


async def snapshot(request: Request) -> Response:
    looked_up = await _board(request)
    if isinstance(looked_up, Response):
        return looked_up
    # The room's watcher's snapshot while one follows it here (api/board_snapshots.py).
    encoded = board_snapshots.encoded_already(*looked_up)
    if encoded is None:
        encoded = await run_in_threadpool(board_snapshots.encoded, *looked_up)
    raw, zipped = encoded
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(
            zipped, media_type="application/json", headers=_NO_STORE | {"Content-Encoding": "gzip"}
        )
    return Response(raw, media_type="application/json", headers=_NO_STORE)


def _personal(workshop_id: int, token: str | None) -> dict[str, Any] | None:
    """The participant's own state (dots left, dots per idea, own ideas); None if not of this workshop.

    Whose token it is comes from memory, as for a dot: a room's tablets ask in bursts (when
    the phase moves, all at once), and the token and its workshop cost two more queries.
    """
    me = board_tokens.look_up(token) if token else None
    if me is None or me[1] != workshop_id:
        return None
    return own_state(me[0])


def own_state(participant_id: int) -> dict[str, Any] | None:
    """A participant's own state, read on its own (after a write: outside its transaction,
    so the other writers do not wait for it); None if they are gone."""
    with read_scope() as session:
        return personal_of(session, participant_id)


async def personal(request: Request) -> Response:
    """What a tablet shows of its own participant, which another device of theirs may have changed.

    The tablet asks when the phase moved, when the push says its participant has spent
    another count of dots than it holds (their phone voted: that moves no board version while
    votes are hidden; api/board_push.py), and once in 30 s; without the push, while voting,
    every 3 s.
    """
    looked_up = await _board(request)
    if isinstance(looked_up, Response):
        return looked_up
    mine = await run_in_threadpool(_personal, looked_up[1][0], request.headers.get(TOKEN_HEADER))
    if mine is None:
        return JSONResponse({"error": "unknown participant"}, status_code=404, headers=_NO_STORE)
    return JSONResponse({"me": mine}, headers=_NO_STORE)


def _dots(code: str, token: str, idea_id: int, change: int, language: str) -> tuple[int, dict[str, Any]]:
    """Spend (+1) or take back (-1) a dot; (status, JSON) with the participant's own state.

    Only the dot itself is in the write transaction, which SQLite gives one writer at a
    time and a room voting at once queues for: whose token it is comes from memory (or a
    read) before it, and the participant's own state for the reply is read after it: a dot
    holds the others up 1.9-2.1 ms instead of 2.8-3.0 (benchmarks/dot_cost.py).
    """
    i18n.set_language(language)
    me, found = board_tokens.look_up(token), _version(code)
    if me is None or found is None or me[1] != found[0]:
        return 404, {"ok": False, "message": i18n.t("error.participant_link")}
    try:
        with session_scope() as session:
            (votes.add_dot if change > 0 else votes.take_dot)(session, me[0], idea_id)
    except DomainError as err:
        return 200, {"ok": False, "message": i18n.refusal(err.key, err.params)}
    mine = own_state(me[0])
    if mine is None:
        return 404, {"ok": False, "message": i18n.t("error.participant_link")}
    return 200, {"ok": True, "me": mine}


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


def _bad_request(request: Request) -> JSONResponse:
    i18n.set_language(observed.request_language(request))
    return JSONResponse(
        {"ok": False, "error": "bad request", "message": i18n.t("input.bad_request")}, status_code=400
    )


def _dot_request(body: object) -> tuple[str, int, int, str] | None:
    """(token, idea id, +1 or -1, language) from a tablet's JSON body, or None if it is not one.

    The body is whatever was sent: any JSON, with -Infinity, huge numbers or lone
    surrogates. Ids pass the one bound of ids from outside (services.common.ids).
    """
    if not isinstance(body, dict):
        return None
    token, change = body.get("token"), body.get("change")
    if not isinstance(token, str) or isinstance(change, bool) or change not in (1, -1):
        return None
    try:
        idea_id = ids.parse_id(body.get("idea_id"))
    except DomainError:
        return None
    language = body.get("lang")
    return (
        token,
        idea_id,
        int(change),
        language if isinstance(language, str) and language in i18n.LANGUAGES else "da",
    )


async def dots(request: Request) -> JSONResponse:
    code = request.path_params["code"]
    if not _same_origin(request):
        return JSONResponse({"ok": False, "error": "cross-site request"}, status_code=403)
    try:
        body = await request.json()
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested past Python's stack
        return _bad_request(request)
    dot = _dot_request(body)
    if dot is None or not _valid(code):
        return _bad_request(request)
    token, idea_id, change, language = dot
    wait, _ = await _spend(request, code, token, budgets().dots)
    if wait:
        return _too_many(request, wait, language)
    status, result = await write_turns.in_turn(_dots, code, token, idea_id, change, language)
    return JSONResponse(result, status_code=status, headers=_NO_STORE)


def routes(prefix: str = "") -> list[Route]:
    """The board's routes under `prefix` (Streamlit's base URL path, e.g. "/samskab")."""
    return [
        Route(path, observed.observed(path, handler), methods=methods)
        for path, handler, methods in (
            (f"{prefix}/api/board/{{code}}/version", version, None),
            (f"{prefix}/api/board/{{code}}/snapshot", snapshot, None),
            (f"{prefix}/api/board/{{code}}/me", personal, None),
            (f"{prefix}/api/board/{{code}}/dots", dots, ["POST"]),
        )
    ]
