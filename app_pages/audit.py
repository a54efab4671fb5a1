"""Admins read the audit trail: who changed what, and when."""

from __future__ import annotations

import streamlit as st

from components.shell import guard
from db.session import read_scope
from i18n import fmt_datetime, t
from services.admin import audit

guard("audit")
st.title(t("audit.title"))
st.caption(t("audit.caption"))

with read_scope() as session:
    events = audit.recent(session, limit=500)
    rows = {
        t("audit.when"): [fmt_datetime(e.at) for e in events],
        t("audit.who"): [e.user.username if e.user else "—" for e in events],
        t("audit.action"): [e.action for e in events],
        t("audit.entity"): [f"{e.entity} #{e.entity_id}" if e.entity_id else e.entity for e in events],
        t("audit.detail"): [e.detail for e in events],
    }

if not events:
    st.info(t("audit.empty"), icon=":material/info:")
else:
    st.dataframe(rows, hide_index=True, width="stretch")
