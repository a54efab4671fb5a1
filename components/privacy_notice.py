"""The short privacy notice a participant reads before joining: what is kept, who sees it, how long."""

from __future__ import annotations

import streamlit as st

from i18n import t, tn


def privacy_notice(retention_days: int) -> None:
    """Four plain sentences, before the Join button; the full record is docs/privacy.md."""
    how_long = tn("privacy.notice_days", retention_days) if retention_days else t("privacy.notice_at_close")
    with st.container(border=True, key="privacy_notice"):
        st.markdown(f"**{t('privacy.notice_title')}**")
        st.caption(
            " ".join(
                (t("privacy.notice_kept"), t("privacy.notice_who"), how_long, t("privacy.notice_rights"))
            )
        )
