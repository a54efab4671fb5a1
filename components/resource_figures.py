"""The resource map as the dashboard and its own page both show it: four figures, and hours by month."""

from __future__ import annotations

import streamlit as st

from components.charts import show_chart
from components.resource_charts import hours_by_month
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


def hours_chart(
    months: list[str], volunteer_hours: list[float], staff_hours: list[float], *, key: str
) -> None:
    """Volunteer and staff hours month by month, side by side."""
    show_chart(
        hours_by_month(
            months,
            volunteer_hours,
            staff_hours,
            title=t("resources.chart_hours"),
            x_title=t("chart.month"),
            y_title=t("chart.hours"),
            volunteer_label=t("resources.volunteer_hours"),
            staff_label=t("resources.staff_hours"),
        ),
        width="stretch",
        key=key,
    )
