"""What already runs: a searchable table of active activities, for anyone preparing something new.

Shown beside a new initiative and meant for the workshop preparation screen too, so a
process starts from what exists instead of inventing it anew. The page loads the rows
(`services.action.actors.list_activities(session, active_only=True)`) and passes them in.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from i18n import t, tn
from services.action.actors import ActivityRow
from services.common.search import matches


def existing_activities(rows: Sequence[ActivityRow], key: str, *, expanded: bool = False) -> None:
    """An expander with the activities, a search box and who runs them; `key` keeps widgets apart."""
    with st.expander(
        tn("activities.what_runs", len(rows)), expanded=expanded, icon=":material/event_repeat:"
    ):
        st.caption(t("activities.what_runs_help"))
        search = st.text_input(t("common.search"), key=f"{key}_activity_search")
        shown = [
            r
            for r in rows
            if matches(search, r.title, r.description, r.target_group, r.place, r.schedule, r.actor_name)
        ]
        if not shown:
            st.info(t("activities.none_found"), icon=":material/info:")
            return
        st.dataframe(
            {
                t("field.title"): [r.title for r in shown],
                t("activities.by"): [r.actor_name for r in shown],
                t("activities.for_whom"): [r.target_group for r in shown],
                t("activities.where"): [r.place for r in shown],
                t("activities.how_often"): [r.schedule for r in shown],
                t("activities.linked"): [", ".join(r.initiatives) for r in shown],
            },
            hide_index=True,
            width="stretch",
        )
