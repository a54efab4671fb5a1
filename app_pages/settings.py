"""Admins see every setting in effect, with its default and what it does (secrets masked)."""

from __future__ import annotations

import streamlit as st

import config
from components.shell import guard, settings
from i18n import t


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


guard("settings")
st.title(t("settings.title"))
st.caption(t("settings.caption"))
_settings_table()
