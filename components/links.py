"""Addresses participants use: the app's base URL and a workshop's join link."""

from __future__ import annotations

from urllib.parse import urlparse

import streamlit as st

from components.shell import settings
from config import url_prefix


def base_url() -> str:
    """SAMSKAB_PUBLIC_URL, else the address this browser reached the app by.

    That address is the browser's own (st.context.url comes from the page), so it is right
    behind a proxy too, whatever the proxy says in its headers.
    """
    if settings().public_url:
        return settings().public_url
    parsed = urlparse(st.context.url or "http://localhost:8501")
    return f"{parsed.scheme}://{parsed.netloc}" + url_prefix(st.get_option("server.baseUrlPath"))


# The public page a callback asked the run after it to draw (read by app.py).
PAGE_AFTER_CALLBACK = "samskab_page_after_callback"


def open_after_callback(page: str, query_params: dict[str, str]) -> None:
    """From a widget's callback: the run that follows draws public page `page`, with these
    query parameters in the address.

    st.switch_page in that run would first draw the page the browser asked for, then start
    the whole script over on the other: a third page run in a tablet's join, a fifth of
    its CPU, and a 10 ms sleep (docs/performance.md). The run draws it at once instead.
    """
    st.query_params.from_dict(query_params)
    st.session_state[PAGE_AFTER_CALLBACK] = page


def api_path(path: str) -> str:
    """An absolute path to a JSON route (api/), under the base URL path like the app's pages."""
    return url_prefix(st.get_option("server.baseUrlPath")) + path


def join_url(code: str) -> str:
    return f"{base_url()}/?code={code}"
