"""Processes side by side: a panel per measure with a bar per process, and the same figures as a table."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from components.charts import show_chart
from components.dashboard_charts import side_by_side
from components.time_targets import hours_text
from i18n import fmt_int, t
from services.insight.ideas_to_action import ProcessRow


def process_comparison(rows: Sequence[ProcessRow], *, key: str) -> None:
    """The chart needs two processes to compare; the table shows even one."""
    counts = {
        t("dashboard.kpi.participants"): [r.participants for r in rows],
        t("dashboard.kpi.ideas"): [r.ideas for r in rows],
        t("dashboard.kpi.dots"): [r.dots for r in rows],
        t("dashboard.kpi.initiatives"): [r.initiatives for r in rows],
        t("dashboard.kpi.completed"): [r.completed for r in rows],
    }
    hours_label = t("dashboard.kpi.volunteer_hours")
    if len(rows) < 2:
        st.info(t("dashboard.compare.only_one"), icon=":material/info:")
    else:
        measures: list[tuple[str, Sequence[float]]] = [
            *counts.items(),
            (hours_label, [round(r.volunteer_minutes / 60, 1) for r in rows]),
        ]
        show_chart(
            side_by_side(
                [r.title for r in rows],
                measures,
                title=t("dashboard.compare.chart"),
                y_title=t("dashboard.axis.count"),
            ),
            width="stretch",
            key=f"{key}_chart",
        )
    table = {t("dashboard.compare.process"): [r.title for r in rows]}
    table |= {name: [fmt_int(v) for v in values] for name, values in counts.items()}
    table[hours_label] = [hours_text(r.volunteer_minutes) for r in rows]
    st.dataframe(table, hide_index=True, width="stretch", key=f"{key}_table")
    st.caption(t("dashboard.compare.hours_note"))
