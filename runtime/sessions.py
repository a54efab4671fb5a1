"""The signed-in staff session in st.session_state, and the trips that set the HttpOnly cookie.

A session holds a `Grant` (user id and session version) and how it signed in; app runs
check it against the database through services.admin.sessions.current, every run.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

import config
from services.admin import sessions

Via = Literal["local", "sso"]
STATUS = "authentication_status"  # True: signed in; False: this run's attempt failed
_HELD = "session_grant"


def begin(held: sessions.Grant, via: Via, username: str) -> None:
    st.session_state[_HELD] = (held.user_id, held.version, via)
    st.session_state[STATUS] = True
    st.session_state["username"] = username


def held() -> tuple[sessions.Grant, Via] | None:
    value = st.session_state.get(_HELD)
    if value is None:
        return None
    user_id, version, via = value
    return sessions.Grant(user_id, version), via


def forget() -> None:
    for key in (_HELD, "user", "username"):
        st.session_state.pop(key, None)
    st.session_state[STATUS] = None


def cookie_grant(settings: config.Settings) -> sessions.Grant | None:
    """The grant in this browser's login cookie (sent with the page's first request), if valid."""
    return sessions.read_cookie(config.cookie_key(settings), st.context.cookies.get(settings.cookie_name))


def _go(path: str) -> None:
    """Send the browser to one of our own routes, as st.login and st.logout send it to theirs.

    Streamlit has no public call for this; these two use this message, which the page
    answers with `window.location.href = url`. Without a browser (AppTest) nothing happens.
    """
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    msg = ForwardMsg()
    msg.auth_redirect.url = f"{config.url_prefix(st.get_option('server.baseUrlPath'))}{path}"
    ctx.enqueue(msg)


def set_cookie(settings: config.Settings, held: sessions.Grant) -> None:
    """Have the server set the HttpOnly login cookie (api/session.py), then come back."""
    _go(f"/session/start?ticket={sessions.ticket(config.cookie_key(settings), held)}")


def clear_cookie() -> None:
    _go("/session/end")
