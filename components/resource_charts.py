"""Plotly figures for the resource map and retention, in a colour-blind-safe palette (Okabe–Ito)."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from components.charts import plain
from components.figure_cache import built_once
from i18n import current_language

# Plotly's separators: decimal sign, then thousands separator, as each language writes numbers.
_SEPARATORS = {"da": ",.", "nb": ", ", "nn": ", ", "en": ".,"}

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
ORANGE, SKY_BLUE, GREEN, YELLOW, BLUE, VERMILLION, PURPLE, GREY = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#999999",
)
PALETTE = (BLUE, ORANGE, GREEN, VERMILLION, SKY_BLUE, PURPLE, YELLOW, GREY)


def layout(fig: go.Figure, title: str, x_title: str, y_title: str, height: int = 380) -> go.Figure:
    fig.update_layout(
        title={"text": plain(title), "x": 0, "xanchor": "left"},
        xaxis_title=plain(x_title),
        yaxis_title=plain(y_title),
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        hovermode="x unified",
        separators=_SEPARATORS.get(current_language(), ".,"),
    )
    # Numbers with thousands separators, never "250k" (category axes ignore the format).
    fig.update_xaxes(tickformat=",~r")
    fig.update_yaxes(tickformat=",~r")
    return fig


@built_once
def hours_by_month(
    months: Sequence[str],
    volunteer_hours: Sequence[float],
    staff_hours: Sequence[float],
    *,
    title: str,
    x_title: str,
    y_title: str,
    volunteer_label: str,
    staff_label: str,
) -> go.Figure:
    fig = go.Figure(
        [
            go.Bar(name=plain(volunteer_label), x=list(months), y=list(volunteer_hours), marker_color=BLUE),
            go.Bar(name=plain(staff_label), x=list(months), y=list(staff_hours), marker_color=ORANGE),
        ]
    )
    fig.update_layout(barmode="group")
    return layout(fig, title, x_title, y_title)


def cumulative_value(
    months: Sequence[str], values: Sequence[float], *, title: str, x_title: str, y_title: str, label: str
) -> go.Figure:
    running, total = [], 0.0
    for value in values:
        total += value
        running.append(total)
    fig = go.Figure(
        [
            go.Bar(name=plain(label), x=list(months), y=list(values), marker_color=SKY_BLUE),
            go.Scatter(
                name=plain(f"{label} (Σ)"),
                x=list(months),
                y=running,
                mode="lines+markers",
                line={"color": GREEN, "width": 3},
            ),
        ]
    )
    return layout(fig, title, x_title, y_title)


def grouped_horizontal_bars(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], str]],
    *,
    title: str,
    x_title: str,
) -> go.Figure:
    """One row per label with a bar per series: (name, values, colour); a value of None draws no bar."""
    shown = [plain(label) for label in labels]
    fig = go.Figure(
        [
            go.Bar(name=plain(name), x=list(values), y=shown, orientation="h", marker_color=colour)
            for name, values, colour in series
        ]
    )
    fig.update_layout(barmode="group", hovermode="closest")
    fig.update_yaxes(autorange="reversed")
    return layout(fig, title, x_title, "", height=max(280, 90 + 44 * len(labels)))


@built_once
def horizontal_bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    x_title: str,
    y_title: str = "",
    color: str = BLUE,
    dtick: int | None = None,
) -> go.Figure:
    shown = [plain(label) for label in labels]
    fig = go.Figure(go.Bar(x=list(values), y=shown, orientation="h", marker_color=color))
    fig.update_xaxes(dtick=dtick)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(hovermode="closest")
    return layout(fig, title, x_title, y_title, height=max(260, 70 + 34 * len(labels)))


def retention_by_month(
    months: Sequence[str],
    engaged: Sequence[int],
    started: Sequence[int],
    stopped: Sequence[int],
    *,
    title: str,
    x_title: str,
    y_title: str,
    labels: tuple[str, str, str],
) -> go.Figure:
    engaged_label, started_label, stopped_label = labels
    fig = go.Figure(
        [
            go.Scatter(
                name=plain(engaged_label),
                x=list(months),
                y=list(engaged),
                mode="lines+markers",
                line={"color": BLUE, "width": 3},
            ),
            go.Bar(name=plain(started_label), x=list(months), y=list(started), marker_color=GREEN),
            go.Bar(name=plain(stopped_label), x=list(months), y=list(stopped), marker_color=VERMILLION),
        ]
    )
    fig.update_layout(barmode="group")
    return layout(fig, title, x_title, y_title)
