"""Plotly figures for the leader dashboard: funnel, active volunteers, processes side by side (Okabe–Ito)."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.charts import plain, shorten
from components.figure_cache import built_once
from components.resource_charts import BLUE, PALETTE, layout


@built_once
def funnel(
    stages: Sequence[str], values: Sequence[int], *, title: str, x_title: str, y_title: str
) -> go.Figure:
    """From ideas to completed initiatives; each stage a colour of its own, the count on the bar."""
    fig = go.Figure(
        go.Funnel(
            y=[plain(s) for s in stages],
            x=list(values),
            textinfo="value",
            marker={"color": [PALETTE[i % len(PALETTE)] for i in range(len(stages))]},
            connector={"line": {"color": "#BBBBBB"}},
        )
    )
    fig.update_layout(hovermode="closest")
    return layout(fig, title, x_title, y_title, height=max(300, 80 + 56 * len(stages)))


@built_once
def line_by_month(
    months: Sequence[str], values: Sequence[int], *, title: str, x_title: str, y_title: str, name: str
) -> go.Figure:
    fig = go.Figure(
        go.Scatter(
            name=plain(name),
            x=list(months),
            y=list(values),
            mode="lines+markers",
            line={"color": BLUE, "width": 3},
        )
    )
    fig.update_yaxes(rangemode="tozero")
    return layout(fig, title, x_title, y_title)


@built_once
def progress_bars(labels: Sequence[str], progress: Sequence[int], *, title: str, x_title: str) -> go.Figure:
    """One bar per initiative from 0 to 100 %, the figure written on the bar."""
    shown = [plain(label) for label in labels]
    fig = go.Figure(
        go.Bar(
            x=list(progress),
            y=shown,
            orientation="h",
            marker_color=BLUE,
            texttemplate="%{x}",
            textposition="outside",
        )
    )
    fig.update_xaxes(range=[0, 112], ticksuffix=" %")
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(hovermode="closest")
    return layout(fig, title, x_title, "", height=max(260, 70 + 34 * len(labels)))


@built_once
def side_by_side(
    processes: Sequence[str],
    measures: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    y_title: str,
    columns: int = 3,
) -> go.Figure:
    """Small multiples: one panel per measure with a bar per process, each on its own scale.

    Dots run in the hundreds and completed initiatives in ones; on one axis the small
    figures would vanish, so each measure gets its panel. One trace per panel, its bars
    coloured per process: a trace per process and measure (120 for twenty processes) was
    half the time of a warm dashboard. The processes are named under the bars (shortened;
    the table beside the chart has them whole) and in the hover.
    """
    rows = (len(measures) + columns - 1) // columns
    fig = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=[plain(name) for name, _ in measures],
        vertical_spacing=0.28,
        horizontal_spacing=0.08,
    )
    names = [plain(p) for p in processes]
    ticks = [plain(shorten(p, 18)) for p in processes]
    colours = [PALETTE[j % len(PALETTE)] for j in range(len(processes))]
    for i, (name, values) in enumerate(measures):
        row, col = i // columns + 1, i % columns + 1
        fig.add_trace(
            go.Bar(
                name=plain(name),
                x=list(range(len(processes))),  # positions: two titles may shorten alike
                y=list(values),
                marker_color=colours,
                customdata=names,
                showlegend=False,
                hovertemplate="%{customdata}: %{y}<extra></extra>",
            ),
            row=row,
            col=col,
        )
        # Small whole counts (completed initiatives) get whole ticks, never 0,2 and 0,4.
        whole = all(float(v).is_integer() for v in values) and max(values, default=0) <= 5
        fig.update_yaxes(
            title_text=plain(y_title) if col == 1 else "",
            rangemode="tozero",
            dtick=1 if whole else None,
            row=row,
            col=col,
        )
        fig.update_xaxes(
            tickvals=list(range(len(processes))),
            ticktext=ticks,
            tickangle=-45,
            tickfont={"size": 10},
            row=row,
            col=col,
        )
    fig = layout(fig, title, "", "", height=160 + 340 * rows)
    fig.update_layout(hovermode="closest", showlegend=False, margin={"l": 10, "r": 10, "t": 80, "b": 10})
    fig.update_yaxes(tickformat=",~r")
    return fig
