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

# Pages anyone opens without an account (the authenticator is never constructed for
# them): URL path -> (file, the query key that also selects the page at "/").
PUBLIC_PAGES = {
    "join": ("app_pages/join.py", "code"),
    "workshop": ("app_pages/participant.py", "p"),
    "survey": ("app_pages/survey.py", "s"),
}

# Staff pages: key -> (file, material icon). Order is the navigation's order.
STAFF_PAGES = {
    "overview": ("app_pages/overview.py", "dashboard"),
    "workshops": ("app_pages/workshops.py", "groups"),
    "users": ("app_pages/users.py", "manage_accounts"),
    "audit": ("app_pages/audit.py", "history"),
    "settings": ("app_pages/settings.py", "tune"),
    "volunteers": ("app_pages/volunteers.py", "volunteer_activism"),
    "hours": ("app_pages/hours.py", "schedule"),
    "staff_time": ("app_pages/staff_time.py", "badge"),
    "resources": ("app_pages/resources.py", "balance"),
    "surveys": ("app_pages/surveys.py", "quiz"),
    "survey_results": ("app_pages/survey_results.py", "bar_chart"),
}
NAV_SECTIONS = {
    "nav.section.work": ("overview", "workshops"),
    "nav.section.volunteers": ("volunteers", "hours", "staff_time", "resources"),
    "nav.section.surveys": ("surveys", "survey_results"),
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


def _public_page() -> str | None:
    """The public page this URL asks for, by path or by query key; None for staff routes."""
    path = _requested_path()
    if path in PUBLIC_PAGES:
        return path
    return next((page for page, (_, key) in PUBLIC_PAGES.items() if key in st.query_params), None)


def _public_navigation(requested: str) -> None:
    pages = {
        key: st.Page(file, title=t(f"nav.{key}"), url_path=key) for key, (file, _) in PUBLIC_PAGES.items()
    }
    # The default page is served at "/", so it cannot also answer its own path: when the
    # URL path names a page, another page is the default.
    default = next(k for k in PUBLIC_PAGES if k != requested) if _requested_path() == requested else requested
    ordered = [pages[default], *(page for key, page in pages.items() if key != default)]
    st.navigation(ordered, position="hidden").run()


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

public_page = _public_page()
if public_page:
    choose_language(settings.language, query_param=True)
    _public_navigation(public_page)
else:
    choose_language(settings.language)
    try:
        user = staff_user(settings)
    except config.ConfigError as err:
        st.error(str(err))
        st.stop()
    if user is not None:
        _staff_navigation(user["role"])
