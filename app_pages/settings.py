"""Admins see every setting in effect (secrets masked), and switch local sign-in on or off."""

from __future__ import annotations

import streamlit as st

import config
from components.literal import literal
from components.shell import guard, settings
from db.session import read_scope
from i18n import t
from runtime.actions import run
from services.admin import sign_in_policy


def _settings_table() -> None:
    described = config.describe(settings())
    st.dataframe(
        {
            t("settings.name"): [s.name for s, _ in described],
            t("settings.value"): [value for _, value in described],
            t("settings.default"): [s.default for s, _ in described],
            t("settings.help"): [t(f"setting_help.{s.name}") for s, _ in described],
        },
        hide_index=True,
        width="stretch",
    )


def _sign_in(user_id: int) -> None:
    """Single sign-on in effect, and the switch for local accounts (stored in the database)."""
    current = settings()
    st.subheader(t("sso.settings_title"))
    if not current.sso:
        st.info(t("sso.settings_not_configured"), icon=":material/info:")
        return
    st.write(t("sso.settings_configured", issuer=literal(current.sso_metadata_url)))
    with read_scope() as session:
        allowed = sign_in_policy.local_accounts_switch(session)
    with st.form("sign_in_policy"):
        chosen = st.toggle(t("sso.local_accounts"), value=allowed, help=t("sso.local_accounts_help"))
        if st.form_submit_button(t("sso.save")):
            run(
                lambda s: sign_in_policy.set_local_accounts(
                    s, chosen, by_user_id=user_id, sso_configured=True
                ),
                t("sso.saved"),
            )


user = guard("settings")
st.title(t("settings.title"))
_sign_in(user["id"])
st.subheader(t("nav.settings"))
st.caption(t("settings.caption"))
_settings_table()
