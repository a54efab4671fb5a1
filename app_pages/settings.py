"""Admins edit the municipality, switch local sign-in on or off, and see every setting in effect."""

from __future__ import annotations

import streamlit as st

import config
from components.feedback import show_flash
from components.literal import literal
from components.municipality_forms import name_and_areas_form, shares_form
from components.shell import guard, settings
from db.session import read_scope
from i18n import t
from runtime.actions import run
from runtime.municipality import municipality
from services.admin import municipality as municipality_settings
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


def _municipality_section(me: dict) -> None:
    """The municipality's own values, over the environment's defaults; saved at once, audited."""
    st.header(t("municipality.title"))
    st.caption(t("municipality.caption"))
    here = municipality()
    names, shares = st.columns([2, 3], gap="large")
    with names:
        typed = name_and_areas_form(here)
        if typed is not None:
            run(
                lambda s: municipality_settings.set_name_and_areas(s, by_user_id=me["id"], **typed),
                t("municipality.saved_areas"),
            )
    with shares:
        st.caption(t("municipality.shares_caption"))
        shares_typed = shares_form(here)
        if shares_typed is not None:
            run(
                lambda s: municipality_settings.set_population_shares(s, by_user_id=me["id"], **shares_typed),
                t("municipality.saved_shares"),
            )


me = guard("settings")
st.title(t("settings.title"))
show_flash()
_municipality_section(me)
_sign_in(me["id"])
st.header(t("settings.environment_title"))
st.caption(t("settings.caption"))
_settings_table()
