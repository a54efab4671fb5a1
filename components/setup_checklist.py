"""The administrator's first-start checklist: each item done or not, with a link to where it is done."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from components.process_stepper import PAGE_FILES
from i18n import t
from services.admin.setup import SetupItem


def setup_checklist(items: Sequence[SetupItem]) -> None:
    done = sum(item.done for item in items)
    with st.container(border=True, key="setup_checklist"):
        st.subheader(t("setup.title"))
        st.caption(t("setup.caption", done=done, total=len(items)))
        for item in items:
            text, link = st.columns([3, 2], vertical_alignment="center")
            if item.done:
                text.markdown(
                    f":material/check_circle: {t(f'setup.item.{item.key}')} · :green[{t('setup.done')}]"
                )
            else:
                text.markdown(
                    f":material/radio_button_unchecked: {t(f'setup.item.{item.key}')} · "
                    f":orange[{t('setup.not_done')}]"
                )
                link.page_link(
                    PAGE_FILES[item.page], label=t(f"setup.do.{item.key}"), icon=":material/arrow_forward:"
                )
