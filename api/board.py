"""JSON routes a tablet's board polls: the board version (cheap) and the shared snapshot.

Polling runs no Streamlit script: 300 tablets asking every 1.5 s cost a few hundred
index lookups a second, and a changed board is built once per version
(services.board.SnapshotCache), however many tablets ask for it.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections import OrderedDict

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from db.models import utcnow
from db.session import read_scope
from services import board
from services.workshops import CODE_ALPHABET, CODE_LENGTH

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
    return utcnow().isoformat() + "Z"


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


def routes() -> list[Route]:
    return [
        Route("/api/board/{code}/version", version),
        Route("/api/board/{code}/snapshot", snapshot),
    ]
