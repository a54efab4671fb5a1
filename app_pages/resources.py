"""The resource map: volunteer hours and staff hours per process, initiative or activity, over time."""

from __future__ import annotations

from datetime import date
from itertools import accumulate
from typing import Any

import streamlit as st

import clock
from components.charts import show_chart
from components.feedback import show_error
from components.resource_charts import (
    BLUE,
    ORANGE,
    cumulative_value,
    grouped_horizontal_bars,
    horizontal_bars,
)
from components.resource_figures import hours_chart, resource_figures
from components.shell import guard, settings
from components.tables import in_language
from components.time_targets import date_format, month_label
from db.session import read_scope
from i18n import fmt_date, fmt_int, t, tn
from services.common.errors import DomainError
from services.volunteering import hours_choices, resources

SCOPES = ("all", "process", "initiative", "activity")


def _hours(minutes: int) -> float:
    return round(minutes / 60, 1)


def _table(columns: dict[str, list], **options: Any) -> None:
    """A figures table, its numbers as the app's language writes them (2,5 and 23.250 in Danish)."""
    digits = {
        t("resources.volunteer_hours"): 1,
        t("resources.staff_hours"): 1,
        t("resources.ratio"): 1,
        t("resources.value"): 0,
        t("resources.value_total"): 0,
    }
    st.dataframe(in_language(columns, digits), hide_index=True, width="stretch", **options)


def _pickers(today: date) -> tuple[resources.Scope | None, date, date]:
    """What to map and over which period; no scope while a process, initiative or activity is missing."""
    with read_scope() as session:
        choices = hours_choices.choices(session)
    scope_col, pick_col, period_col = st.columns([2, 3, 3])
    kind = scope_col.selectbox(
        t("resources.scope"), SCOPES, format_func=lambda k: t(f"resources.scope_{k}"), key="resources_scope"
    )
    picked = None
    if kind != "all":
        options = {
            "process": choices.processes,
            "initiative": choices.initiatives,
            "activity": choices.activities,
        }[kind]
        labels = {c.id: c.label for c in options}
        picked = pick_col.selectbox(
            t(f"field.{kind}"),
            list(labels),
            format_func=labels.__getitem__,
            key=f"resources_pick_{kind}",
            placeholder=t("resources.none_to_pick"),
        )
    start, end = resources.default_period(today)
    period = period_col.date_input(
        t("resources.period"),
        value=(start, end),
        max_value=today,
        format=date_format(),
        key="resources_period",
    )
    if isinstance(period, tuple) and len(period) == 2:
        start, end = period
    if kind != "all" and picked is None:
        return None, start, end
    return resources.Scope(**({f"{kind}_id": picked} if picked is not None else {})), start, end


def _headline(rmap: resources.ResourceMap) -> None:
    st.caption(t("resources.period_caption", start=fmt_date(rmap.start), end=fmt_date(rmap.end)))
    resource_figures(rmap, volunteer_help=tn("resources.volunteer_hours_help", rmap.named_volunteers))


def _over_time(rmap: resources.ResourceMap, months: list[str]) -> None:
    st.subheader(t("resources.over_time"))
    volunteer_hours = [_hours(m.volunteer_minutes) for m in rmap.months]
    staff_hours = [_hours(m.staff_minutes) for m in rmap.months]
    chart_col, table_col = st.columns([3, 2])
    with chart_col:
        hours_chart(months, volunteer_hours, staff_hours, key="resources_hours_chart")
    with table_col:
        _table(
            {
                t("chart.month"): months,
                t("resources.volunteer_hours"): volunteer_hours,
                t("resources.staff_hours"): staff_hours,
                t("resources.ratio"): [None if m.ratio is None else round(m.ratio, 1) for m in rmap.months],
            },
            height=420,
        )


def _value_over_time(rmap: resources.ResourceMap, months: list[str]) -> None:
    values = [round(rmap.value_of(m.volunteer_minutes)) for m in rmap.months]
    chart_col, table_col = st.columns([3, 2])
    with chart_col:
        show_chart(
            cumulative_value(
                months,
                values,
                title=t("resources.chart_value", rate=fmt_int(rmap.hour_value)),
                x_title=t("chart.month"),
                y_title=t("chart.amount"),
                label=t("resources.value"),
            ),
            width="stretch",
            key="resources_value_chart",
        )
    with table_col:
        _table(
            {
                t("chart.month"): months,
                t("resources.value"): values,
                t("resources.value_total"): list(accumulate(values)),
            },
            height=420,
        )


def _where(row: resources.TargetFigures) -> str:
    if row.initiative and row.activity:
        return f"{row.initiative} / {row.activity}"
    return row.initiative or row.activity or t("resources.not_linked")


def _where_the_time_went(rmap: resources.ResourceMap) -> None:
    st.subheader(t("resources.where"))
    places = [_where(r) for r in rmap.breakdown]
    volunteer_hours = [_hours(r.volunteer_minutes) for r in rmap.breakdown]
    staff_hours = [_hours(r.staff_minutes) for r in rmap.breakdown]
    chart_col, table_col = st.columns([3, 2])
    with chart_col:
        show_chart(
            grouped_horizontal_bars(
                places,
                [
                    (t("resources.volunteer_hours"), volunteer_hours, BLUE),
                    (t("resources.staff_hours"), staff_hours, ORANGE),
                ],
                title=t("resources.chart_where"),
                x_title=t("chart.hours"),
            ),
            width="stretch",
            key="resources_where_chart",
        )
    with table_col:
        _table(
            {
                t("resources.where_column"): places,
                t("resources.volunteer_hours"): volunteer_hours,
                t("resources.staff_hours"): staff_hours,
            },
        )


def _staff_kinds(rmap: resources.ResourceMap) -> None:
    st.subheader(t("resources.staff_kinds"))
    kinds = sorted(rmap.staff_by_kind, key=lambda k: -rmap.staff_by_kind[k])
    names = [t(f"staff_kind.{k}") for k in kinds]
    staff_hours = [_hours(rmap.staff_by_kind[k]) for k in kinds]
    chart_col, table_col = st.columns([3, 2])
    with chart_col:
        show_chart(
            horizontal_bars(
                names, staff_hours, title=t("resources.chart_kinds"), x_title=t("chart.hours"), color=ORANGE
            ),
            width="stretch",
            key="resources_kinds_chart",
        )
    with table_col:
        _table(
            {t("field.staff_kind"): names, t("resources.staff_hours"): staff_hours},
        )


def _download(rmap: resources.ResourceMap) -> None:
    workbook = resources.resource_workbook(
        rmap,
        {
            "month": t("chart.month"),
            "volunteer_hours": t("resources.volunteer_hours"),
            "staff_hours": t("resources.staff_hours"),
            "value": t("resources.value"),
            "initiative": t("field.initiative"),
            "activity": t("field.activity"),
            "months_sheet": t("resources.sheet_months"),
            "breakdown_sheet": t("resources.sheet_where"),
        },
    )
    st.download_button(
        t("resources.download"),
        workbook,
        file_name=f"{t('resources.file_name')}-{rmap.start.isoformat()}-{rmap.end.isoformat()}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key="resources_download",
        on_click="ignore",
    )


guard("resources")
st.title(t("resources.title"))
st.caption(t("resources.caption"))
today = clock.today()
scope, start, end = _pickers(today)
if scope is None:
    st.info(t("resources.none_to_pick"), icon=":material/info:")
    st.stop()
try:
    with read_scope() as session:
        rmap = resources.resource_map(
            session, scope, hour_value=settings().volunteer_hour_value, start=start, end=end, today=today
        )
except DomainError as err:
    show_error(err)
    st.stop()

_headline(rmap)
if not rmap.volunteer_minutes and not rmap.staff_minutes:
    st.info(t("resources.empty"), icon=":material/info:")
    st.stop()
months = [month_label(m.month) for m in rmap.months]
_over_time(rmap, months)
if rmap.hour_value:
    _value_over_time(rmap, months)
_where_the_time_went(rmap)
if rmap.staff_by_kind:
    _staff_kinds(rmap)
_download(rmap)
