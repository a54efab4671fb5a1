"""Plotly figures with titles, axis labels and a colour-blind-safe palette (Okabe–Ito)."""

from __future__ import annotations

import plotly.graph_objects as go

# Okabe & Ito's palette: distinguishable with every common colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


def stacked_bars(
    categories: list[str],
    series: dict[str, list[int]],
    *,
    title: str,
    x_title: str,
    y_title: str,
    height: int | None = None,
) -> go.Figure:
    """Horizontal bars, one per category (top first), stacked by series."""
    fig = go.Figure()
    for i, (name, values) in enumerate(series.items()):
        if any(values):
            fig.add_bar(
                y=categories,
                x=values,
                name=name,
                orientation="h",
                marker_color=PALETTE[i % len(PALETTE)],
                hovertemplate="%{y}<br>" + name + ": %{x}<extra></extra>",
            )
    fig.update_layout(
        barmode="stack",
        title={"text": title},
        xaxis_title=x_title,
        yaxis_title=y_title,
        yaxis={"autorange": "reversed", "automargin": True},
        legend={"orientation": "h", "y": -0.2},
        height=height or max(320, 60 + 34 * len(categories)),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
    )
    return fig


def shorten(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
