"""The resource map's four headline figures: volunteer hours, staff hours, their ratio and the value."""

from __future__ import annotations

import streamlit as st

from components.time_targets import hours_text
from i18n import fmt_int, fmt_number, t
from services.volunteering.resources import ResourceMap


def resource_figures(rmap: ResourceMap, *, volunteer_help: str | None = None) -> None:
    """One row of metrics; the value only where an hour of volunteer time has been given a value."""
    volunteer_col, staff_col, ratio_col, value_col = st.columns(4)
    volunteer_col.metric(
        t("resources.volunteer_hours"), hours_text(rmap.volunteer_minutes), help=volunteer_help
    )
    staff_col.metric(t("resources.staff_hours"), hours_text(rmap.staff_minutes))
    ratio_col.metric(
        t("resources.ratio_short"),
        t("resources.ratio_value", ratio=fmt_number(rmap.ratio, 1)) if rmap.ratio is not None else "–",
        help=t("resources.ratio_help"),
    )
    if rmap.hour_value:
        value_col.metric(
            t("resources.value"),
            t("resources.amount", amount=fmt_int(rmap.value)),
            help=t("resources.value_help", rate=fmt_int(rmap.hour_value)),
        )
