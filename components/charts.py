"""Plotly figures with titles, axis labels and a colour-blind-safe palette (Okabe–Ito)."""

from __future__ import annotations

import math
import textwrap
from typing import Any

import plotly.graph_objects as go
import streamlit as st

# Okabe & Ito's palette: distinguishable with every common colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

# Plotly renders a subset of HTML (<b>, <i>, <a href>, <br>, <span style>, <sup>) and decodes
# entities in every label, title, legend and hover text; a string between dollar signs is
# typeset as TeX when MathJax is on the page. Entities are the one escape it honours.
_PLOTLY_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "$": "&#36;"})


# Plotly's mode bar speaks English only ("Download plot as a png", "Autoscale", …) and its
# zoom and pan change nothing a reader needs; every table has a table view beside its chart.
_CONFIG = {"displayModeBar": False, "displaylogo": False}


def show_chart(figure: go.Figure, *, key: str, config: dict[str, Any] | None = None, **options: Any) -> None:
    """Put `figure` on the page the one way every chart goes: full width, no English toolbar."""
    options.setdefault("width", "stretch")
    st.plotly_chart(figure, key=key, config=_CONFIG | (config or {}), **options)


def plain(text: str) -> str:
    """`text` as a Plotly label that shows exactly as typed: no tags, no entities, no TeX.

    The one way text reaches a figure. Shorten before, never after: a cut could split an
    entity. Never put the result inside a hovertemplate either: `%{...}` there is a template
    field; refer to the trace's own fields instead (`%{y}`, `%{fullData.name}`).
    """
    return text.translate(_PLOTLY_ESCAPES)


def plain_wrapped(text: str, width: int) -> str:
    """`text` as a Plotly label of whole lines of about `width` characters, each shown as typed.

    Each line is escaped on its own and the lines joined by Plotly's own line break, the
    one tag that reaches the figure; words longer than `width` are broken.
    """
    return "<br>".join(plain(line) for line in textwrap.wrap(text, width) or [""])


def stacked_bars(
    categories: list[str],
    series: dict[str, list[int]],
    *,
    title: str,
    x_title: str,
    y_title: str,
    height: int | None = None,
    wrap: int | None = None,
) -> go.Figure:
    """Horizontal bars of whole counts, one per category (top first), stacked by series.

    `wrap`: break category labels into lines of about that many characters (whole
    labels, no cut), for screens read from afar.
    """
    fig = go.Figure()
    shown = [plain_wrapped(c, wrap) if wrap else plain(c) for c in categories]
    for i, (name, values) in enumerate(series.items()):
        if any(values):
            fig.add_bar(
                y=shown,
                x=values,
                name=plain(name),
                orientation="h",
                marker_color=PALETTE[i % len(PALETTE)],
                # The series name is a field, not part of the template: "%{" in it stays text.
                hovertemplate="%{y}<br>%{fullData.name}: %{x}<extra></extra>",
            )
    most = max((sum(column) for column in zip(*series.values(), strict=True)), default=0)
    fig.update_layout(
        barmode="stack",
        # Counts of dots and people: whole-number ticks, never "0.2 participants".
        xaxis={"tickformat": "d", "dtick": max(1, math.ceil(most / 6)), "rangemode": "tozero"},
        title={"text": plain(title)},
        xaxis_title=plain(x_title),
        yaxis_title=plain(y_title),
        yaxis={"autorange": "reversed", "automargin": True},
        legend={"orientation": "h", "y": -0.2},
        height=height or max(320, 60 + 34 * len(categories)),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
    )
    return fig


def shorten(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
