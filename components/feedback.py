"""Turning a service's DomainError into a message in the user's language."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components.literal import literal
from i18n import fmt_date, fmt_int, t
from services.errors import DomainError


def _shown(value: object) -> object:
    if isinstance(value, str):
        return literal(value)
    if isinstance(value, date):
        return fmt_date(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return fmt_int(value)
    return value


def error_text(err: DomainError) -> str:
    params = dict(err.params)
    if "field" in params:
        params["field"] = t(f"field.{params['field']}")
    # Params can echo what the user typed (a code, a title): keep it literal.
    shown = {k: _shown(v) for k, v in params.items()}
    return t(err.key, **shown)


def show_error(err: DomainError) -> None:
    st.error(error_text(err), icon=":material/error:")


def flash(message: str, *, page: str | None = None, query_params: dict[str, str] | None = None) -> None:
    """Keep a success message for the next run, then rerun (or open `page`) to show fresh data."""
    st.session_state["_flash"] = message
    if page is not None:
        st.switch_page(page, query_params=query_params)
    st.rerun()


def show_flash() -> None:
    message = st.session_state.pop("_flash", None)
    if message:
        st.success(message, icon=":material/check_circle:")
