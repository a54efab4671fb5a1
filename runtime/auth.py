"""Staff sign-in: our own form and services.admin.sign_in; streamlit-authenticator keeps the session.

The form is drawn here rather than by the authenticator's login(), because login() checks
the password inside itself with nothing to hook in before: the throttle on failed sign-ins
must refuse an attempt before the password is looked at, and record every attempt. Once
sign_in.attempt() has accepted a user, the authenticator signs them in as it does from a
remembered cookie, and sets that cookie.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.utilities import LoginError

import config
import i18n
import logs
from components.literal import literal
from components.shell import LANGUAGE_KEY, language_switch
from db.session import read_scope, session_scope
from demo.seed import DEMO_ACCOUNTS
from i18n import t
from runtime import limits
from runtime.boundary import guarded
from services.admin import sign_in, users

_STATUS = "authentication_status"


def _login_form(authenticator: stauth.Authenticate, settings: config.Settings) -> None:
    """The sign-in form; on a submit, one attempt through the throttle."""
    with st.form("login"):
        st.subheader(t("login.form_title"))
        username = st.text_input(t("field.username"), autocomplete="username")
        password = st.text_input(t("field.password"), type="password", autocomplete="current-password")
        submitted = st.form_submit_button(t("login.submit"))
    if not submitted or not sign_in.normalise(username):
        return
    throttle = limits.sign_in_failures(
        settings.rate_login_failures_per_user, settings.rate_login_failures_per_address
    )
    with session_scope() as session:
        outcome = sign_in.attempt(session, throttle, username, password, limits.address())
    if outcome.ok:
        try:
            # Signs in as from a remembered cookie: the password has been checked above.
            authenticator.authentication_controller.login(token={"username": sign_in.normalise(username)})
        except LoginError:  # deactivated between reading the credentials and the check
            st.session_state[_STATUS] = False
            return
        authenticator.cookie_controller.set_cookie()
    elif outcome.wait:
        st.error(t("login.too_many_failures", minutes=math.ceil(outcome.wait / 60)), icon=":material/timer:")
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


def _login_screen(authenticator: stauth.Authenticate, settings: config.Settings) -> None:
    head, switch = st.columns([4, 1], vertical_alignment="bottom")
    with head:
        st.title(t("login.title"))
        st.caption(literal(settings.municipality))
    with switch:
        language_switch(where="here")
    left, right = st.columns([3, 2], gap="large")
    with right:
        st.subheader(t("login.participant_title"))
        st.write(t("login.participant_text"))
        st.link_button(t("login.join_link"), "join", icon=":material/qr_code_2:", type="primary")
    with left:
        _login_form(authenticator, settings)
        if st.session_state.get(_STATUS) is False:
            st.error(t("login.failed"), icon=":material/lock:")
        if settings.demo:
            _demo_accounts()


def _signed_in_user() -> dict[str, Any] | None:
    """The signed-in user as plain data, freshly read: a role change applies at once."""
    with read_scope() as session:
        user = users.user_by_username(session, st.session_state.get("username") or "")
        if user is None or not user.active:
            return None
        return {
            "id": user.id,
            "username": user.username,
            "display_name": user.display_name,
            "role": user.role,
            "language": user.language,
        }


def _save_language(user_id: int) -> Any:
    def save(language: str) -> None:
        # A widget callback runs before the page, outside its boundary: it needs its own.
        with guarded("language.save"), session_scope() as session:
            users.set_language(session, user_id, language)

    return save


def _sidebar(authenticator: stauth.Authenticate, user: dict[str, Any]) -> None:
    with st.sidebar:
        st.markdown(f"**{literal(user['display_name'])}**  \n{t('role.' + user['role'])}")
        language_switch(on_change=_save_language(user["id"]))
        authenticator.logout(t("login.logout"), "sidebar", key="sidebar_logout")


def staff_user(settings: config.Settings) -> dict[str, Any] | None:
    """The signed-in staff user, or None after drawing the login screen.

    Constructs the authenticator exactly once per run (a second instance collides on a
    widget key). On a successful login the run stops: the cookie component then sets the
    cookie in the browser and asks for the rerun that shows the user's pages.
    """
    with read_scope() as session:
        credentials = users.login_credentials(session)
    authenticator = stauth.Authenticate(
        credentials,
        settings.cookie_name,
        config.cookie_key(settings),
        settings.cookie_expiry_days,
        auto_hash=False,
    )
    token = (
        authenticator.cookie_controller.get_cookie() if st.session_state.get(_STATUS) is not True else None
    )
    if token:
        # A remembered login, signed in from the token directly (the authenticator's own
        # login() is not used: it sleeps 0.7 s, during which the cookie component's first
        # value would interrupt the run, and it has no hook for the sign-in throttle).
        try:
            authenticator.authentication_controller.login(token=token)
        except LoginError:  # the account has been deactivated since
            st.session_state["logout"] = True
            st.warning(t("login.account_inactive"))
    if st.session_state.get(_STATUS) is not True:
        # Reset, so that False afterwards means "this run's attempt failed".
        st.session_state[_STATUS] = None
        _login_screen(authenticator, settings)
        if st.session_state.get(_STATUS) is False:
            # Without the username typed: a failed attempt's "username" is now and then the
            # password, typed in the wrong field. The audit log keeps it, behind staff access.
            logs.event("signin.failed", logging.WARNING)
        if st.session_state.get(_STATUS) is not True:
            return None
        logs.event("signin.succeeded", username=st.session_state["username"])
        st.success(t("login.welcome"), icon=":material/check_circle:")
        if settings.cookie_expiry_days == 0:
            st.rerun()
        st.stop()

    user = _signed_in_user()
    if user is None:
        authenticator.logout(location="unrendered")
        st.session_state.pop("user", None)
        st.warning(t("login.account_inactive"))
        st.stop()
    if LANGUAGE_KEY not in st.session_state and user["language"]:
        st.session_state[LANGUAGE_KEY] = user["language"]
        i18n.set_language(user["language"])
    st.session_state["user"] = user
    _sidebar(authenticator, user)
    if st.session_state.get(_STATUS) is not True:  # the logout button was pressed
        st.session_state.pop("user", None)
        st.stop()
    return user
