"""The console's settings tab: the join QR, the workshop's settings, and its themes."""

from __future__ import annotations

from dataclasses import asdict
from functools import partial

import streamlit as st

from components.links import join_url
from components.qr import show_qr
from components.workshop_forms import settings_form
from db.models import Workshop
from i18n import t
from runtime.actions import run
from services.workshop import phases, themes, workshops


def settings_tab(w: Workshop, theme_titles: dict[int, str], user_id: int, *, dots_cast: bool) -> None:
    """The join QR to share, the workshop's settings, and its themes."""
    qr_col, form_col = st.columns([1, 2])
    with qr_col:
        show_qr(join_url(w.code), caption=t("console.qr_caption", code=w.code))
    with form_col:
        settings_form(
            workshops.settings_of(w),
            dots_frozen=phases.dot_rules_frozen(w, dots_cast=dots_cast),
            on_save=lambda typed: run(
                lambda s: workshops.update_settings(s, w.id, **asdict(typed), by_user_id=user_id),
                t("console.settings_saved"),
            ),
        )
    st.subheader(t("workshops.themes"))
    for theme_id, theme_title in theme_titles.items():
        left, right = st.columns([4, 1], vertical_alignment="bottom")
        renamed = left.text_input(
            t("field.theme"), value=theme_title, max_chars=200, key=f"console_theme_{theme_id}"
        )
        if right.button(t("console.save_name"), key=f"console_theme_save_{theme_id}"):
            run(
                partial(themes.rename_theme, theme_id=theme_id, title=renamed, by_user_id=user_id),
                t("console.theme_saved"),
            )
    with st.form("console_new_theme", clear_on_submit=True):
        new_theme = st.text_input(t("console.new_theme"), max_chars=200, key="console_new_theme_title")
        if st.form_submit_button(t("console.add_theme")):
            run(
                lambda s: themes.add_theme(s, w.id, new_theme, by_user_id=user_id),
                t("console.theme_added"),
            )
