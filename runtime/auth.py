"""Staff sign-in: single sign-on (st.login) and the local form, and the session after.

The local form goes through services.admin.sign_in (the throttle on failed sign-ins, the
audit). A signed-in session holds its user's session version (runtime/sessions.py), and
every run checks it against the database, so logout, a password reset, a role change or
deactivation ends it at once. A new browser session resumes from the HttpOnly login
cookie the server set (api/session.py), or from Streamlit's sign-on cookie through
services.admin.sso, under the same checks.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import streamlit as st

import config
import i18n
import logs
from components.literal import literal
from components.shell import LANGUAGE_KEY, language_switch
from db.session import read_scope, session_scope
from demo.seed import DEMO_ACCOUNTS
from i18n import t, tn
from runtime import limits, sessions, sso
from runtime.boundary import guarded
from runtime.municipality import municipality
from services.admin import sessions as session_rules
from services.admin import sign_in, sign_in_policy, site, users
from services.admin import sso as sso_rules

_STATUS = sessions.STATUS
_NOTICE = "sign_in_notice"  # why the last session ended, shown once on the login screen


def _login_form(settings: config.Settings) -> None:
    """The sign-in form; on a submit, one attempt through the throttle."""
    with st.form("login"):
        st.header(t("login.form_title"))
        username = st.text_input(t("field.username"), autocomplete="username")
        password = st.text_input(t("field.password"), type="password", autocomplete="current-password")
        submitted = st.form_submit_button(t("login.submit"))
    if not submitted or not sign_in.normalise(username):
        return
    throttle = limits.sign_in_failures(
        settings.rate_login_failures_per_user, settings.rate_login_failures_per_address
    )
    with session_scope() as session:
        outcome = sign_in.attempt(
            session, throttle, username, password, limits.address(), production=not settings.demo
        )
    if outcome.demo_refused:
        st.error(t("login.demo_account_refused"), icon=":material/gpp_bad:")
    elif outcome.ok and outcome.user_id is not None:
        with read_scope() as session:
            user = users.get_user(session, outcome.user_id)
            held, name = session_rules.grant(user), user.username
        sessions.begin(held, "local", name)
        # The browser leaves for the route that sets the HttpOnly cookie, and comes back.
        sessions.set_cookie(settings, held)
    elif outcome.wait:
        st.error(tn("login.too_many_failures", math.ceil(outcome.wait / 60)), icon=":material/timer:")
    else:
        st.session_state[_STATUS] = False


def _demo_accounts() -> None:
    st.info(t("login.demo_intro"), icon=":material/science:")
    st.table(
        {
            t("field.role"): [t(f"role.{role}") for _, role, _, _ in DEMO_ACCOUNTS],
            t("field.username"): [username for username, _, _, _ in DEMO_ACCOUNTS],
            t("field.password"): [password for _, _, password, _ in DEMO_ACCOUNTS],
        }
    )


def _sso_button() -> None:
    if st.button(t("sso.button"), type="primary", icon=":material/badge:", key="sso_login"):
        sso.sign_on()


def _sso_refused(refusal: str) -> None:
    st.error(t(refusal), icon=":material/block:")
    # The identity provider did its part; signing off lets another person sign on here.
    if st.button(t("sso.sign_off"), key="sso_sign_off"):
        sso.sign_off()


def _login_screen(settings: config.Settings, local: bool, refusal: str | None) -> None:
    head, switch = st.columns([4, 1], vertical_alignment="bottom")
    with head:
        st.title(t("login.title"))
        st.caption(literal(municipality().name))
    with switch:
        language_switch(where="here")
    left, right = st.columns([3, 2], gap="large")
    with right:
        st.header(t("login.participant_title"))
        st.write(t("login.participant_text"))
        st.link_button(t("login.join_link"), "join", icon=":material/qr_code_2:", type="primary")
    with left:
        notice = st.session_state.pop(_NOTICE, None)
        if notice:
            st.info(t(notice), icon=":material/logout:")
        if refusal:
            _sso_refused(refusal)
        if settings.sso:
            st.subheader(t("sso.title"))
            st.write(t("sso.text"))
            _sso_button()
        if not local:
            return
        _login_form(settings)
        if st.session_state.get(_STATUS) is False:
            st.error(t("login.failed"), icon=":material/lock:")
        if settings.demo:
            _demo_accounts()


def _plain_user(user: Any) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "language": user.language,
    }


def _current_user(settings: config.Settings) -> dict[str, Any] | None:
    """This session's user, freshly read (a role change applies at once), or None if it ended."""
    found = sessions.held()
    if found is None:
        return None
    held, _ = found
    with read_scope() as session:
        user = session_rules.current(session, held, sso_configured=settings.sso)
        refused = user is not None and _refused_demo_account(session, user.username, settings)
        if user is not None and not refused:
            return _plain_user(user)
    sessions.forget()
    st.session_state[_NOTICE] = "login.demo_account_refused" if refused else "sso.session_ended"
    logs.event("session.ended", user_id=held.user_id)
    return None


def _refused_demo_account(session: Any, username: str, settings: config.Settings) -> bool:
    """A demo account remembered from before a switch to production: never signed in again."""
    return site.is_refused_demo_account(session, username, production=not settings.demo)


def _resume(settings: config.Settings) -> tuple[dict[str, Any] | None, str | None]:
    """A new browser session signed in from a cookie: the login cookie, then the sign-on one.

    Returns the user, or None and why a sign-on was refused (an i18n key).
    """
    held = sessions.cookie_grant(settings)
    if held is not None:
        with read_scope() as session:
            user = session_rules.current(session, held, sso_configured=settings.sso)
            if user is not None and _refused_demo_account(session, user.username, settings):
                st.session_state[_NOTICE] = "login.demo_account_refused"
                return None, None
            if user is not None:
                sessions.begin(held, "local", user.username)
                return _plain_user(user), None
    claims = sso.claims() if settings.sso else None
    if claims is None:
        return None, None
    with session_scope() as session:
        outcome = sso_rules.sign_in(
            session,
            claims,
            roles_claim=settings.sso_roles_claim,
            role_map=settings.sso_role_map,
            expiry_days=settings.cookie_expiry_days,
        )
        if outcome.user_id is None:
            logs.event("signin.sso_refused", logging.WARNING, reason=outcome.refused)
            return None, outcome.refused
        user = users.get_user(session, outcome.user_id)
        sessions.begin(session_rules.grant(user), "sso", user.username)
        return _plain_user(user), None


def _save_language(user_id: int) -> Any:
    def save(language: str) -> None:
        # A widget callback runs before the page, outside its boundary: it needs its own.
        with guarded("language.save"), session_scope() as session:
            users.set_language(session, user_id, language)

    return save


def _log_out(user_id: int) -> None:
    """End every session of this user (other devices and copied cookies too), then this one."""
    found = sessions.held()
    with session_scope() as session:
        session_rules.end_all(session, users.get_user(session, user_id), by_user_id=user_id, reason="logout")
    sessions.forget()
    if found is not None and found[1] == "sso":
        sso.sign_off()
    else:
        sessions.clear_cookie()


def _sidebar(user: dict[str, Any]) -> None:
    with st.sidebar:
        st.markdown(f"**{literal(user['display_name'])}**  \n{t('role.' + user['role'])}")
        language_switch(on_change=_save_language(user["id"]))
        if st.button(t("login.logout"), key="sidebar_logout"):
            _log_out(user["id"])
            st.stop()


def staff_user(settings: config.Settings) -> dict[str, Any] | None:
    """The signed-in staff user, or None after drawing the login screen.

    On a successful local sign-in the run stops: the browser then fetches the HttpOnly
    cookie and comes back, and the page it comes back to resumes from that cookie.
    """
    user = _current_user(settings)
    refusal = None
    if user is None and sessions.held() is None:
        user, refusal = _resume(settings)
    if user is None:
        with read_scope() as session:
            local = sign_in_policy.local_accounts_allowed(session, sso_configured=settings.sso)
        # Reset, so that False afterwards means "this run's attempt failed".
        st.session_state[_STATUS] = None
        _login_screen(settings, local, refusal)
        if st.session_state.get(_STATUS) is False:
            # Without the username typed: a failed attempt's "username" is now and then the
            # password, typed in the wrong field. The audit log keeps it, behind staff access.
            logs.event("signin.failed", logging.WARNING)
        if st.session_state.get(_STATUS) is not True:
            return None
        logs.event("signin.succeeded", username=st.session_state["username"])
        st.success(t("login.welcome"), icon=":material/check_circle:")
        st.stop()

    if LANGUAGE_KEY not in st.session_state and user["language"]:
        st.session_state[LANGUAGE_KEY] = user["language"]
        i18n.set_language(user["language"])
    st.session_state["user"] = user
    _sidebar(user)
    return user
