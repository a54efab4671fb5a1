"""The frame around every page: language switch, role guard, headers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

import config
import i18n
from i18n import t
from services.admin.permissions import can_view

LANGUAGE_KEY = "language"  # the chosen language; survives pages that draw no switch


def choose_language(default: str, query_param: bool = False) -> str:
    """Set and return the run's language: this session's choice, then the URL, then `default`."""
    language = st.session_state.get(LANGUAGE_KEY)
    if language is None and query_param:
        language = st.query_params.get("lang")
    if language not in i18n.LANGUAGES:
        language = default
    i18n.set_language(language)
    return language


def language_switch(
    *, where: str = "sidebar", keep_in_url: bool = False, on_change: Callable[[str], object] | None = None
) -> None:
    """A language picker ("sidebar", "here" or "top" right); applies from the next run on."""

    def changed() -> None:
        chosen = st.session_state["language_switch"]
        st.session_state[LANGUAGE_KEY] = chosen
        # A callback runs before app.py has set the run's language: without this, whatever
        # `on_change` says (a refusal, the error boundary) would be in the default language.
        i18n.set_language(chosen)
        if keep_in_url:
            st.query_params["lang"] = chosen
        if on_change is not None:
            on_change(chosen)

    if where == "sidebar":
        selectbox = st.sidebar.selectbox
    elif where == "here":
        selectbox = st.selectbox
    else:
        # Top right, narrow: a participant's screen belongs to the workshop, not the picker.
        selectbox = st.columns([3, 1])[1].selectbox
    selectbox(
        t("shell.language"),
        i18n.LANGUAGES,
        index=i18n.LANGUAGES.index(i18n.current_language()),
        format_func=i18n.LANGUAGE_NAMES.__getitem__,
        placeholder=t("common.choose"),
        key="language_switch",
        on_change=changed,
    )


def settings() -> config.Settings:
    """The run's settings (app.py loads them from the environment and st.secrets)."""
    return st.session_state["settings"]


def current_user() -> dict[str, Any] | None:
    return st.session_state.get("user")


def guard(page: str) -> dict[str, Any]:
    """The signed-in user if their role may see `page`; otherwise stop with a message.

    The navigation already leaves such pages out; this second check keeps a page safe
    even if it is reached some other way.
    """
    user = current_user()
    if user is None or not can_view(user["role"], page):
        st.error(t("error.not_allowed"), icon=":material/block:")
        st.stop()
    return user


# Static CSS only (never user text). Colours are checked against WCAG AA (docs/accessibility.md):
# - less empty space above each page's title;
# - captions in #5b6460, 6.1:1 on white and 5.6:1 on the sidebar (Streamlit draws them in
#   the text colour at 60 % opacity: 4.26:1, under the 4.5:1 small text needs);
# - a 3 px focus ring in #174c3f, 9.8:1 on white (Streamlit's half-transparent ring is about
#   2:1), on every control and around the box of a focused text field or select;
# - the document script (components/document.py) draws nothing, so its slot takes no space.
_BASE_CSS = """<style>
  [data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
  [data-testid="stCaptionContainer"] { color: #5b6460; opacity: 1; }
  :is(button, a[href], summary, [role="button"], [role="radio"], [role="checkbox"], [role="switch"],
      [role="tab"], [role="option"], [tabindex="0"]:not(input, textarea)):focus-visible {
    outline: 3px solid #174c3f !important; outline-offset: 2px; }
  :is([data-testid$="RootElement"], [data-testid="stNumberInputContainer"],
      [data-testid="stElementContainer"] [role="group"]:has(input)):focus-within {
    outline: 3px solid #174c3f; outline-offset: 1px; }
  .st-key-samskab_document { display: none; }
</style>"""


def base_style() -> None:
    st.html(_BASE_CSS)
