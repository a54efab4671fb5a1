"""The leader dashboard: from ideas to action, volunteers and resources, surveys, processes side by side."""

from __future__ import annotations

import streamlit as st

import clock
from components.dashboard_charts import funnel, line_by_month, progress_bars, side_by_side
from components.literal import literal
from components.resource_charts import horizontal_bars, hours_by_month
from components.shell import guard, settings
from components.survey_charts import before_after, factor_means
from components.time_targets import date_format, hours_text, month_label
from db.session import read_scope
from i18n import current_language, fmt_date, fmt_int, fmt_number, fmt_percent, t
from runtime.aggregates import at_current_version
from services.insight import ideas_to_action, initiative_progress, survey_figures, volunteering_figures
from services.surveys.instruments import instrument
from services.volunteering import resources, volunteers
from services.workshop import processes

guard("dashboard")
# One data version for every figure of this run.
aggregate = at_current_version()
st.title(t("nav.dashboard"))
st.caption(t("dashboard.caption"))
today = clock.today()
hour_value = settings().volunteer_hour_value
min_responses = settings().survey_min_responses
language = current_language()

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
filters = {"process_id": process_id, "start": start, "end": end, "today": today}
st.caption(t("dashboard.period_caption", start=fmt_date(start), end=fmt_date(end)))
if actor_id is not None:
    st.caption(t("dashboard.actor_note"))

figures = aggregate(ideas_to_action.funnel, actor_id=actor_id, **filters)
work = aggregate(volunteering_figures.volunteering, actor_id=actor_id, hour_value=hour_value, **filters)
rmap = work.resource_map


def table_view(columns: dict[str, list], key: str) -> None:
    """The numbers behind a chart, as a table a screen reader can read."""
    with st.expander(t("dashboard.table_view"), icon=":material/table:"):
        st.dataframe(columns, hide_index=True, width="stretch", key=key)


# --- headline ------------------------------------------------------------------------

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
nothing_yet = not (figures.participants or figures.ideas or figures.initiatives or rmap.volunteer_minutes)
if nothing_yet:
    st.info(t("dashboard.empty"), icon=":material/info:")

# --- the funnel ------------------------------------------------------------------------

st.header(t("dashboard.funnel.title"))
stages = [
    (t("dashboard.funnel.ideas"), figures.ideas),
    (t("dashboard.funnel.catalogue"), figures.catalogue_entries),
    (t("dashboard.funnel.initiatives"), figures.initiatives),
    (t("dashboard.funnel.in_progress"), figures.in_progress),
    (t("dashboard.funnel.completed"), figures.completed),
]
if not (figures.ideas or figures.catalogue_entries or figures.initiatives):
    st.info(t("dashboard.funnel.empty"), icon=":material/info:")
else:
    st.caption(t("dashboard.funnel.caption"))
    st.plotly_chart(
        funnel(
            [name for name, _ in stages],
            [value for _, value in stages],
            title=t("dashboard.funnel.chart"),
            x_title=t("dashboard.axis.count"),
            y_title=t("dashboard.funnel.axis_stage"),
        ),
        width="stretch",
        key="dashboard_funnel_chart",
    )
    table_view(
        {
            t("dashboard.funnel.axis_stage"): [name for name, _ in stages],
            t("dashboard.axis.count"): [value for _, value in stages],
        },
        "dashboard_funnel_table",
    )

# --- initiatives -----------------------------------------------------------------------

st.header(t("dashboard.initiatives.title"))
if not figures.initiatives:
    st.info(t("dashboard.initiatives.empty"), icon=":material/info:")
else:
    work_on = aggregate(initiative_progress.initiative_figures, actor_id=actor_id, **filters)
    statuses = list(figures.by_status)
    # Full width, one under the other: initiative titles are long, and a tablet is narrow.
    st.plotly_chart(
        horizontal_bars(
            [t(f"status.{s}") for s in statuses],
            [figures.by_status[s] for s in statuses],
            title=t("dashboard.initiatives.by_status"),
            x_title=t("dashboard.axis.initiatives"),
            y_title=t("dashboard.initiatives.status"),
        ).update_xaxes(dtick=1 if max(figures.by_status.values()) <= 10 else None),
        width="stretch",
        key="dashboard_status_chart",
    )
    table_view(
        {
            t("dashboard.initiatives.status"): [t(f"status.{s}") for s in statuses],
            t("dashboard.axis.initiatives"): [figures.by_status[s] for s in statuses],
        },
        "dashboard_status_table",
    )
    if work_on.running:
        st.plotly_chart(
            progress_bars(
                [r.title for r in work_on.running],
                [r.progress for r in work_on.running],
                title=t("dashboard.initiatives.progress_chart"),
                x_title=t("dashboard.initiatives.progress"),
            ),
            width="stretch",
            key="dashboard_progress_chart",
        )
        st.caption(t("dashboard.initiatives.mean_progress", mean=fmt_percent(work_on.mean_progress / 100)))
        table_view(
            {
                t("dashboard.initiatives.initiative"): [r.title for r in work_on.running],
                t("dashboard.initiatives.status"): [t(f"status.{r.status}") for r in work_on.running],
                t("dashboard.initiatives.progress"): [r.progress for r in work_on.running],
                t("dashboard.initiatives.lead"): [
                    r.lead or t("dashboard.initiatives.no_lead") for r in work_on.running
                ],
            },
            "dashboard_progress_table",
        )
    else:
        st.info(t("dashboard.initiatives.none_running"), icon=":material/info:")

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

# --- volunteers and resources ------------------------------------------------------------

st.header(t("dashboard.volunteers.title"))
if not (rmap.volunteer_minutes or rmap.staff_minutes):
    st.info(t("dashboard.volunteers.empty"), icon=":material/info:")
else:
    row = st.columns(4)
    row[0].metric(t("resources.volunteer_hours"), hours_text(rmap.volunteer_minutes))
    row[1].metric(t("resources.staff_hours"), hours_text(rmap.staff_minutes))
    row[2].metric(
        t("resources.ratio_short"),
        t("resources.ratio_value", ratio=fmt_number(rmap.ratio, 1)) if rmap.ratio is not None else "–",
        help=t("resources.ratio_help"),
    )
    if hour_value:
        row[3].metric(
            t("resources.value"),
            t("resources.amount", amount=fmt_int(rmap.value)),
            help=t("resources.value_help", rate=fmt_int(hour_value)),
        )
    months = [month_label(m) for m, _ in work.active_by_month]
    active_col, hours_col = st.columns(2)
    with active_col:
        st.plotly_chart(
            line_by_month(
                months,
                [n for _, n in work.active_by_month],
                title=t("dashboard.volunteers.active_chart"),
                x_title=t("chart.month"),
                y_title=t("chart.volunteers"),
                name=t("dashboard.volunteers.active"),
            ),
            width="stretch",
            key="dashboard_active_chart",
        )
        st.caption(t("dashboard.volunteers.active_help"))
        table_view(
            {
                t("chart.month"): months,
                t("dashboard.volunteers.active"): [n for _, n in work.active_by_month],
            },
            "dashboard_active_table",
        )
    with hours_col:
        volunteer_hours = [round(m.volunteer_minutes / 60, 1) for m in rmap.months]
        staff_hours = [round(m.staff_minutes / 60, 1) for m in rmap.months]
        st.plotly_chart(
            hours_by_month(
                [month_label(m.month) for m in rmap.months],
                volunteer_hours,
                staff_hours,
                title=t("resources.chart_hours"),
                x_title=t("chart.month"),
                y_title=t("chart.hours"),
                volunteer_label=t("resources.volunteer_hours"),
                staff_label=t("resources.staff_hours"),
            ),
            width="stretch",
            key="dashboard_hours_chart",
        )
        table_view(
            {
                t("chart.month"): [month_label(m.month) for m in rmap.months],
                t("resources.volunteer_hours"): [fmt_number(h, 1) for h in volunteer_hours],
                t("resources.staff_hours"): [fmt_number(h, 1) for h in staff_hours],
            },
            "dashboard_hours_table",
        )

st.subheader(t("dashboard.volunteers.retention_title"))
kept = work.retention
if not sum(kept.counts.values()):
    st.info(t("dashboard.volunteers.no_volunteers"), icon=":material/info:")
else:
    st.caption(t("dashboard.volunteers.retention_help"))
    row = st.columns(4)
    for col, months_kept in zip(row[:2], (6, 12), strict=True):
        stayed, eligible = kept.stayed_6_months if months_kept == 6 else kept.stayed_12_months
        col.metric(
            t("dashboard.volunteers.stayed", months=months_kept),
            fmt_percent(stayed / eligible) if eligible else "–",
            help=t("dashboard.volunteers.stayed_help", stayed=fmt_int(stayed), eligible=fmt_int(eligible)),
        )
    row[2].metric(
        t("dashboard.volunteers.median_stay"),
        t("dashboard.volunteers.days", days=fmt_int(kept.median_days_stayed))
        if kept.median_days_stayed is not None
        else "–",
    )
    row[3].metric(t("dashboard.volunteers.active_now"), fmt_int(kept.counts["active"]))

# --- surveys -----------------------------------------------------------------------------

st.header(t("dashboard.surveys.title"))
survey = aggregate(survey_figures.survey_profiles, min_responses=min_responses, **filters)
if survey.withheld_waves:
    st.caption(t("dashboard.surveys.withheld", n=fmt_int(survey.withheld_waves), min=fmt_int(min_responses)))
if not survey.profiles:
    st.info(t("dashboard.surveys.empty", min=fmt_int(min_responses)), icon=":material/info:")
for profile in survey.profiles:
    form = instrument(profile.instrument_key)
    st.subheader(literal(form.title(language)))
    label = {f.key: form.factor(f.key).label(language) for f in profile.factors}
    shown = [f for f in profile.factors if not f.hidden]
    scale = (form.scale_min, form.scale_max)
    axis = t("survey_results.axis_mean", low=scale[0], high=scale[1])

    def mean(value: float | None) -> str:
        return fmt_number(value, 2) if value is not None else t("survey_results.hidden")

    if profile.after_title is not None:
        st.caption(
            t(
                "dashboard.surveys.compared",
                before=literal(profile.before_title),
                after=literal(profile.after_title),
                n_before=fmt_int(profile.before_responses),
                n_after=fmt_int(profile.after_responses),
            )
        )
        if shown:
            st.plotly_chart(
                before_after(
                    [label[f.key] for f in shown],
                    [f.mean_before for f in shown],
                    [f.mean_after for f in shown],
                    scale=scale,
                    title=t("survey_results.chart_compare"),
                    x_title=axis,
                    before_label=t("survey_results.before"),
                    after_label=t("survey_results.after"),
                ),
                width="stretch",
                key=f"dashboard_survey_{profile.instrument_key}_chart",
            )
        table_view(
            {
                t("surveys.factor"): [label[f.key] for f in profile.factors],
                t("survey_results.before"): [mean(f.mean_before) for f in profile.factors],
                t("survey_results.after"): [mean(f.mean_after) for f in profile.factors],
                t("survey_results.change"): [
                    fmt_number(f.mean_after - f.mean_before, 2)
                    if f.mean_after is not None and f.mean_before is not None
                    else t("survey_results.hidden")
                    for f in profile.factors
                ],
            },
            f"dashboard_survey_{profile.instrument_key}_table",
        )
    else:
        st.caption(
            t(
                "dashboard.surveys.one_wave",
                title=literal(profile.before_title),
                n=fmt_int(profile.before_responses),
            )
        )
        if shown:
            st.plotly_chart(
                factor_means(
                    [label[f.key] for f in shown],
                    [f.mean_before for f in shown],
                    scale=scale,
                    title=t("survey_results.chart_means"),
                    x_title=axis,
                ),
                width="stretch",
                key=f"dashboard_survey_{profile.instrument_key}_chart",
            )
        table_view(
            {
                t("surveys.factor"): [label[f.key] for f in profile.factors],
                t("survey_results.mean"): [mean(f.mean_before) for f in profile.factors],
                t("survey_results.n"): [f.n_before for f in profile.factors],
            },
            f"dashboard_survey_{profile.instrument_key}_table",
        )

# --- processes side by side ---------------------------------------------------------------

st.header(t("dashboard.compare.title"))
st.caption(t("dashboard.compare.caption"))
compared = aggregate(ideas_to_action.process_comparison, actor_id=actor_id, start=start, end=end, today=today)
if not compared:
    st.info(t("dashboard.compare.empty"), icon=":material/info:")
else:
    measures = [
        (t("dashboard.kpi.participants"), [r.participants for r in compared]),
        (t("dashboard.kpi.ideas"), [r.ideas for r in compared]),
        (t("dashboard.kpi.dots"), [r.dots for r in compared]),
        (t("dashboard.kpi.initiatives"), [r.initiatives for r in compared]),
        (t("dashboard.kpi.completed"), [r.completed for r in compared]),
        (t("dashboard.kpi.volunteer_hours"), [round(r.volunteer_minutes / 60, 1) for r in compared]),
    ]
    if len(compared) < 2:
        st.info(t("dashboard.compare.only_one"), icon=":material/info:")
    else:
        st.plotly_chart(
            side_by_side(
                [r.title for r in compared],
                measures,
                title=t("dashboard.compare.chart"),
                y_title=t("dashboard.axis.count"),
            ),
            width="stretch",
            key="dashboard_compare_chart",
        )
    table = {t("dashboard.compare.process"): [r.title for r in compared]}
    for name, values in measures[:-1]:
        table[name] = [fmt_int(v) for v in values]
    table[measures[-1][0]] = [hours_text(r.volunteer_minutes) for r in compared]
    st.dataframe(table, hide_index=True, width="stretch", key="dashboard_compare_table")
    st.caption(t("dashboard.compare.hours_note"))
