"""Turning a service's DomainError into a message in the user's language."""

from __future__ import annotations

import streamlit as st

from components.literal import literal
from i18n import refusal
from services.common.errors import DomainError


def error_text(err: DomainError) -> str:
    """The refusal as Markdown, for st.error and st.markdown."""
    # Params can echo what the user typed (a code, a title): keep it literal in Markdown.
    return refusal(err.key, err.params, text=literal)


def plain_error_text(err: DomainError) -> str:
    """The refusal as plain text, for what shows text as it is (the board's script sets textContent):
    Markdown escapes there would show as backslashes ("The idea\\'s title")."""
    return refusal(err.key, err.params)


def show_error(err: DomainError) -> None:
    st.error(error_text(err), icon=":material/error:")


def flash(
    message: str | None, *, page: str | None = None, query_params: dict[str, str] | None = None
) -> None:
    """Keep a success message (if any) for the next run, then rerun (or open `page`) to show fresh data."""
    if message:
        st.session_state["_flash"] = message
    if page is not None:
        st.switch_page(page, query_params=query_params)
    st.rerun()


def show_flash() -> None:
    message = st.session_state.pop("_flash", None)
    if message:
        st.success(message, icon=":material/check_circle:")
