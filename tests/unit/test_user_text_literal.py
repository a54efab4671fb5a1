"""User text stays text: in Plotly labels (`plain`) and in Streamlit Markdown (`literal`)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from components.charts import plain, shorten, stacked_bars
from components.dashboard_charts import progress_bars, side_by_side
from components.literal import literal, own_address
from components.resource_charts import horizontal_bars
from tests.factories import HOSTILE

TYPED = [
    HOSTILE,
    "<b>fed</b> <i>skrå</i> <br> <sup>2</sup> <span style='color:red'>rød</span>",
    '<a href="https://evil.example">klik</a>',
    "a &amp; b &#60; c &lt; d",
    "$x^2$ koster $5",
    "%{x} og %{customdata}",
    "https://evil.example www.evil.example a@evil.example",
]

# What Plotly itself would interpret: a tag, or an entity it decodes.
_TAG = re.compile(r"<[a-zA-Z/!]")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


@pytest.mark.parametrize("text", TYPED)
def test_a_plain_label_has_no_tag_and_decodes_to_the_text_as_typed(text):
    shown = plain(text)
    assert not _TAG.search(shown)
    assert "$" not in shown  # no TeX, should MathJax ever be on the page
    # Plotly decodes entities once, as a browser does: what it shows is what was typed.
    assert html.unescape(shown) == text
    assert all(m.group(0) in {"&amp;", "&lt;", "&gt;", "&#36;"} for m in _ENTITY.finditer(shown))


def test_shorten_then_plain_never_cuts_an_entity():
    shown = plain(shorten("<" * 100, 48))
    assert html.unescape(shown) == "<" * 47 + "…"


def test_the_results_chart_escapes_bars_series_and_titles_and_keeps_them_out_of_templates():
    fig = stacked_bars(TYPED, {HOSTILE: [1] * len(TYPED)}, title=HOSTILE, x_title=HOSTILE, y_title=HOSTILE)
    (bar,) = fig.data
    assert [html.unescape(y) for y in bar.y] == TYPED
    assert not any(_TAG.search(y) for y in bar.y)
    assert html.unescape(bar.name) == HOSTILE and not _TAG.search(bar.name)
    # The template names fields only; the user's text never becomes part of it.
    assert bar.hovertemplate == "%{y}<br>%{fullData.name}: %{x}<extra></extra>"
    for text in (fig.layout.title.text, fig.layout.xaxis.title.text, fig.layout.yaxis.title.text):
        assert html.unescape(text) == HOSTILE and not _TAG.search(text)


def test_dashboard_charts_escape_initiative_and_process_names():
    for fig in (
        progress_bars(TYPED, [10] * len(TYPED), title=HOSTILE, x_title="x"),
        horizontal_bars(TYPED, [1.0] * len(TYPED), title=HOSTILE, x_title="x"),
    ):
        assert [html.unescape(y) for y in fig.data[0].y] == TYPED
        assert not _TAG.search(fig.layout.title.text)
    fig = side_by_side(TYPED[:2], [(HOSTILE, [1, 2]), ("dots", [3, 4])], title="t", y_title="y")
    assert len(fig.data) == 2  # one trace per measure, whatever the number of processes
    assert [html.unescape(name) for name in fig.data[0].customdata] == TYPED[:2]
    assert html.unescape(fig.data[0].name) == HOSTILE
    assert not any(_TAG.search(text) for text in fig.layout.xaxis.ticktext)
    assert not any(_TAG.search(a.text) for a in fig.layout.annotations)


# GFM autolink literals, as remark-gfm finds them in text after escapes are resolved.
_AUTOLINKED = re.compile(r"(https?|ftp)://[-\w]|www\.[-\w]|[-.\w+]@[-\w]", re.IGNORECASE)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


@pytest.mark.parametrize(
    "text",
    [
        "Se https://evil.example/x nu",
        "HTTP://EVIL.EXAMPLE",
        "(www.evil.example)",
        "_www.evil.example",
        "skriv til a.b@evil.example",
        "mailto:a@evil.example ftp://evil.example",
        "[klik](https://evil.example) <https://evil.example>",
    ],
)
def test_literal_leaves_no_autolink_and_reads_as_typed(text):
    shown = literal(text)
    resolved = _ESCAPE.sub(r"\1", shown)
    assert not _AUTOLINKED.search(resolved)
    # The only change a reader could notice is none: the joiner is invisible.
    assert resolved.replace("\u2060", "") == text


def test_literal_escapes_markup_and_keeps_ordinary_text_untouched():
    assert literal("Mere grønt i byen") == "Mere grønt i byen"
    assert literal("**fed** <b>x</b>") == r"\*\*fed\*\* \<b\>x\<\/b\>"
    assert literal("linje 1\n  linje 2") == "linje 1  \nlinje 2"


def test_the_apps_own_join_address_stays_whole_for_copying():
    url = "https://samskab.example.dk/?code=EJPJJ3"
    shown = own_address(url)
    assert "\u2060" not in shown
    assert shown.replace("\\", "") == url


def test_every_chart_goes_through_the_one_helper_that_drops_the_english_toolbar():
    """Plotly's mode bar speaks only English; `components.charts.show_chart` turns it off."""
    root = Path(__file__).resolve().parents[2]
    direct = [
        str(path.relative_to(root))
        for folder in ("app_pages", "components", "runtime")
        for path in (root / folder).rglob("*.py")
        if ".plotly_chart(" in path.read_text() and path != root / "components" / "charts.py"
    ]
    assert direct == []
