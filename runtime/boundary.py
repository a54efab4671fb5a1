"""The one error boundary of a page run: an unexpected error becomes a message and a log line.

Streamlit would show its own English box for an uncaught exception (or, with
`showErrorDetails = "none"`, a box that tells support nothing). Instead the user reads,
in their language, that something went wrong and a short reference; the log line with
that reference has the traceback. The unit of work the error broke out of has already
rolled back (db.session.session_scope rolls back on any exception).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

import logs
from i18n import t


def bind_session() -> None:
    """Mark this run's log lines with its Streamlit session's id (not the user: ids only)."""
    ctx = get_script_run_ctx()
    logs.bind(session_id=ctx.session_id if ctx else "none")


def guarded_callback(where: str, callback: Callable[[], None]) -> Callable[[], None]:
    """`callback` for a widget's on_change/on_click, inside the boundary too.

    Streamlit runs callbacks before the page's script, so outside the page's `guarded`:
    an error there would reach the browser as Streamlit's own traceback box.
    """

    def run() -> None:
        bind_session()  # app.py binds it too, but only after the callbacks have run
        with guarded(where):
            callback()

    return run


@contextmanager
def guarded(where: str) -> Iterator[None]:
    """Run a page (or a fragment) so that an unexpected error shows a reference, never a traceback."""
    try:
        yield
    except ScriptControlException:
        # st.rerun(), st.stop() and st.switch_page() end a run by raising these; they are
        # Streamlit's control flow, not errors (BaseException already, re-raised to be plain).
        raise
    except Exception as error:  # noqa: BLE001 - this is the boundary: every other error ends here
        reference = logs.unexpected(error, where=where)
        st.error(t("error.unexpected", ref=reference), icon=":material/error:")
