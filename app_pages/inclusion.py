"""Participation and inclusion: who took part against the target groups and the population; bridging ideas."""

from __future__ import annotations

import streamlit as st

from components.feedback import flash, show_error, show_flash
from components.inclusion_charts import marked_bars
from components.literal import literal
from components.resource_charts import BLUE, ORANGE, VERMILLION, grouped_horizontal_bars
from components.shell import guard, settings
from db.session import session_scope
from i18n import fmt_int, fmt_number, fmt_percent, t
from runtime.aggregates import at_current_version
from services.admin.permissions import can_set_target_groups
from services.common.errors import DomainError
from services.insight import bridging, inclusion, target_groups
from services.insight.representation import (
    FEW,
    MASK_BELOW,
    NOT_GIVEN,
    UNDER_REPRESENTED,
    Dimension,
    is_masked,
    masked,
)
from vocabulary import STAKEHOLDER_GROUPS

me = guard("inclusion")
# One data version for every figure of this run.
aggregate = at_current_version()
may_edit = can_set_target_groups(me["role"])
st.title(t("nav.inclusion"))
st.caption(t("inclusion.caption", n=MASK_BELOW))
show_flash()

DASH = "–"


def count_text(count: int) -> str:
    """A count as it may be shown: 1–4 as "< 5" (the service's masking rule)."""
    shown = masked(count)
    return t("inclusion.masked", n=MASK_BELOW) if shown is None else fmt_int(shown)


def share_text(share: float | None, count: int) -> str:
    """A share, unless it is missing or would reveal a masked count."""
    return DASH if share is None or is_masked(count) else fmt_percent(share, 0)


def percent(share: float | None, count: int | None = None) -> float | None:
    """A share in percent for a chart; None (no bar) if it would reveal a masked count."""
    if share is None or (count is not None and is_masked(count)):
        return None
    return round(share * 100, 1)


def group_label(group: str) -> str:
    return t("inclusion.not_given") if group == NOT_GIVEN else t(f"group.{group}")


def value_label(dimension: str, value: str) -> str:
    """Age bands and groups from the catalogue; area names (from the settings) literally."""
    if value == NOT_GIVEN:
        return t("inclusion.not_given")
    if dimension == "age_band":
        return t(f"age.{value}")
    if dimension == "stakeholder_group":
        return t(f"group.{value}")
    return value


def table_view(columns: dict[str, list], key: str) -> None:
    """The chart's figures as a table, for screen readers and for reading exact values."""
    with st.expander(t("inclusion.table_view"), icon=":material/table:"):
        st.dataframe(columns, hide_index=True, width="stretch", key=key)


# --- what to look at --------------------------------------------------------------------

choices = aggregate(inclusion.scopes)
if not choices.processes:
    st.info(t("inclusion.no_processes"), icon=":material/info:")
    st.stop()

process_titles = {c.id: c.title for c in choices.processes}
scope_col, workshop_col = st.columns(2)
process_id = scope_col.selectbox(
    t("inclusion.process"),
    [None, *process_titles],
    index=1,
    format_func=lambda i: t("inclusion.all_processes") if i is None else process_titles[i],
    key="inclusion_process",
)
workshop_titles = {c.id: c.title for c in choices.workshops if c.process_id == process_id}
workshop_id = workshop_col.selectbox(
    t("inclusion.workshop"),
    [None, *workshop_titles],
    format_func=lambda i: t("inclusion.all_workshops") if i is None else workshop_titles[i],
    key=f"inclusion_workshop_{process_id}",
    disabled=process_id is None,
    help=t("inclusion.workshop_help"),
)

# --- target groups ----------------------------------------------------------------------

if process_id is not None:
    with st.container(border=True):
        st.subheader(t("inclusion.targets_title"))
        current = aggregate(target_groups.target_groups, process_id=process_id)
        if may_edit:
            with st.form(f"inclusion_targets_form_{process_id}", border=False):
                chosen = st.multiselect(
                    t("inclusion.targets_label"),
                    STAKEHOLDER_GROUPS,
                    default=list(current),
                    format_func=lambda g: t(f"group.{g}"),
                    key=f"inclusion_targets_{process_id}",
                    help=t("inclusion.targets_help"),
                    placeholder=t("inclusion.targets_placeholder"),
                )
                if st.form_submit_button(t("inclusion.targets_save"), key="inclusion_targets_save"):
                    try:
                        with session_scope() as session:
                            target_groups.set_target_groups(session, process_id, chosen, by_user_id=me["id"])
                    except DomainError as err:
                        show_error(err)
                    else:
                        flash(t("inclusion.targets_saved"))
        elif current:
            st.markdown(t("inclusion.targets_readonly", groups=", ".join(t(f"group.{g}") for g in current)))
        else:
            st.markdown(t("inclusion.targets_none_readonly"))
        if not current:
            st.caption(t("inclusion.targets_none"))

age_shares = settings().population_age_shares
area_shares = settings().population_area_shares
try:
    report = aggregate(
        inclusion.report,
        process_id=process_id,
        workshop_id=workshop_id,
        age_shares=age_shares,
        area_shares=area_shares,
    )
except DomainError as err:
    show_error(err)
    st.stop()

# --- headline figures -------------------------------------------------------------------

kpi = st.columns(4)
kpi[0].metric(t("inclusion.kpi_participants"), count_text(report.participants))
if report.targets:
    kpi[1].metric(
        t("inclusion.kpi_reached"),
        t("inclusion.kpi_reached_value", reached=report.targets_reached, targets=len(report.targets)),
        help=t("inclusion.kpi_reached_help"),
    )
else:
    kpi[1].metric(t("inclusion.kpi_reached"), DASH, help=t("inclusion.targets_none"))
kpi[2].metric(
    t("inclusion.kpi_score"),
    DASH if report.score is None else fmt_number(report.score, 2),
    help=t("inclusion.kpi_score_help"),
)
first_share_hidden = is_masked(report.first_time) or is_masked(report.returning)
kpi[3].metric(
    t("inclusion.kpi_first_time"),
    DASH if report.first_time_share is None or first_share_hidden else fmt_percent(report.first_time_share),
    help=t("inclusion.kpi_first_time_help", n=MASK_BELOW),
)

if not report.participants:
    st.info(t("inclusion.empty"), icon=":material/info:")
    st.stop()

# --- flags ------------------------------------------------------------------------------

st.subheader(t("inclusion.flags_title"))
if report.gaps:
    lines = []
    for gap in report.gaps:
        label = literal(value_label(gap.dimension, gap.value))
        if gap.dimension == "stakeholder_group":
            key = "inclusion.flag_missing" if gap.participants == 0 else "inclusion.flag_few"
            lines.append(t(key, group=label, count=count_text(gap.participants)))
        elif gap.participants and is_masked(gap.participants):
            lines.append(
                t(
                    "inclusion.flag_under_masked",
                    value=label,
                    dimension=t(f"inclusion.dim_{gap.dimension}"),
                    n=MASK_BELOW,
                )
            )
        else:
            lines.append(
                t(
                    "inclusion.flag_under",
                    value=label,
                    dimension=t(f"inclusion.dim_{gap.dimension}"),
                    count=count_text(gap.participants),
                    ratio=fmt_number(gap.ratio or 0, 2),
                )
            )
    st.warning(
        t("inclusion.flags_intro") + "\n\n" + "\n".join(f"- {line}" for line in lines),
        icon=":material/campaign:",
    )
else:
    st.success(t("inclusion.flags_none", few=FEW), icon=":material/check_circle:")
st.caption(t("inclusion.flags_rule", few=FEW, threshold=fmt_number(UNDER_REPRESENTED, 1)))

# --- stakeholder groups -----------------------------------------------------------------

st.subheader(t("inclusion.groups_title"))
group_rows = [r for r in report.groups.rows if r.participants or r.target]
chart_rows = [r for r in group_rows if not is_masked(r.participants)]
st.plotly_chart(
    marked_bars(
        [group_label(r.value) for r in chart_rows],
        [r.participants for r in chart_rows],
        [r.target for r in chart_rows],
        title=t("inclusion.chart_groups"),
        x_title=t("inclusion.axis_participants"),
        marked_name=t("inclusion.series_target"),
        other_name=t("inclusion.series_other"),
    ),
    width="stretch",
    key="inclusion_groups_chart",
)
if len(chart_rows) < len(group_rows):
    st.caption(t("inclusion.left_out", n=MASK_BELOW))
table_view(
    {
        t("inclusion.col_group"): [group_label(r.value) for r in group_rows],
        t("inclusion.col_target"): [t("common.yes") if r.target else t("common.no") for r in group_rows],
        t("inclusion.col_participants"): [count_text(r.participants) for r in group_rows],
        t("inclusion.col_share"): [share_text(r.share, r.participants) for r in group_rows],
    },
    "inclusion_groups_table",
)

# --- age bands and areas ----------------------------------------------------------------


def population_section(dim: Dimension, setting: str) -> None:
    name = dim.key
    st.subheader(t(f"inclusion.{name}_title"))
    rows = [r for r in dim.rows if r.participants or r.population is not None]
    compared = [r for r in rows if r.population is not None]
    if not dim.answered:
        st.info(t(f"inclusion.nobody_answered_{name}"), icon=":material/info:")
    elif not compared:
        st.info(t("inclusion.no_population", setting=setting), icon=":material/info:")
    else:
        left_out = any(r.participants and is_masked(r.participants) for r in compared)
        among = [percent(r.share, r.participants) for r in compared]
        st.plotly_chart(
            grouped_horizontal_bars(
                [value_label(name, r.value) for r in compared],
                [
                    (t("inclusion.series_participants"), among, BLUE),
                    (t("inclusion.series_population"), [percent(r.population) for r in compared], ORANGE),
                ],
                title=t(f"inclusion.chart_{name}"),
                x_title=t("inclusion.axis_share"),
            ),
            width="stretch",
            key=f"inclusion_{name}_chart",
        )
        if left_out:
            st.caption(t("inclusion.left_out_share", n=MASK_BELOW))
        st.markdown(
            t(
                "inclusion.score_line",
                score=DASH if dim.score is None else fmt_number(dim.score, 2),
            )
        )
    table_view(
        {
            t(f"inclusion.col_{name}"): [value_label(name, r.value) for r in rows],
            t("inclusion.col_participants"): [count_text(r.participants) for r in rows],
            t("inclusion.col_share"): [share_text(r.share, r.participants) for r in rows],
            t("inclusion.col_population"): [
                DASH if r.population is None else fmt_percent(r.population, 0) for r in rows
            ],
            t("inclusion.col_ratio"): [
                DASH if r.ratio is None or is_masked(r.participants) else fmt_number(r.ratio, 2) for r in rows
            ],
        },
        f"inclusion_{name}_table",
    )


population_section(report.age, "SAMSKAB_POPULATION_AGE_SHARES")
population_section(report.area, "SAMSKAB_POPULATION_AREA_SHARES")
st.caption(t("inclusion.ratio_rule", threshold=fmt_number(UNDER_REPRESENTED, 1)))

# --- first time and returning -----------------------------------------------------------

st.subheader(t("inclusion.first_title"))
st.markdown(
    t(
        "inclusion.first_line",
        first=count_text(report.first_time),
        returning=count_text(report.returning),
        unknown=count_text(report.first_time_not_given),
        share=DASH
        if report.first_time_share is None or first_share_hidden
        else fmt_percent(report.first_time_share),
    )
)
st.caption(t("inclusion.first_help"))

# --- ideas and dots by group ------------------------------------------------------------

st.subheader(t("inclusion.contrib_title"))
if not report.ideas and not report.dots:
    st.info(t("inclusion.no_ideas"), icon=":material/info:")
else:
    contributions = [c for c in report.contributions if c.participants or c.ideas or c.dots]

    def hidden(c: inclusion.Contribution) -> bool:
        # A group of 1-4 people shows nothing but "< 5": its ideas and dots would describe them.
        return is_masked(c.participants)

    def brought(count: int, c: inclusion.Contribution) -> str:
        return DASH if hidden(c) else count_text(count)

    def brought_share(share: float | None, count: int, c: inclusion.Contribution) -> str:
        return DASH if hidden(c) else share_text(share, count)

    shown = [c for c in contributions if not hidden(c)]
    st.plotly_chart(
        grouped_horizontal_bars(
            [group_label(c.group) for c in shown],
            [
                (
                    t("inclusion.series_people"),
                    [percent(c.participants / report.participants) for c in shown],
                    ORANGE,
                ),
                (t("inclusion.series_ideas"), [percent(c.idea_share, c.ideas) for c in shown], BLUE),
                (t("inclusion.series_dots"), [percent(c.dot_share, c.dots) for c in shown], VERMILLION),
            ],
            title=t("inclusion.chart_contrib"),
            x_title=t("inclusion.axis_share"),
        ),
        width="stretch",
        key="inclusion_contrib_chart",
    )
    if len(shown) < len(contributions) or any(is_masked(c.ideas) or is_masked(c.dots) for c in shown):
        st.caption(t("inclusion.left_out_contrib", n=MASK_BELOW))
    table_view(
        {
            t("inclusion.col_group"): [group_label(c.group) for c in contributions],
            t("inclusion.col_participants"): [count_text(c.participants) for c in contributions],
            t("inclusion.col_ideas"): [brought(c.ideas, c) for c in contributions],
            t("inclusion.col_idea_share"): [brought_share(c.idea_share, c.ideas, c) for c in contributions],
            t("inclusion.col_dots"): [brought(c.dots, c) for c in contributions],
            t("inclusion.col_dot_share"): [brought_share(c.dot_share, c.dots, c) for c in contributions],
        },
        "inclusion_contrib_table",
    )

# --- bridging ---------------------------------------------------------------------------

st.subheader(t("bridging.title"))
st.markdown(t("bridging.explanation", min_group=bridging.MIN_GROUP))
tops = aggregate(bridging.top_lists, process_id=process_id, workshop_id=workshop_id, limit=5)
if not tops.by_dots:
    st.info(t("bridging.empty"), icon=":material/info:")
else:
    show_workshop = workshop_id is None

    def top_list(ideas: tuple[bridging.RankedIdea, ...]) -> None:
        # Text rather than a table: a long title stays readable in a half-width column on a tablet.
        for rank, idea in enumerate(ideas, start=1):
            st.markdown(f"**{rank}.** {literal(idea.title)}")
            line = t(
                "bridging.line",
                dots=fmt_int(idea.dots),
                voters=fmt_int(idea.voters),
                groups=fmt_int(idea.groups),
                score=fmt_number(idea.bridging, 2),
            )
            if show_workshop:
                line += " · " + literal(idea.workshop_title)
            st.caption(line)

    dots_col, bridging_col = st.columns(2)
    with dots_col:
        st.markdown(f"#### {t('bridging.by_dots')}")
        top_list(tops.by_dots)
    with bridging_col:
        st.markdown(f"#### {t('bridging.by_bridging')}")
        top_list(tops.by_bridging)
