"""The politicians' summary as one A4 page: figures, top ideas, key initiatives, who is missing, a chart.

Everything is placed at fixed positions with automatic page breaks off, and every text
is cut to the room it has, so the summary is one page whatever users typed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from babel.dates import format_date
from fpdf.enums import Align, XPos, YPos
from sqlalchemy.orm import Session

from i18n import fmt_date, fmt_int, locale, set_language, t, tn
from services.common.pdf import FONT, INK, MUTED, RULE, Document, dated_source
from services.insight.summary import Summary, not_reached_text, summary, trend_text

# Okabe & Ito's blue and the muted grey of the axes (the page's chart palette).
BAR = (0, 114, 178)
AXIS = (108, 117, 125)
GRID = (222, 226, 230)
BOX = (246, 248, 250)

TOP = 20.0  # below the running header
BOTTOM = 282.0  # above the footer


def fit(doc: Document, text: str, width: float) -> str:
    """`text` on one line of `width` mm in the current font, cut with "…" if it is longer."""
    text = " ".join(text.split())
    if doc.get_string_width(text) <= width:
        return text
    while text and doc.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _lines(doc: Document, text: str, width: float, max_lines: int) -> list[str]:
    """`text` wrapped to at most `max_lines` lines of `width` mm, the last one cut with "…"."""
    lines: list[str] = []
    line = ""
    for word in " ".join(text.split()).split(" "):
        candidate = f"{line} {word}".strip()
        if not line or doc.get_string_width(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    lines = [fit(doc, one, width) for one in lines]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = fit(doc, lines[-1] + "…", width)
    return lines


def _text(doc: Document, x: float, y: float, width: float, text: str, *, size: float, bold: bool = False,
          color: tuple[int, int, int] = INK, align: Align = Align.L) -> None:  # fmt: skip
    doc.set_font(FONT, "B" if bold else "", size)
    doc.set_text_color(*color)
    doc.set_xy(x, y)
    doc.cell(width, size * 0.45, fit(doc, text, width), align=align, new_x=XPos.RIGHT, new_y=YPos.TOP)


def _figures(doc: Document, sm: Summary, y: float) -> float:
    """The six headline figures as a 3 × 2 grid of boxes; returns the y below it."""
    cells = [
        (t("summary.participants"), fmt_int(sm.participants.total), trend_text(sm.participants.trend)),
        (
            t("summary.groups"),
            t("summary.groups_value", reached=fmt_int(sm.groups.total), of=fmt_int(sm.groups_of)),
            trend_text(sm.groups.trend, absolute=True),
        ),
        (t("summary.ideas"), fmt_int(sm.ideas.total), trend_text(sm.ideas.trend)),
        (
            t("summary.initiatives"),
            t(
                "summary.initiatives_value",
                launched=fmt_int(sm.launched.total),
                completed=fmt_int(sm.completed.total),
            ),
            trend_text(sm.launched.trend),
        ),
        (
            t("summary.hours"),
            fmt_int(sm.volunteer_minutes.total / 60),
            trend_text(sm.volunteer_minutes.trend),
        ),
        (
            t("summary.value"),
            t("common.amount", amount=fmt_int(sm.value)) if sm.hour_value else t("summary.value_unset"),
            trend_text(sm.volunteer_minutes.trend) if sm.hour_value else "",
        ),
    ]
    gap, height = 4.0, 22.0
    width = (doc.content_width - 2 * gap) / 3
    for i, (label, value, trend) in enumerate(cells):
        x = doc.l_margin + (i % 3) * (width + gap)
        top = y + (i // 3) * (height + gap)
        doc.set_fill_color(*BOX)
        doc.set_draw_color(*RULE)
        doc.rect(x, top, width, height, style="DF")
        _text(doc, x + 3, top + 2.5, width - 6, label, size=8, color=MUTED)
        _text(doc, x + 3, top + 7.5, width - 6, value, size=15, bold=True)
        _text(doc, x + 3, top + 16, width - 6, trend, size=7.5, color=MUTED)
    return y + 2 * height + gap


def _list(
    doc: Document,
    x: float,
    y: float,
    width: float,
    heading: str,
    items: Sequence[tuple[str, str]],
    empty: str,
) -> float:
    """A heading and numbered two-line items (title, muted detail); returns the y below it."""
    _text(doc, x, y, width, heading, size=11, bold=True)
    y += 7
    if not items:
        doc.set_font(FONT, "", 8.5)
        doc.set_text_color(*MUTED)
        for line in _lines(doc, empty, width, 3):
            _text(doc, x, y, width, line, size=8.5, color=MUTED)
            y += 4.2
        return y
    for number, (title, detail) in enumerate(items, start=1):
        doc.set_font(FONT, "B", 9)
        for line in _lines(doc, f"{number}. {title}", width, 2):
            _text(doc, x, y, width, line, size=9, bold=True)
            y += 4.2
        _text(doc, x + 4, y + 0.2, width - 4, detail, size=8, color=MUTED)
        y += 6.3
    return y


def _nice_step(top: float) -> float:
    """A round step (1, 2 or 5 × 10ⁿ) giving about four gridlines up to `top`."""
    raw = max(top, 1) / 4
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _chart(doc: Document, sm: Summary, x: float, y: float, width: float, height: float) -> None:
    """Volunteer hours per month as bars, with a title, axis titles, gridlines and month labels."""
    _text(doc, x, y, width, t("summary.chart_title"), size=11, bold=True)
    hours = [minutes / 60 for _, minutes in sm.hours_by_month]
    if not any(hours):
        _text(doc, x, y + 10, width, t("summary.no_hours"), size=9, color=MUTED)
        return
    step = _nice_step(max(hours))
    top = step * math.ceil(max(hours) / step)
    # Room on the left for the longest tick label, right-aligned against the axis.
    doc.set_font(FONT, "", 7)
    ticks = doc.get_string_width(fmt_int(top)) + 1.5
    plot_x, plot_y = x + 6 + ticks, y + 9
    plot_w, plot_h = width - 8 - ticks, height - 24
    doc.set_line_width(0.2)
    tick = 0.0
    while tick <= top + step / 2:
        ty = plot_y + plot_h - plot_h * tick / top
        doc.set_draw_color(*GRID)
        doc.line(plot_x, ty, plot_x + plot_w, ty)
        _text(doc, plot_x - ticks - 1, ty - 1.6, ticks, fmt_int(tick), size=7, color=AXIS, align=Align.R)
        tick += step
    slot = plot_w / len(hours)
    doc.set_fill_color(*BAR)
    for i, ((month, _), value) in enumerate(zip(sm.hours_by_month, hours, strict=True)):
        bar_h = plot_h * value / top
        bx = plot_x + i * slot + slot * 0.18
        if bar_h > 0:
            doc.rect(bx, plot_y + plot_h - bar_h, slot * 0.64, bar_h, style="F")
            _text(doc, plot_x + i * slot, plot_y + plot_h - bar_h - 3.4, slot, fmt_int(value), size=6,
                  color=INK, align=Align.C)  # fmt: skip
        label = format_date(month, format="MMM yy", locale=locale())
        _text(doc, plot_x + i * slot, plot_y + plot_h + 1.2, slot, label, size=6.5, color=AXIS, align=Align.C)
    doc.set_draw_color(*AXIS)
    doc.line(plot_x, plot_y + plot_h, plot_x + plot_w, plot_y + plot_h)
    doc.line(plot_x, plot_y, plot_x, plot_y + plot_h)
    _text(doc, plot_x, plot_y + plot_h + 5.5, plot_w, t("chart.month"), size=7.5, color=AXIS, align=Align.C)
    # The y-axis title, turned to run up the axis.
    doc.set_font(FONT, "", 7.5)
    label = fit(doc, t("chart.hours"), plot_h)
    with doc.rotation(90, x + 1.5, plot_y + plot_h / 2):
        doc.set_xy(x + 1.5 - doc.get_string_width(label) / 2, plot_y + plot_h / 2 - 1.7)
        doc.set_text_color(*AXIS)
        doc.cell(doc.get_string_width(label), 3.4, label)


def _influence(doc: Document, sm: Summary, x: float, y: float, width: float) -> float:
    """The say participants were promised, so the figures below can be held against it; the y below."""
    if sm.influence_level is None:
        return y
    y += 1.5
    level = t(
        "summary_influence.level",
        level=t(f"influence.{sm.influence_level}"),
        means=t(f"influence.{sm.influence_level}_means"),
    )
    doc.set_font(FONT, "B", 8.5)
    for line in _lines(doc, level, width, 2):
        _text(doc, x, y, width, line, size=8.5, bold=True)
        y += 4
    if sm.influence_promise:
        doc.set_font(FONT, "", 8)
        for line in _lines(doc, t("summary_influence.promise", promise=sm.influence_promise), width, 2):
            _text(doc, x, y, width, line, size=8, color=MUTED)
            y += 3.8
    return y


def render_pdf(sm: Summary, *, municipality: str, today: date | None = None) -> bytes:
    """The summary on one A4 page."""
    today = today or sm.today
    scope = sm.process_title or t("summary.all_processes")
    doc = Document(title=f"{t('nav.summary')}: {scope}", source=dated_source(municipality, today))
    doc.set_auto_page_break(auto=False)
    # The running header is one line: a long process title is cut there (the metadata keeps it whole).
    doc.set_font(FONT, "", 8)
    doc.doc_title = fit(doc, doc.doc_title, doc.content_width)
    doc.add_page()
    left, width = doc.l_margin, doc.content_width

    _text(doc, left, TOP, width, t("nav.summary"), size=17, bold=True, color=(31, 95, 139))
    _text(doc, left, TOP + 9, width, scope, size=12, bold=True)
    _text(doc, left, TOP + 15.5, width, dated_source(municipality, today), size=8.5, color=MUTED)
    doc.set_font(FONT, "", 8)
    y = TOP + 20.5
    period = t("summary.period", start=fmt_date(sm.period_start), end=fmt_date(sm.today))
    for line in _lines(doc, period, width, 2):
        _text(doc, left, y, width, line, size=8, color=MUTED)
        y += 3.8
    y = _influence(doc, sm, left, y, width)
    y = _figures(doc, sm, y + 2.5) + 7

    column = (width - 8) / 2
    ideas = [
        (
            idea.title,
            t(
                "summary.idea_line",
                dots=tn("count.dots", idea.dots),
                voters=tn("count.from_people", idea.voters),
                groups=tn("count.in_groups", idea.groups),
            ),
        )
        for idea in sm.top_ideas[:5]
    ]
    initiatives = [
        (
            i.title,
            t(
                "summary.initiative_line",
                status=t(f"status.{i.status}"),
                progress=fmt_int(i.progress),
                lead=i.lead or t("summary.no_lead"),
            ),
        )
        for i in sm.key_initiatives[:5]
    ]
    end_ideas = _list(doc, left, y, column, t("summary.top_ideas"), ideas, t("summary.no_ideas"))
    end_initiatives = _list(
        doc,
        left + column + 8,
        y,
        column,
        t("summary.key_initiatives"),
        initiatives,
        t("summary.no_initiatives"),
    )
    if sm.more_initiatives:
        _text(doc, left + column + 8, end_initiatives, column,
              t("summary.more_initiatives", n=fmt_int(sm.more_initiatives)), size=8, color=MUTED)  # fmt: skip
        end_initiatives += 4.5
    y = max(end_ideas, end_initiatives) + 4

    doc.set_draw_color(*RULE)
    doc.line(left, y, left + width, y)
    y += 4
    doc.set_font(FONT, "B", 9.5)
    for line in _lines(doc, not_reached_text(sm.not_reached), width, 3):
        _text(doc, left, y, width, line, size=9.5, bold=True)
        y += 5
    y += 5

    _chart(doc, sm, left, y, width, min(85.0, BOTTOM - y))
    return doc.to_bytes()


def summary_pdf(
    session: Session,
    *,
    process_id: int | None = None,
    hour_value: int = 0,
    today: date | None = None,
    timezone: str | None = None,
    municipality: str,
    language: str,
) -> bytes:
    """The one-page PDF of `summary(...)` in `language` (part of the key when cached)."""
    set_language(language)
    sm = summary(session, process_id=process_id, hour_value=hour_value, today=today, timezone=timezone)
    return render_pdf(sm, municipality=municipality, today=sm.today)
