"""An initiative at a glance (the header above its tabs, the facts table) and the fields that change it."""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.literal import literal
from components.status import status_badge
from components.tables import literal_table
from i18n import fmt_date, fmt_int, t
from services.action.initiatives import Detail
from vocabulary import INITIATIVE_STATUSES


def _fact(column: DeltaGenerator, label: str, value: str) -> None:
    """A label and a value that wraps (a metric would cut a long actor name off)."""
    column.caption(label)
    column.markdown(f"**{literal(value)}**")


def initiative_header(view: Detail) -> None:
    """Status, lead, period and process; progress; what is overdue or missing."""
    lead = view.lead
    cols = st.columns([1, 2, 2, 1])
    with cols[0]:
        st.caption(t("field.status"))
        status_badge(view.status)
    _fact(cols[1], t("initiatives.lead"), lead.name if lead else t("initiatives.no_lead"))
    period = " – ".join(fmt_date(d) if d else "…" for d in (view.starts_on, view.ends_on))
    _fact(cols[2], t("initiative.period"), period if (view.starts_on or view.ends_on) else "—")
    _fact(cols[3], t("field.process"), view.process_title or "—")
    st.progress(view.progress / 100, text=t("follow.progress", progress=view.progress))
    if view.overdue:
        st.warning(
            t("initiative.overdue_warning", titles=", ".join(literal(m.title) for m in view.overdue)),
            icon=":material/alarm:",
        )
    if lead is None:
        st.info(t("initiative.no_lead_warning"), icon=":material/person_off:")


def facts_table(view: Detail) -> None:
    facts = {
        t("field.target_group"): view.target_group or "—",
        t("field.budget"): t("common.amount", amount=fmt_int(view.budget))
        if view.budget is not None
        else "—",
        t("field.expected_volunteers"): fmt_int(view.expected_volunteers)
        if view.expected_volunteers is not None
        else "—",
        t("initiative.progress_how"): t("initiative.progress_auto")
        if view.progress_from_milestones
        else t("initiative.progress_manual"),
    }
    literal_table({t("initiative.fact"): list(facts), t("initiative.value"): list(facts.values())})


def initiative_fields(view: Detail) -> dict[str, Any]:
    """The form's fields, filled in from `view`; returns them as `update_initiative` keywords."""
    title = st.text_input(t("field.title"), value=view.title, key="initiative_title")
    description = st.text_area(t("field.description"), value=view.description, key="initiative_description")
    target_group = st.text_input(t("field.target_group"), value=view.target_group, key="initiative_target")
    c1, c2 = st.columns(2)
    status = c1.selectbox(
        t("field.status"),
        INITIATIVE_STATUSES,
        index=INITIATIVE_STATUSES.index(view.status),
        format_func=lambda s: t(f"status.{s}"),
        help=t("initiative.status_help"),
        key="initiative_status",
    )
    note = c2.text_input(
        t("field.status_note"), help=t("initiative.status_note_help"), key="initiative_status_note"
    )
    c1, c2 = st.columns(2)
    starts_on = c1.date_input(
        t("field.starts_on"), value=view.starts_on, format="DD.MM.YYYY", key="initiative_starts_on"
    )
    ends_on = c2.date_input(
        t("field.ends_on"), value=view.ends_on, format="DD.MM.YYYY", key="initiative_ends_on"
    )
    c1, c2 = st.columns(2)
    progress = c1.slider(t("field.progress"), 0, 100, value=view.progress, step=5, key="initiative_progress")
    follow = c2.checkbox(
        t("initiative.follow_milestones"),
        value=view.progress_from_milestones,
        help=t("initiative.follow_milestones_help"),
        key="initiative_follow",
    )
    c1, c2 = st.columns(2)
    budget = c1.number_input(
        t("field.budget"), min_value=0, value=view.budget, step=1000, key="initiative_budget"
    )
    volunteers = c2.number_input(
        t("field.expected_volunteers"),
        min_value=0,
        value=view.expected_volunteers,
        step=1,
        key="initiative_volunteers",
    )
    return {
        "title": title,
        "description": description,
        "target_group": target_group,
        "status": status,
        "status_note": note,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "progress": progress,
        "progress_from_milestones": follow,
        "budget": budget,
        "expected_volunteers": volunteers,
    }
