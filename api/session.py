"""`/session/start` and `/session/end`: the server sets and clears the local login cookie.

A cookie set by page script can be read by page script; only a cookie set in an HTTP
response can be HttpOnly, and a Streamlit run answers over its websocket, never with
HTTP headers. So the run that checked the password sends the browser here with a
one-time ticket (valid seconds, signed with the cookie key; services/admin/sessions.py),
and this answers with the HttpOnly cookie and a redirect to the start page. The cookie
holds the user's session version, so logging out (which moves it) ends it, copies too.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

import config
from api import forwarded
from api.observed import observed
from services.admin import sessions


def _settings() -> tuple[config.Settings, str]:
    settings = config.load()
    return settings, config.cookie_key(settings)


def _home(prefix: str) -> RedirectResponse:
    response = RedirectResponse(f"{prefix}/", status_code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


def _secure(request: Request) -> bool:
    """Secure when the browser used HTTPS: directly, or as a trusted proxy says."""
    if request.url.scheme == "https":
        return True
    client = (request.client.host, request.client.port) if request.client else None
    address = forwarded.browser_address(client, request.headers, forwarded.trusted_proxies())
    return address.scheme == "https"


def routes(prefix: str = "") -> list[Route]:
    cookie_path = prefix or "/"

    async def start(request: Request) -> Response:
        settings, key = _settings()
        response = _home(prefix)
        held = sessions.read_ticket(key, request.query_params.get("ticket"))
        if held is None:  # stale or forged: the login page again, nothing set
            return response
        days = settings.cookie_expiry_days
        response.set_cookie(
            settings.cookie_name,
            sessions.cookie_value(key, held, days),
            max_age=days * 86400 if days else None,
            path=cookie_path,
            httponly=True,
            samesite="lax",
            secure=_secure(request),
        )
        return response

    async def end(_request: Request) -> Response:
        settings, _ = _settings()
        response = _home(prefix)
        response.delete_cookie(settings.cookie_name, path=cookie_path, httponly=True, samesite="lax")
        return response

    start_path, end_path = f"{prefix}/session/start", f"{prefix}/session/end"
    return [
        Route(start_path, observed(start_path, start), methods=["GET"]),
        Route(end_path, observed(end_path, end), methods=["GET"]),
    ]
