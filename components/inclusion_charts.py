"""Plotly figures for the inclusion page: bars with marked categories, shares against the population."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from components.charts import plain
from components.resource_charts import BLUE, GREY, layout


def marked_bars(
    labels: Sequence[str],
    values: Sequence[float | None],
    marked: Sequence[bool],
    *,
    title: str,
    x_title: str,
    marked_name: str,
    other_name: str,
) -> go.Figure:
    """One horizontal bar per label; marked ones (e.g. target groups) in blue, the rest in grey.

    A value of None draws no bar (a count too small to show).
    """
    shown = [plain(label) for label in labels]
    fig = go.Figure(
        [
            go.Bar(
                name=plain(name),
                x=[v if m is flag else None for v, m in zip(values, marked, strict=True)],
                y=shown,
                orientation="h",
                marker_color=colour,
                # A hatched pattern as well as the colour: the mark does not rest on colour alone.
                marker_pattern_shape="/" if flag else "",
            )
            for name, flag, colour in ((marked_name, True, BLUE), (other_name, False, GREY))
        ]
    )
    fig.update_layout(barmode="relative", hovermode="closest")
    fig.update_yaxes(autorange="reversed")
    return layout(fig, title, x_title, "", height=max(260, 90 + 34 * len(labels)))
