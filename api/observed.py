"""Every JSON route through one wrapper: a request id, its time, a slow-request line, and the error boundary.

The time the route took is in the standard `Server-Timing` header (`app;dur=<ms>`): a
browser's developer tools show it beside the whole request's, and the load benchmark
tells the server's share of a latency from the waits around it (queues, its own loop).

An unexpected error answers 500 with a short reference and a message in the caller's
language; the log line with that reference has the traceback, the response nothing of it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

import config
import i18n
import logs

# Tablets poll every 1.5 s; a route answering slower than this is worth a look.
SLOW_REQUEST_MS = 500

Handler = Callable[[Request], Awaitable[Response]]


def request_language(request: Request) -> str:
    """The language the request asks for (`?lang=`, else the browser's first), else the default."""
    if request.query_params.get("lang") in i18n.LANGUAGES:
        return request.query_params["lang"]
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        tag = "nb" if tag == "no" else tag  # "no" is Norwegian unspecified: bokmål
        if tag in i18n.LANGUAGES:
            return tag
    try:
        return config.load().language
    except config.ConfigError:
        return "da"


def observed(route: str, handler: Handler) -> Handler:
    """`handler` with a request id in its log lines, timed, and no traceback ever answered."""

    async def wrapper(request: Request) -> Response:
        request_id = logs.new_id()
        started = time.perf_counter()
        status = 500
        with logs.scope(request_id=request_id):
            try:
                response = await handler(request)
                status = response.status_code
            except Exception as error:  # noqa: BLE001 - the routes' one error boundary
                reference = logs.unexpected(error, where=route, method=request.method)
                i18n.set_language(request_language(request))
                response = JSONResponse(
                    {
                        "ok": False,
                        "error": "internal",
                        "reference": reference,
                        "message": i18n.t("error.unexpected", ref=reference),
                    },
                    status_code=500,
                    headers={"Cache-Control": "no-store"},
                )
            finally:
                took_ms = (time.perf_counter() - started) * 1000
                duration_ms = round(took_ms)
                if duration_ms > SLOW_REQUEST_MS:
                    logs.event(
                        "request.slow",
                        logging.WARNING,
                        route=route,
                        method=request.method,
                        status=status,
                        duration_ms=duration_ms,
                    )
        response.headers["X-Request-ID"] = request_id
        response.headers["Server-Timing"] = f"app;dur={took_ms:.1f}"
        return response

    return wrapper
