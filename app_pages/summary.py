"""The politicians' summary: six figures with trends, top ideas, key initiatives, who is missing, a PDF."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import plotly.graph_objects as go
import streamlit as st
from babel.dates import format_date

import clock
from components.charts import shorten, show_chart
from components.literal import literal
from components.resource_charts import BLUE, layout
from components.shell import guard, settings
from components.tables import in_language
from components.time_targets import month_label
from db.session import read_scope
from i18n import current_language, fmt_date, fmt_int, locale, t, tn
from runtime.aggregates import at_current_version
from runtime.municipality import municipality as current_municipality
from runtime.outcome_forms import influence_line
from services.insight import summary, summary_pdf
from services.workshop import processes


def _compact() -> None:
    # Compact: the whole summary fits one desktop screen without scrolling.
    st.html(
        """<style>
  [data-testid="stMainBlockContainer"] { padding-top: 1.6rem; padding-bottom: 0.5rem; }
  [data-testid="stMetricValue"] { font-size: 1.9rem; }
  [data-testid="stMainBlockContainer"] h1 { font-size: 2.2rem; padding-bottom: 0.25rem; }
  .st-key-summary_body [data-testid="stMarkdownContainer"] { font-size: 0.92rem; line-height: 1.45; }
  .st-key-summary_body li { margin-bottom: 0.15rem; }
  /* A tablet: figures in two rows of three, the chart under the two lists. */
  @media (max-width: 1100px) {
    .st-key-summary_figures [data-testid="stHorizontalBlock"],
    .st-key-summary_body [data-testid="stHorizontalBlock"] { flex-wrap: wrap; row-gap: 0.8rem; }
    .st-key-summary_figures [data-testid="stColumn"] { flex: 1 1 30% !important; min-width: 30% !important; }
    .st-key-summary_body [data-testid="stColumn"]:nth-child(3) { flex: 1 1 100% !important; }
    .st-key-summary_footer [data-testid="stHorizontalBlock"] { flex-wrap: wrap; }
    .st-key-summary_footer [data-testid="stColumn"] { flex: 1 1 100% !important; }
  }
</style>"""
    )


def _process_picker() -> int | None:
    """The title, and beside it the process to summarise: the newest first, "all" one step up."""
    with read_scope() as session:
        choices = {p.id: p.title for p in processes.list_processes(session)}
    title_col, pick_col = st.columns([3, 2], vertical_alignment="bottom")
    title_col.title(t("nav.summary"))
    return pick_col.selectbox(
        t("summary.process"),
        [None, *choices],
        index=1 if choices else 0,
        format_func=lambda p: t("summary.all_processes") if p is None else choices[p],
        key="summary_process",
    )


def _metric(
    column, label: str, value: str, trend: summary.Trend, *, help: str, absolute: bool = False
) -> None:
    change = summary.trend_change(trend, absolute=absolute)
    column.metric(
        label,
        value,
        delta=change,
        delta_arrow="off" if change is None or trend.current == trend.previous else "auto",
        delta_description=None if change is None or trend.is_new else t("summary.vs_previous"),
        help=help,
    )


def _figures(sm: summary.Summary) -> None:
    """Six figures with their trends against the period before."""
    # The initiatives' label is the longest: its column gets the room to show it whole.
    cols = st.container(key="summary_figures").columns([0.9, 0.95, 0.8, 1.45, 1, 1.1])
    _metric(
        cols[0],
        t("summary.participants"),
        fmt_int(sm.participants.total),
        sm.participants.trend,
        help=t("summary.participants_help"),
    )
    _metric(
        cols[1],
        t("summary.groups"),
        t("summary.groups_value", reached=fmt_int(sm.groups.total), of=fmt_int(sm.groups_of)),
        sm.groups.trend,
        help=t("summary.groups_help"),
        absolute=True,
    )
    _metric(
        cols[2], t("summary.ideas"), fmt_int(sm.ideas.total), sm.ideas.trend, help=t("summary.ideas_help")
    )
    _metric(
        cols[3],
        t("summary.initiatives"),
        t(
            "summary.initiatives_value",
            launched=fmt_int(sm.launched.total),
            completed=fmt_int(sm.completed.total),
        ),
        sm.launched.trend,
        help=t("summary.initiatives_help"),
    )
    _metric(
        cols[4],
        t("summary.hours"),
        fmt_int(sm.volunteer_minutes.total / 60),
        sm.volunteer_minutes.trend,
        help=t("summary.hours_help"),
    )
    if sm.hour_value:
        _metric(
            cols[5],
            t("summary.value"),
            t("common.amount", amount=fmt_int(sm.value)),
            sm.volunteer_minutes.trend,
            help=t("summary.value_help", rate=fmt_int(sm.hour_value)),
        )
    else:
        cols[5].metric(t("summary.value"), t("summary.value_unset"), help=t("summary.value_unset_help"))


def _items(lines: list[tuple[str, str]]) -> str:
    """A numbered list as Markdown: the user's title literally, a grey detail line under it."""
    return "\n".join(
        f"{n}. **{literal(shorten(title, 60))}**  \n   :gray[{detail}]"
        for n, (title, detail) in enumerate(lines, 1)
    )


def _top_ideas(sm: summary.Summary) -> None:
    st.markdown(f"**{t('summary.top_ideas')}**", help=t("summary.top_ideas_help"))
    if not sm.top_ideas:
        st.caption(t("summary.no_ideas"))
        return
    st.markdown(
        _items(
            [
                (
                    i.title,
                    t(
                        "summary.idea_line",
                        dots=tn("count.dots", i.dots),
                        voters=tn("count.from_people", i.voters),
                        groups=tn("count.in_groups", i.groups),
                    ),
                )
                for i in sm.top_ideas
            ]
        )
    )


def _key_initiatives(sm: summary.Summary) -> None:
    st.markdown(f"**{t('summary.key_initiatives')}**")
    if not sm.key_initiatives:
        st.caption(t("summary.no_initiatives"))
        return
    st.markdown(
        _items(
            [
                (
                    i.title,
                    t(
                        "summary.initiative_line",
                        status=t(f"status.{i.status}"),
                        progress=fmt_int(i.progress),
                        lead=literal(shorten(i.lead, 36)) if i.lead else t("summary.no_lead"),
                    ),
                )
                for i in sm.key_initiatives
            ]
        )
    )
    if sm.more_initiatives:
        st.caption(t("summary.more_initiatives", n=fmt_int(sm.more_initiatives)))


def _hours_chart(sm: summary.Summary) -> None:
    months = [month_label(m) for m, _ in sm.hours_by_month]
    hours = [round(minutes / 60, 1) for _, minutes in sm.hours_by_month]
    if not any(hours):
        st.info(t("summary.no_hours"), icon=":material/info:")
        return
    short = [format_date(m, format="MMM yy", locale=locale()) for m, _ in sm.hours_by_month]
    fig = go.Figure(
        go.Bar(
            x=short,
            y=hours,
            name=t("summary.hours"),
            marker_color=BLUE,
            customdata=months,
            hovertemplate="%{customdata}: %{y}<extra></extra>",
        )
    )
    fig = layout(fig, t("summary.chart_title"), t("chart.month"), t("chart.hours"), height=270)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 40, "b": 10}, showlegend=False, hovermode="closest")
    show_chart(fig, key="summary_chart")
    with st.popover(t("summary.table_view"), icon=":material/table:"):
        st.dataframe(
            in_language({t("chart.month"): months, t("chart.hours"): hours}, {t("chart.hours"): 1}),
            hide_index=True,
            key="summary_table",
        )


def _footer(sm: summary.Summary, pdf: Callable[[], bytes], today: date) -> None:
    """Who the process has not reached yet, and the summary as a PDF to hand on."""
    line_col, download_col = st.container(key="summary_footer").columns([4, 1.2], vertical_alignment="center")
    line_col.markdown(f"**{literal(summary.not_reached_text(sm.not_reached))}**")
    download_col.download_button(
        t("summary.download"),
        pdf,
        file_name=f"{t('summary.file_name')}-{today.isoformat()}.pdf",
        mime="application/pdf",
        icon=":material/download:",
        type="primary",
        key="summary_download",
        on_click="ignore",
    )


guard("summary")
# One data version for every figure of this run.
aggregate = at_current_version()
config = settings()
today = clock.today()
_compact()
process_id = _process_picker()
query = {
    "process_id": process_id,
    "hour_value": config.volunteer_hour_value,
    "today": today,
    "timezone": config.timezone,
}
sm = aggregate(summary.summary, **query)
st.caption(t("summary.period", start=fmt_date(sm.period_start), end=fmt_date(sm.today)))
if sm.influence_level is not None:
    st.caption(influence_line(sm.influence_level, sm.influence_promise))
_figures(sm)
if sm.is_empty:
    st.info(t("summary.empty"), icon=":material/info:")
    st.stop()
ideas_col, initiatives_col, chart_col = st.container(key="summary_body").columns([1, 1, 1.15], gap="medium")
with ideas_col:
    _top_ideas(sm)
with initiatives_col:
    _key_initiatives(sm)
with chart_col:
    _hours_chart(sm)
here = current_municipality()
municipality, language = here.name, current_language()
# Built when clicked (≈ 0.2 s), then cached for the data version like the figures.
_footer(
    sm,
    lambda: aggregate(summary_pdf.summary_pdf, **query, municipality=municipality, language=language),
    today,
)
