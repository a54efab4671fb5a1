"""The leader dashboard: from ideas to action, volunteers and resources, surveys, processes side by side."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import streamlit as st

import clock
from components.charts import show_chart
from components.dashboard_charts import funnel, line_by_month, progress_bars
from components.process_comparison import process_comparison
from components.resource_charts import horizontal_bars
from components.resource_figures import hours_chart, resource_figures
from components.shell import guard, settings
from components.survey_profile import survey_profile
from components.table_view import table_view
from components.time_targets import date_format, hours_text, month_label
from db.session import read_scope
from i18n import current_language, fmt_date, fmt_int, fmt_number, fmt_percent, t, tn
from runtime.aggregates import at_current_version
from services.insight import (
    ideas_to_action,
    initiative_progress,
    survey_figures,
    volunteering_figures,
)
from services.volunteering import resources, volunteers
from services.volunteering import retention as volunteer_retention
from services.workshop import processes


def _chart(figure: go.Figure, key: str) -> None:
    show_chart(figure, key=key)


def _table_view(columns: dict[str, list], key: str) -> None:
    table_view(t("dashboard.table_view"), columns, key)


def _filters(today: date) -> tuple[dict, int | None]:
    """The process, period and actor picked; returns the filters every figure takes, and the actor."""
    with read_scope() as session:
        process_titles = {p.id: p.title for p in processes.list_processes(session)}
        actor_names = dict(volunteers.actor_choices(session))
    process_col, period_col, actor_col = st.columns(3)
    process_id = process_col.selectbox(
        t("dashboard.process"),
        [None, *process_titles],
        format_func=lambda i: t("dashboard.all_processes") if i is None else process_titles[i],
        key="dashboard_process",
    )
    start, end = resources.default_period(today)
    picked = period_col.date_input(
        t("dashboard.period"),
        value=(start, end),
        max_value=today,
        format=date_format(),
        key="dashboard_period",
        help=t("dashboard.period_help"),
    )
    # While the second day of a range is being picked, the first alone is not a period yet.
    if isinstance(picked, tuple) and len(picked) == 2:
        start, end = picked
    actor_id = actor_col.selectbox(
        t("dashboard.actor"),
        [None, *actor_names],
        format_func=lambda i: t("dashboard.all_actors") if i is None else actor_names[i],
        key="dashboard_actor",
    )
    st.caption(t("dashboard.period_caption", start=fmt_date(start), end=fmt_date(end)))
    if actor_id is not None:
        st.caption(t("dashboard.actor_note"))
    return {"process_id": process_id, "start": start, "end": end, "today": today}, actor_id


def _headline(figures: ideas_to_action.Funnel, rmap: resources.ResourceMap) -> None:
    row = st.columns(4)
    row[0].metric(t("dashboard.kpi.participants"), fmt_int(figures.participants))
    row[1].metric(t("dashboard.kpi.ideas"), fmt_int(figures.ideas))
    row[2].metric(t("dashboard.kpi.dots"), fmt_int(figures.dots))
    row[3].metric(t("dashboard.kpi.initiatives"), fmt_int(figures.initiatives))
    row = st.columns(4)
    row[0].metric(t("dashboard.kpi.in_progress"), fmt_int(figures.in_progress))
    row[1].metric(t("dashboard.kpi.completed"), fmt_int(figures.completed))
    row[2].metric(t("dashboard.kpi.volunteer_hours"), hours_text(rmap.volunteer_minutes))
    row[3].metric(
        t("dashboard.kpi.active_volunteers"),
        fmt_int(rmap.named_volunteers),
        help=t("dashboard.kpi.active_volunteers_help"),
    )
    if not (figures.participants or figures.ideas or figures.initiatives or rmap.volunteer_minutes):
        st.info(t("dashboard.empty"), icon=":material/info:")


def _funnel(figures: ideas_to_action.Funnel) -> None:
    st.header(t("dashboard.funnel.title"))
    if not (figures.ideas or figures.catalogue_entries or figures.initiatives):
        st.info(t("dashboard.funnel.empty"), icon=":material/info:")
        return
    stages = {
        t("dashboard.funnel.ideas"): figures.ideas,
        t("dashboard.funnel.catalogue"): figures.catalogue_entries,
        t("dashboard.funnel.initiatives"): figures.initiatives,
        t("dashboard.funnel.in_progress"): figures.in_progress,
        t("dashboard.funnel.completed"): figures.completed,
    }
    st.caption(t("dashboard.funnel.caption"))
    _chart(
        funnel(
            list(stages),
            list(stages.values()),
            title=t("dashboard.funnel.chart"),
            x_title=t("dashboard.axis.count"),
            y_title=t("dashboard.funnel.axis_stage"),
        ),
        "dashboard_funnel_chart",
    )
    _table_view(
        {t("dashboard.funnel.axis_stage"): list(stages), t("dashboard.axis.count"): list(stages.values())},
        "dashboard_funnel_table",
    )


def _by_status(figures: ideas_to_action.Funnel) -> None:
    statuses = list(figures.by_status)
    # Full width, one under the other: initiative titles are long, and a tablet is narrow.
    _chart(
        horizontal_bars(
            [t(f"status.{s}") for s in statuses],
            [figures.by_status[s] for s in statuses],
            title=t("dashboard.initiatives.by_status"),
            x_title=t("dashboard.axis.initiatives"),
            y_title=t("dashboard.initiatives.status"),
            dtick=1 if max(figures.by_status.values()) <= 10 else None,
        ),
        "dashboard_status_chart",
    )
    _table_view(
        {
            t("dashboard.initiatives.status"): [t(f"status.{s}") for s in statuses],
            t("dashboard.axis.initiatives"): [figures.by_status[s] for s in statuses],
        },
        "dashboard_status_table",
    )


def _progress(
    running: tuple[initiative_progress.InitiativeProgress, ...], mean_progress: float | None
) -> None:
    if not running or mean_progress is None:  # the mean is None exactly when nothing runs
        st.info(t("dashboard.initiatives.none_running"), icon=":material/info:")
        return
    _chart(
        progress_bars(
            [r.title for r in running],
            [r.progress for r in running],
            title=t("dashboard.initiatives.progress_chart"),
            x_title=t("dashboard.initiatives.progress"),
        ),
        "dashboard_progress_chart",
    )
    st.caption(t("dashboard.initiatives.mean_progress", mean=fmt_percent(mean_progress / 100)))
    _table_view(
        {
            t("dashboard.initiatives.initiative"): [r.title for r in running],
            t("dashboard.initiatives.status"): [t(f"status.{r.status}") for r in running],
            t("dashboard.initiatives.progress"): [r.progress for r in running],
            t("dashboard.initiatives.lead"): [r.lead or t("dashboard.initiatives.no_lead") for r in running],
        },
        "dashboard_progress_table",
    )


def _needing_attention(work_on: initiative_progress.InitiativeFigures) -> None:
    """Milestones past their date, and initiatives nobody leads."""
    st.subheader(t("dashboard.initiatives.overdue_title"))
    if work_on.overdue:
        st.dataframe(
            {
                t("dashboard.initiatives.initiative"): [o.initiative for o in work_on.overdue],
                t("dashboard.initiatives.milestone"): [o.milestone for o in work_on.overdue],
                t("dashboard.initiatives.due"): [fmt_date(o.due_on) for o in work_on.overdue],
                t("dashboard.initiatives.days_overdue"): [o.days_overdue for o in work_on.overdue],
                t("dashboard.initiatives.owner"): [
                    o.lead or t("dashboard.initiatives.no_lead") for o in work_on.overdue
                ],
            },
            hide_index=True,
            width="stretch",
            key="dashboard_overdue_table",
        )
    else:
        st.success(t("dashboard.initiatives.no_overdue"), icon=":material/check_circle:")
    st.subheader(t("dashboard.initiatives.without_lead_title"))
    if work_on.without_lead:
        st.caption(t("dashboard.initiatives.without_lead_help"))
        st.dataframe(
            {
                t("dashboard.initiatives.initiative"): [r.title for r in work_on.without_lead],
                t("dashboard.initiatives.status"): [t(f"status.{r.status}") for r in work_on.without_lead],
            },
            hide_index=True,
            width="stretch",
            key="dashboard_without_lead_table",
        )
    else:
        st.success(t("dashboard.initiatives.all_led"), icon=":material/check_circle:")


def _initiatives(
    figures: ideas_to_action.Funnel, work_on: initiative_progress.InitiativeFigures | None
) -> None:
    st.header(t("dashboard.initiatives.title"))
    if work_on is None:
        st.info(t("dashboard.initiatives.empty"), icon=":material/info:")
        return
    _by_status(figures)
    _progress(work_on.running, work_on.mean_progress)
    _needing_attention(work_on)


def _active_by_month(work: volunteering_figures.Volunteering) -> None:
    months = [month_label(m) for m, _ in work.active_by_month]
    active = [n for _, n in work.active_by_month]
    _chart(
        line_by_month(
            months,
            active,
            title=t("dashboard.volunteers.active_chart"),
            x_title=t("chart.month"),
            y_title=t("chart.volunteers"),
            name=t("dashboard.volunteers.active"),
        ),
        "dashboard_active_chart",
    )
    st.caption(t("dashboard.volunteers.active_help"))
    _table_view(
        {t("chart.month"): months, t("dashboard.volunteers.active"): active}, "dashboard_active_table"
    )


def _hours_by_month(rmap: resources.ResourceMap) -> None:
    months = [month_label(m.month) for m in rmap.months]
    volunteer_hours = [round(m.volunteer_minutes / 60, 1) for m in rmap.months]
    staff_hours = [round(m.staff_minutes / 60, 1) for m in rmap.months]
    hours_chart(months, volunteer_hours, staff_hours, key="dashboard_hours_chart")
    _table_view(
        {
            t("chart.month"): months,
            t("resources.volunteer_hours"): [fmt_number(h, 1) for h in volunteer_hours],
            t("resources.staff_hours"): [fmt_number(h, 1) for h in staff_hours],
        },
        "dashboard_hours_table",
    )


def _volunteers_and_resources(work: volunteering_figures.Volunteering) -> None:
    st.header(t("dashboard.volunteers.title"))
    if not (work.resource_map.volunteer_minutes or work.resource_map.staff_minutes):
        st.info(t("dashboard.volunteers.empty"), icon=":material/info:")
        return
    resource_figures(work.resource_map)
    active_col, hours_col = st.columns(2)
    with active_col:
        _active_by_month(work)
    with hours_col:
        _hours_by_month(work.resource_map)


def _retention(kept: volunteer_retention.Retention) -> None:
    st.subheader(t("dashboard.volunteers.retention_title"))
    if not sum(kept.counts.values()):
        st.info(t("dashboard.volunteers.no_volunteers"), icon=":material/info:")
        return
    st.caption(t("dashboard.volunteers.retention_help"))
    row = st.columns(4)
    for col, months, (stayed, eligible) in zip(
        row[:2], (6, 12), (kept.stayed_6_months, kept.stayed_12_months), strict=True
    ):
        col.metric(
            t("dashboard.volunteers.stayed", months=months),
            fmt_percent(stayed / eligible) if eligible else "–",
            help=t("dashboard.volunteers.stayed_help", stayed=fmt_int(stayed), eligible=fmt_int(eligible)),
        )
    row[2].metric(
        t("dashboard.volunteers.median_stay"),
        tn("dashboard.volunteers.days", round(kept.median_days_stayed))
        if kept.median_days_stayed is not None
        else "–",
    )
    row[3].metric(t("dashboard.volunteers.active_now"), fmt_int(kept.counts["active"]))


def _surveys(survey: survey_figures.SurveyFigures, min_responses: int) -> None:
    st.header(t("dashboard.surveys.title"))
    if survey.withheld_waves:
        st.caption(tn("dashboard.surveys.withheld", survey.withheld_waves, min=fmt_int(min_responses)))
    if not survey.profiles:
        st.info(t("dashboard.surveys.empty", min=fmt_int(min_responses)), icon=":material/info:")
    for profile in survey.profiles:
        survey_profile(
            profile,
            current_language(),
            key=f"dashboard_survey_{profile.instrument_key}",
            table_label=t("dashboard.table_view"),
        )


def _processes_side_by_side(compared: list[ideas_to_action.ProcessRow]) -> None:
    st.header(t("dashboard.compare.title"))
    st.caption(t("dashboard.compare.caption"))
    if not compared:
        st.info(t("dashboard.compare.empty"), icon=":material/info:")
        return
    process_comparison(compared, key="dashboard_compare")


guard("dashboard")
# One data version for every figure of this run.
aggregate = at_current_version()
st.title(t("nav.dashboard"))
st.caption(t("dashboard.caption"))
today = clock.today()
hour_value = settings().volunteer_hour_value
min_responses = settings().survey_min_responses
filters, actor_id = _filters(today)
period = {"start": filters["start"], "end": filters["end"], "today": today}
# Every process's figures once per render: the funnel and the comparison are both read off it.
per_process = aggregate(ideas_to_action.process_figures, actor_id=actor_id, **period)
figures = ideas_to_action.funnel_of(per_process, filters["process_id"])
work = aggregate(volunteering_figures.volunteering, actor_id=actor_id, hour_value=hour_value, **filters)
_headline(figures, work.resource_map)
_funnel(figures)
# Initiatives' progress is worked out only when there are initiatives to show.
work_on = (
    aggregate(initiative_progress.initiative_figures, actor_id=actor_id, **filters)
    if figures.initiatives
    else None
)
_initiatives(figures, work_on)
_volunteers_and_resources(work)
_retention(work.retention)
_surveys(aggregate(survey_figures.survey_profiles, min_responses=min_responses, **filters), min_responses)
_processes_side_by_side(list(ideas_to_action.comparison_of(per_process)))
