"""A workshop's results: the dots each idea got, stacked by stakeholder group, as a chart and a table."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
import streamlit as st

from components.charts import show_chart, stacked_bars
from i18n import t
from services.workshop.board import RankedIdea, supporting_groups

# The console's chart shows the top of the ranking; the table below it has every voted idea.
CONSOLE_TOP = 12


def support_bars(
    labels: list[str],
    ideas: Sequence[RankedIdea],
    *,
    title: str,
    y_title: str,
    height: int | None = None,
    wrap: int | None = None,
) -> go.Figure:
    """One bar per idea (labelled by `labels`, in the same order), one colour per group that voted."""
    return stacked_bars(
        labels,
        {t(f"group.{g}"): [r.dots_by_group.get(g, 0) for r in ideas] for g in supporting_groups(ideas)},
        title=title,
        x_title=t("console.col_dots"),
        y_title=y_title,
        height=height,
        wrap=wrap,
    )


def ranking(voted: Sequence[RankedIdea]) -> None:
    """The console's view of the voted ideas: the top as a chart, then all of them as a table."""
    top = voted[:CONSOLE_TOP]
    show_chart(
        support_bars(
            [r.title for r in top],
            top,
            title=t("console.chart_title"),
            y_title=t("console.col_title"),
            wrap=40,
        ),
        width="stretch",
        key="console_chart",
    )
    groups = supporting_groups(top)
    st.dataframe(
        {
            t("console.col_rank"): list(range(1, len(voted) + 1)),
            t("console.col_title"): [r.title for r in voted],
            t("console.col_dots"): [r.dots for r in voted],
            t("console.col_voters"): [r.voters for r in voted],
        }
        | {t(f"group.{g}"): [r.dots_by_group.get(g, 0) for r in voted] for g in groups},
        hide_index=True,
        width="stretch",
    )
