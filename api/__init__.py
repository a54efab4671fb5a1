"""HTTP routes beside the Streamlit app (same origin): what tablets poll, readiness, the login cookie."""

from __future__ import annotations

from starlette.routing import Route

from api import board, board_ideas, board_push, ready, session
from config import url_prefix


def routes(base_url_path: str | None = "") -> list[Route]:
    """Every JSON route, under Streamlit's `server.baseUrlPath` as Streamlit's own routes are.

    st.App adds the routes it is given as they are, not under the base path.
    """
    prefix = url_prefix(base_url_path)
    return [
        *board.routes(prefix),
        *board_ideas.routes(prefix),
        *board_push.routes(prefix),
        *ready.routes(prefix),
        *session.routes(prefix),
    ]
