"""What already runs: a searchable table of active activities, for anyone preparing something new.

Used on the actors page, beside a new initiative, and meant for the workshop preparation
screen too, so a process starts from what exists instead of inventing it anew.
"""

from __future__ import annotations

import streamlit as st

from db.session import read_scope
from i18n import fmt_int, t
from services import actors


def existing_activities(key: str, *, expanded: bool = False) -> None:
    """An expander with the active activities, a search box and who runs them; `key` keeps widgets apart."""
    with read_scope() as session:
        total = len(actors.list_activities(session, active_only=True))
    with st.expander(
        t("activities.what_runs", n=fmt_int(total)), expanded=expanded, icon=":material/event_repeat:"
    ):
        st.caption(t("activities.what_runs_help"))
        search = st.text_input(t("common.search"), key=f"{key}_activity_search")
        with read_scope() as session:
            rows = actors.list_activities(session, search=search, active_only=True)
        if not rows:
            st.info(t("activities.none_found"), icon=":material/info:")
            return
        st.dataframe(
            {
                t("field.title"): [r.title for r in rows],
                t("activities.by"): [r.actor_name for r in rows],
                t("field.target_group"): [r.target_group for r in rows],
                t("field.place"): [r.place for r in rows],
                t("field.schedule"): [r.schedule for r in rows],
                t("activities.linked"): [", ".join(r.initiatives) for r in rows],
            },
            hide_index=True,
            width="stretch",
        )
