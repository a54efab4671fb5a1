"""Plotly figures for survey results by factor: means, answer distribution, before/after."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from components.charts import plain
from components.figure_cache import built_once
from components.resource_charts import BLUE, ORANGE, SKY_BLUE, VERMILLION, layout

# A diverging scale that stays readable with colour-vision deficiencies: vermillion and
# orange for disagreement, grey in the middle, sky blue and blue for agreement.
_DIVERGING = {
    2: (VERMILLION, BLUE),
    3: (VERMILLION, "#BBBBBB", BLUE),
    4: (VERMILLION, ORANGE, SKY_BLUE, BLUE),
    5: (VERMILLION, ORANGE, "#BBBBBB", SKY_BLUE, BLUE),
    6: (VERMILLION, ORANGE, "#F5C26B", "#A9D6F5", SKY_BLUE, BLUE),
    7: (VERMILLION, ORANGE, "#F5C26B", "#BBBBBB", "#A9D6F5", SKY_BLUE, BLUE),
}


def _height(rows: int) -> int:
    return max(260, 90 + 38 * rows)


@built_once
def factor_means(
    labels: Sequence[str],
    means: Sequence[float | None],
    *,
    scale: tuple[int, int],
    title: str,
    x_title: str,
) -> go.Figure:
    """One bar per factor; a mean of None (too few answers to show) draws no bar."""
    fig = go.Figure(
        go.Bar(
            x=list(means),
            y=[plain(label) for label in labels],
            orientation="h",
            marker_color=BLUE,
            texttemplate="%{x:.1f}",
            textposition="outside",
        )
    )
    fig.update_xaxes(range=[scale[0] - 0.02, scale[1] + 0.4], dtick=1)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(hovermode="closest")
    return layout(fig, title, x_title, "", height=_height(len(labels)))


def distribution(
    labels: Sequence[str],
    shares: Sequence[Sequence[float]],
    point_labels: Sequence[str],
    *,
    title: str,
    x_title: str,
) -> go.Figure:
    """One 100 % bar per factor, split by answer (shares are 0–1, one list per factor)."""
    colours = _DIVERGING.get(len(point_labels), (BLUE,) * len(point_labels))
    fig = go.Figure(
        [
            go.Bar(
                name=plain(point),
                y=[plain(label) for label in labels],
                x=[row[i] * 100 for row in shares],
                orientation="h",
                marker_color=colours[i],
                hovertemplate="%{y}: %{x:.0f} %<extra>%{fullData.name}</extra>",
            )
            for i, point in enumerate(point_labels)
        ]
    )
    fig.update_xaxes(range=[0, 100], ticksuffix=" %")
    fig.update_yaxes(autorange="reversed")
    fig = layout(fig, title, x_title, "", height=_height(len(labels)) + 70)
    # The answer labels are long: the legend goes under the chart, lowest answer first.
    fig.update_layout(
        barmode="stack",
        hovermode="closest",
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -0.25,
            "x": 0,
            "xanchor": "left",
            "traceorder": "normal",
        },
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return fig


@built_once
def before_after(
    labels: Sequence[str],
    before: Sequence[float | None],
    after: Sequence[float | None],
    *,
    scale: tuple[int, int],
    title: str,
    x_title: str,
    before_label: str,
    after_label: str,
) -> go.Figure:
    """Two bars per factor, before and after; a mean of None (too few answers to show) draws no bar."""
    shown = [plain(label) for label in labels]
    fig = go.Figure(
        [
            go.Bar(name=plain(before_label), x=list(before), y=shown, orientation="h", marker_color=ORANGE),
            go.Bar(name=plain(after_label), x=list(after), y=shown, orientation="h", marker_color=BLUE),
        ]
    )
    fig.update_layout(barmode="group", hovermode="closest")
    fig.update_xaxes(range=[scale[0] - 0.02, scale[1] + 0.1], dtick=1)
    fig.update_yaxes(autorange="reversed")
    return layout(fig, title, x_title, "", height=_height(len(labels)) + 30)
