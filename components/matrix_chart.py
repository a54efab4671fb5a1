"""A 2×2 matrix as a Plotly scatter: each idea (a number in a circle) at its median, with its
interquartile range as error bars both ways, the quadrants named in the corners.

Plain data in, every word through `components.charts.plain` (Plotly reads HTML in labels).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from components.charts import PALETTE, plain, shorten

AXIS_MAX = 10
_DARK = "#111111"


@dataclass(frozen=True)
class Point:
    number: int  # the idea's number in the list beside the chart
    series: str  # "" for everyone; else a stakeholder group's name
    x: float
    x_q1: float
    x_q3: float
    y: float
    y_q1: float
    y_q3: float


@dataclass(frozen=True)
class AxisWords:
    x_name: str
    x_low: str
    x_high: str
    y_name: str
    y_low: str
    y_high: str


def matrix_figure(
    points: Sequence[Point],
    words: AxisWords,
    quadrants: dict[str, str],
    *,
    height: int = 620,
    font: int = 16,
) -> go.Figure:
    """The scatter; `quadrants` names 'hl' (high y, low x), 'hh', 'll', 'lh' for the corners."""
    fig = go.Figure()
    series = list(dict.fromkeys(p.series for p in points))
    for i, name in enumerate(series):
        mine = [p for p in points if p.series == name]
        colour = PALETTE[i % len(PALETTE)]
        fig.add_scatter(
            x=[p.x for p in mine],
            y=[p.y for p in mine],
            mode="markers+text",
            name=plain(name),
            showlegend=bool(name),
            text=[str(p.number) for p in mine],
            textfont={"size": font, "color": "#ffffff"},
            marker={"size": font * 2.4, "color": colour, "line": {"width": 2, "color": "#ffffff"}},
            error_x={
                "type": "data", "symmetric": False, "color": colour, "thickness": 3, "width": 6,
                "array": [p.x_q3 - p.x for p in mine], "arrayminus": [p.x - p.x_q1 for p in mine],
            },
            error_y={
                "type": "data", "symmetric": False, "color": colour, "thickness": 3, "width": 6,
                "array": [p.y_q3 - p.y for p in mine], "arrayminus": [p.y - p.y_q1 for p in mine],
            },
            hovertemplate="%{text}: %{x}, %{y}<extra>%{fullData.name}</extra>",
        )  # fmt: skip
    middle = AXIS_MAX / 2
    for shape in (
        {"x0": middle, "x1": middle, "y0": -0.5, "y1": 10.5},
        {"x0": -0.5, "x1": 10.5, "y0": middle, "y1": middle},
    ):
        fig.add_shape(type="line", line={"color": "#888888", "width": 2, "dash": "dot"}, **shape)
    corners = {
        "hl": (0, 10.4, "left"),
        "hh": (10, 10.4, "right"),
        "ll": (0, -0.4, "left"),
        "lh": (10, -0.4, "right"),
    }
    for key, (x, y, align) in corners.items():
        fig.add_annotation(
            x=x, y=y, text=plain(shorten(quadrants[key], 60)), showarrow=False, xanchor=align,
            font={"size": font, "color": "#555555"},
        )  # fmt: skip
    # The ends' words as the only ticks; automargin makes room for them (Plotly clips, it does not grow).
    ends = {
        "tickvals": [0, AXIS_MAX], "range": [-0.6, 10.6], "zeroline": False, "showgrid": False,
        "automargin": True,
    }  # fmt: skip
    fig.update_xaxes(
        title={"text": plain(words.x_name), "font": {"size": font + 4, "color": _DARK}},
        ticktext=[plain(shorten(words.x_low, 30)), plain(shorten(words.x_high, 30))],
        tickfont={"size": font, "color": _DARK},
        **ends,
    )
    fig.update_yaxes(
        title={"text": plain(words.y_name), "font": {"size": font + 4, "color": _DARK}},
        ticktext=[plain(shorten(words.y_low, 30)), plain(shorten(words.y_high, 30))],
        tickfont={"size": font, "color": _DARK},
        **ends,
    )
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        font={"size": font, "color": _DARK, "family": '"Source Sans", sans-serif'},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "font": {"size": font}},
    )
    return fig
