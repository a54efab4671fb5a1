"""Samskab's entry: settings, migrations, then participant routes or staff login and role navigation."""

from __future__ import annotations

import html
import os
from urllib.parse import urlparse

import streamlit as st
from streamlit import config as streamlit_config
from streamlit.errors import StreamlitAPIException
from streamlit.navigation.page import StreamlitPage

import clock
import config
import logs
from api import routes as api_routes
from components.document import document_language, page_title
from components.links import PAGE_AFTER_CALLBACK
from components.literal import literal
from components.shell import base_style, choose_language
from i18n import t
from runtime.boundary import bind_session, guarded
from runtime.config_reads import read_without_lock
from runtime.sso import streamlit_secrets
from runtime.startup import prepare_database
from runtime.tcp import accept_without_delay
from services.admin.permissions import pages_for

# Pages anyone opens without an account (the authenticator is never constructed for
# them): URL path -> (file, the query key that also selects the page at "/").
PUBLIC_PAGES = {
    "join": ("app_pages/join.py", "code"),
    "workshop": ("app_pages/participant.py", "p"),
    "follow": ("app_pages/you_said_we_did.py", "follow"),
    "survey": ("app_pages/survey.py", "s"),
}

# Staff pages: key -> (file, material icon). Order is the navigation's order.
STAFF_PAGES = {
    "overview": ("app_pages/overview.py", "dashboard"),
    "processes": ("app_pages/processes.py", "account_tree"),
    "workshops": ("app_pages/workshops.py", "groups"),
    "console": ("app_pages/console.py", "tune"),
    "projector": ("app_pages/projector.py", "slideshow"),
    "catalogue": ("app_pages/catalogue.py", "menu_book"),
    "initiatives": ("app_pages/initiatives.py", "rocket_launch"),
    "initiative": ("app_pages/initiative.py", "rocket_launch"),
    "actors": ("app_pages/actors.py", "handshake"),
    "users": ("app_pages/users.py", "manage_accounts"),
    "audit": ("app_pages/audit.py", "history"),
    "settings": ("app_pages/settings.py", "settings"),
    "volunteers": ("app_pages/volunteers.py", "volunteer_activism"),
    "hours": ("app_pages/hours.py", "schedule"),
    "staff_time": ("app_pages/staff_time.py", "badge"),
    "resources": ("app_pages/resources.py", "balance"),
    "surveys": ("app_pages/surveys.py", "quiz"),
    "survey_results": ("app_pages/survey_results.py", "bar_chart"),
    "dashboard": ("app_pages/dashboard.py", "monitoring"),
    "summary": ("app_pages/summary.py", "summarize"),
    "inclusion": ("app_pages/inclusion.py", "diversity_3"),
}
NAV_SECTIONS = {
    "nav.section.work": ("overview", "processes", "workshops", "console", "projector"),
    "nav.section.insight": ("dashboard", "summary", "inclusion"),
    "nav.section.action": ("catalogue", "initiatives", "initiative", "actors"),
    "nav.section.volunteers": ("volunteers", "hours", "staff_time", "resources"),
    "nav.section.surveys": ("surveys", "survey_results"),
    "nav.section.admin": ("users", "audit", "settings"),
}
# Reached from another page (with the thing to show in the URL), not from the menu.
HIDDEN_PAGES = {"initiative"}
# Where a role lands after signing in, where it is not the first page of its menu.
HOME_PAGES = {"leader": "dashboard", "politician": "summary"}


def _secrets() -> dict:
    # While no secrets file exists, Streamlit looks for one again at every call, under a lock
    # that every page run then queues at: with hundreds of tablets joining, a convoy.
    if not any(os.path.exists(path) for path in streamlit_config.get_option("secrets.files")):
        return {}
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


def _page_not_found() -> None:
    """Our own answer to an address that names no page (Streamlit's is English and jumps away)."""
    st.title(t("not_found.title"))
    st.markdown(literal(t("not_found.body", path=_requested_path())))
    # Relative to the app's own address, so it also works under a base path; in this tab
    # (a Markdown link would open a new one). Catalogue text only, escaped all the same.
    st.html(f'<a href="./">{html.escape(t("not_found.home"))}</a>')


def _unknown_address(known: set[str]) -> list[StreamlitPage]:
    """A hidden page at the requested path when no page of `known` answers it; else nothing."""
    path = _requested_path()
    if not path or path in known:
        return []
    try:
        return [st.Page(_page_not_found, title=t("not_found.title"), url_path=path, visibility="hidden")]
    except StreamlitAPIException:  # a path Streamlit cannot take as a page's: its own answer stays
        return []


def _public_navigation(requested: str) -> None:
    after_callback = st.session_state.pop(PAGE_AFTER_CALLBACK, None)
    if after_callback in PUBLIC_PAGES:
        # That page alone: the browser asked to rerun the page it shows, which is then not
        # among the pages, so Streamlit runs the only one (its default, at "/"). Its own
        # url_path, so the runs after find it by the same name among all the pages.
        file, _ = PUBLIC_PAGES[after_callback]
        page = st.Page(file, title=t(f"nav.{after_callback}"), url_path=after_callback)
        _run(st.navigation([page], position="hidden"))
        return
    pages = {
        key: st.Page(file, title=t(f"nav.{key}"), url_path=key) for key, (file, _) in PUBLIC_PAGES.items()
    }
    # The default page is served at "/", so it cannot also answer its own path: when the
    # URL path names a page, another page is the default.
    default = next(k for k in PUBLIC_PAGES if k != requested) if _requested_path() == requested else requested
    ordered = [pages[default], *(page for key, page in pages.items() if key != default)]
    _run(st.navigation(ordered, position="hidden"))


def _staff_navigation(role: str) -> None:
    allowed = set(pages_for(role))
    sections = {}
    for section, keys in NAV_SECTIONS.items():
        pages = [
            st.Page(
                STAFF_PAGES[k][0],
                title=t(f"nav.{k}"),
                icon=f":material/{STAFF_PAGES[k][1]}:",
                url_path=k,
                visibility="hidden" if k in HIDDEN_PAGES else "visible",
                default=HOME_PAGES.get(role) == k,
            )
            for k in keys
            if k in allowed
        ]
        if pages:
            sections[t(section)] = pages
    unknown = _unknown_address(allowed)
    if unknown and sections:
        next(iter(sections.values())).extend(unknown)
    # Every page of a role stays listed; collapsing would hide a page a role needs.
    _run(st.navigation(sections, expanded=True))


def _run(page: StreamlitPage) -> None:
    # The page's own code runs inside .run(): this is where its unexpected errors end.
    # The log names the page by its own path: the public url_path is "" for the default page.
    # Each page its own tab title, so a screen reader and the browser's tabs tell pages apart.
    st.set_page_config(page_title=page_title(page.title))
    with guarded(page._url_path):
        page.run()


def _keep_requested_page() -> None:
    """Know every staff page while nobody is signed in, so a link to one survives the login.

    Without the pages known while the login page is drawn, Streamlit answers "Page not
    found" at a staff page's URL and drops the link's page (and its query) for the start
    page. The page itself is not run; the role's navigation decides after login.
    At "/" nothing is asked for, and the role's own start page must win.
    """
    unknown = _unknown_address(set(STAFF_PAGES))
    if _requested_path() not in STAFF_PAGES and not unknown:
        return
    pages = [st.Page(file, title=t(f"nav.{key}"), url_path=key) for key, (file, _) in STAFF_PAGES.items()]
    chosen = st.navigation(pages + unknown, position="hidden")
    if unknown and chosen is unknown[0]:
        # Below the sign-in form: the address names no page, signed in or not.
        chosen.run()


def main() -> None:
    st.set_page_config(page_title="Samskab", page_icon=":material/diversity_3:", layout="wide")
    base_style()
    bind_session()
    try:
        settings = config.load(_secrets())
        logs.configure(settings.log_level)
        prepare_database(settings)
        clock.set_timezone(settings.timezone)
        public_page = _public_page()
        if public_page:
            choose_language(settings.language, query_param=True)
            document_language()
            _public_navigation(public_page)
            return
        choose_language(settings.language)
        # Until a page runs, this is the sign-in page.
        st.set_page_config(page_title=page_title(t("login.submit")))
        # Imported here, inside a script run: the sign-in pages need Streamlit's runtime,
        # and `streamlit run app.py` imports this module before the runtime starts.
        from runtime.auth import staff_user

        user = staff_user(settings)
    except config.ConfigError as err:
        st.error(str(err))
        st.stop()
    # After the sign-in, which may switch to the user's own language.
    document_language()
    if user is None:
        _keep_requested_page()
    else:
        _staff_navigation(user["role"])


if __name__ == "__main__":
    # A Streamlit run of this script (streamlit run, AppTest).
    main()
else:
    # `streamlit run app.py` finds this ASGI app and serves the script above through it,
    # with the JSON routes tablets poll beside it on the same origin, under the same base
    # path (the command line's and config.toml's options are loaded before this import).
    # uvicorn imports this before it accepts a connection: each one gets TCP_NODELAY.
    accept_without_delay()
    # Hundreds of page runs at once must not queue on Streamlit's configuration lock.
    read_without_lock()
    # The log is ready before the first request; a script run sets the level again from
    # the settings (secrets included), and a bad setting is shown there.
    # Single sign-on's `[auth]` secrets come from Samskab's settings (runtime/sso.py).
    sso_secrets = None
    try:
        start_settings = config.load()
        logs.configure(start_settings.log_level)
        sso_secrets = streamlit_secrets(start_settings)
    except config.ConfigError:
        logs.configure()
    app = st.App("app.py", routes=api_routes(st.get_option("server.baseUrlPath")), secrets=sso_secrets)
