"""Admins read the audit trail: who changed what, and when."""

from __future__ import annotations

import streamlit as st

from components.shell import guard
from db.session import read_scope
from i18n import fmt_datetime, t
from services.admin import audit


def _trail() -> None:
    """The latest 500 events, newest first."""
    with read_scope() as session:
        events = audit.recent(session, limit=500)
    if not events:
        st.info(t("audit.empty"), icon=":material/info:")
        return
    st.dataframe(
        {
            t("audit.when"): [fmt_datetime(e.at) for e in events],
            t("audit.who"): [e.user.username if e.user else "—" for e in events],
            t("audit.action"): [e.action for e in events],
            t("audit.entity"): [f"{e.entity} #{e.entity_id}" if e.entity_id else e.entity for e in events],
            t("audit.detail"): [e.detail for e in events],
        },
        hide_index=True,
        width="stretch",
    )


guard("audit")
st.title(t("audit.title"))
st.caption(t("audit.caption"))
_trail()
