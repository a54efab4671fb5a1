"""Facilitators' list of workshops: phase, join code and the link participants use."""

from __future__ import annotations

import streamlit as st

from components.links import join_url
from components.shell import guard
from db.session import read_scope
from i18n import fmt_datetime, t
from services import workshops

guard("workshops")
st.title(t("workshops.title"))

with read_scope() as session:
    rows = workshops.list_workshops(session)

if not rows:
    st.info(t("workshops.empty"), icon=":material/info:")
    st.stop()

st.dataframe(
    {
        t("field.process"): [r.process_title for r in rows],
        t("field.title"): [r.title for r in rows],
        t("field.date"): [fmt_datetime(r.starts_at) if r.starts_at else "" for r in rows],
        t("field.phase"): [t(f"phase.{r.phase}") for r in rows],
        t("field.join_code"): [r.code for r in rows],
        t("overview.participants"): [r.participants for r in rows],
        t("overview.ideas"): [r.ideas for r in rows],
        t("workshops.join_link"): [join_url(r.code) if r.phase != "closed" else "" for r in rows],
    },
    hide_index=True,
    width="stretch",
    column_config={t("workshops.join_link"): st.column_config.LinkColumn()},
)
