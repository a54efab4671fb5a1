"""An initiative's milestones: the table with each one's state, and the fields to add or change one."""

from __future__ import annotations

from typing import Any

import streamlit as st

from i18n import fmt_date, t
from services.action.initiatives import MilestoneView


def _state(m: MilestoneView) -> str:
    if m.done:
        return t("initiative.done_on", date=fmt_date(m.done_on)) if m.done_on else t("initiative.done")
    return ("⚠ " + t("initiative.overdue_flag")) if m.overdue else t("initiative.open")


def milestone_table(milestones: list[MilestoneView]) -> None:
    st.dataframe(
        {
            t("field.milestone"): [m.title for m in milestones],
            t("field.due_on"): [fmt_date(m.due_on) if m.due_on else "" for m in milestones],
            t("initiative.state"): [_state(m) for m in milestones],
        },
        hide_index=True,
        width="stretch",
    )


def new_milestone_fields() -> dict[str, Any]:
    c1, c2 = st.columns([3, 1])
    title = c1.text_input(t("field.milestone"), key="initiative_ms_title")
    due_on = c2.date_input(t("field.due_on"), value=None, format="DD.MM.YYYY", key="initiative_ms_due")
    return {"title": title, "due_on": due_on}


def milestone_fields(m: MilestoneView) -> dict[str, Any]:
    title = st.text_input(t("field.milestone"), value=m.title, key=f"initiative_ms_edit_title_{m.id}")
    due_on = st.date_input(
        t("field.due_on"), value=m.due_on, format="DD.MM.YYYY", key=f"initiative_ms_edit_due_{m.id}"
    )
    return {"title": title, "due_on": due_on}
