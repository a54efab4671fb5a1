"""Samskab's entry: settings, migrations, then participant routes or staff login and role navigation."""

from __future__ import annotations

from urllib.parse import urlparse

import streamlit as st

import config
import i18n
from components.auth import staff_user
from components.shell import choose_language
from components.startup import prepare_database
from i18n import t
from services.permissions import pages_for

st.set_page_config(page_title="Samskab", page_icon=":material/diversity_3:", layout="wide")

# Participant routes: query keys and paths that never construct the authenticator.
PUBLIC_QUERY_KEYS = ("code", "p")
PUBLIC_PATHS = ("join", "workshop")

# Staff pages: key -> (file, material icon). Order is the navigation's order.
STAFF_PAGES = {
    "overview": ("app_pages/overview.py", "dashboard"),
    "workshops": ("app_pages/workshops.py", "groups"),
    "users": ("app_pages/users.py", "manage_accounts"),
    "audit": ("app_pages/audit.py", "history"),
    "settings": ("app_pages/settings.py", "tune"),
}
NAV_SECTIONS = {
    "nav.section.work": ("overview", "workshops"),
    "nav.section.admin": ("users", "audit", "settings"),
}


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except FileNotFoundError:
        return {}
    except Exception:  # noqa: BLE001 - a missing secrets file raises Streamlit's own error
        return {}


def _requested_path() -> str:
    url = st.context.url or ""
    return urlparse(url).path.rstrip("/").rsplit("/", 1)[-1]


def _is_public_route() -> bool:
    return any(key in st.query_params for key in PUBLIC_QUERY_KEYS) or _requested_path() in PUBLIC_PATHS


def _public_navigation() -> None:
    join = st.Page("app_pages/join.py", title=t("nav.join"), url_path="join")
    board = st.Page("app_pages/participant.py", title=t("nav.participant"), url_path="workshop")
    # The default page is served at "/", so it cannot also answer its own path: when the
    # URL names a page, the other one is the default.
    path = _requested_path()
    if path in PUBLIC_PATHS:
        default = board if path == "join" else join
    else:
        default = board if "p" in st.query_params else join
    pages = [default, join if default is board else board]
    st.navigation(pages, position="hidden").run()


def _staff_navigation(role: str) -> None:
    allowed = set(pages_for(role))
    sections = {}
    for section, keys in NAV_SECTIONS.items():
        pages = [
            st.Page(
                STAFF_PAGES[k][0], title=t(f"nav.{k}"), icon=f":material/{STAFF_PAGES[k][1]}:", url_path=k
            )
            for k in keys
            if k in allowed
        ]
        if pages:
            sections[t(section)] = pages
    st.navigation(sections).run()


try:
    settings = config.load(_secrets())
    prepare_database(settings)
    i18n.set_timezone(settings.timezone)
except config.ConfigError as err:
    st.error(str(err))
    st.stop()

if _is_public_route():
    choose_language(settings.language, query_param=True)
    _public_navigation()
else:
    choose_language(settings.language)
    try:
        user = staff_user(settings)
    except config.ConfigError as err:
        st.error(str(err))
        st.stop()
    if user is not None:
        _staff_navigation(user["role"])
