"""Participation and inclusion: who took part against the target groups and the population; bridging ideas."""

from __future__ import annotations

import streamlit as st

from components.charts import show_chart
from components.feedback import show_error, show_flash
from components.inclusion_charts import marked_bars
from components.inclusion_figures import (
    DASH,
    count_text,
    group_label,
    percent,
    population_comparison,
    share_text,
    value_label,
)
from components.literal import literal
from components.resource_charts import BLUE, ORANGE, VERMILLION, grouped_horizontal_bars
from components.shell import guard
from components.table_view import table_view
from i18n import fmt_int, fmt_number, fmt_percent, t
from runtime.actions import run
from runtime.aggregates import at_current_version
from runtime.municipality import municipality
from services.admin.permissions import can_set_target_groups
from services.common.errors import DomainError
from services.insight import bridging, inclusion, representation, target_groups
from services.insight.representation import FEW, MASK_BELOW, UNDER_REPRESENTED, is_masked
from vocabulary import STAKEHOLDER_GROUPS


def _table_view(columns: dict[str, list], key: str) -> None:
    table_view(t("inclusion.table_view"), columns, key)


def _what_to_look_at(choices: inclusion.Scopes) -> tuple[int | None, int | None]:
    """The process (the newest preselected) and, within it, one workshop or all."""
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
    return process_id, workshop_id


def _target_groups(me: dict, process_id: int, current: tuple[str, ...]) -> None:
    with st.container(border=True):
        st.subheader(t("inclusion.targets_title"))
        if can_set_target_groups(me["role"]):
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
                    run(
                        lambda session: target_groups.set_target_groups(
                            session, process_id, chosen, by_user_id=me["id"]
                        ),
                        t("inclusion.targets_saved"),
                    )
        elif current:
            st.markdown(t("inclusion.targets_readonly", groups=", ".join(t(f"group.{g}") for g in current)))
        else:
            st.markdown(t("inclusion.targets_none_readonly"))
        if not current:
            st.caption(t("inclusion.targets_none"))


def _first_time_share(report: inclusion.Report) -> str:
    # Hidden when either side is masked: the share and the total would give the other away.
    hidden = is_masked(report.first_time) or is_masked(report.returning)
    return DASH if report.first_time_share is None or hidden else fmt_percent(report.first_time_share)


def _headline(report: inclusion.Report) -> None:
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
    kpi[3].metric(
        t("inclusion.kpi_first_time"),
        _first_time_share(report),
        help=t("inclusion.kpi_first_time_help", n=MASK_BELOW),
    )


def _flag(gap: representation.Gap) -> str:
    label = literal(value_label(gap.dimension, gap.value))
    if gap.dimension == "stakeholder_group":
        key = "inclusion.flag_missing" if gap.participants == 0 else "inclusion.flag_few"
        return t(key, group=label, count=count_text(gap.participants))
    dimension = t(f"inclusion.dim_{gap.dimension}")
    if gap.participants and is_masked(gap.participants):
        return t("inclusion.flag_under_masked", value=label, dimension=dimension, n=MASK_BELOW)
    return t(
        "inclusion.flag_under",
        value=label,
        dimension=dimension,
        count=count_text(gap.participants),
        ratio=fmt_number(gap.ratio or 0, 2),
    )


def _flags(report: inclusion.Report) -> None:
    st.subheader(t("inclusion.flags_title"))
    if report.gaps:
        st.warning(
            t("inclusion.flags_intro") + "\n\n" + "\n".join(f"- {_flag(gap)}" for gap in report.gaps),
            icon=":material/campaign:",
        )
    else:
        st.success(t("inclusion.flags_none", few=FEW), icon=":material/check_circle:")
    st.caption(t("inclusion.flags_rule", few=FEW, threshold=fmt_number(UNDER_REPRESENTED, 1)))


def _stakeholder_groups(report: inclusion.Report) -> None:
    st.subheader(t("inclusion.groups_title"))
    rows = [r for r in report.groups.rows if r.participants or r.target]
    charted = [r for r in rows if not is_masked(r.participants)]
    show_chart(
        marked_bars(
            [group_label(r.value) for r in charted],
            [r.participants for r in charted],
            [r.target for r in charted],
            title=t("inclusion.chart_groups"),
            x_title=t("inclusion.axis_participants"),
            marked_name=t("inclusion.series_target"),
            other_name=t("inclusion.series_other"),
        ),
        width="stretch",
        key="inclusion_groups_chart",
    )
    if len(charted) < len(rows):
        st.caption(t("inclusion.left_out", n=MASK_BELOW))
    _table_view(
        {
            t("inclusion.col_group"): [group_label(r.value) for r in rows],
            t("inclusion.col_target"): [t("common.yes") if r.target else t("common.no") for r in rows],
            t("inclusion.col_participants"): [count_text(r.participants) for r in rows],
            t("inclusion.col_share"): [share_text(r.share, r.participants) for r in rows],
        },
        "inclusion_groups_table",
    )


def _first_time(report: inclusion.Report) -> None:
    st.subheader(t("inclusion.first_title"))
    st.markdown(
        t(
            "inclusion.first_line",
            first=count_text(report.first_time),
            returning=count_text(report.returning),
            unknown=count_text(report.first_time_not_given),
            share=_first_time_share(report),
        )
    )
    st.caption(t("inclusion.first_help"))


def _contributions(report: inclusion.Report) -> None:
    """Ideas and dots by stakeholder group, against each group's share of the participants."""
    st.subheader(t("inclusion.contrib_title"))
    if not report.ideas and not report.dots:
        st.info(t("inclusion.no_ideas"), icon=":material/info:")
        return
    groups = [c for c in report.contributions if c.participants or c.ideas or c.dots]

    def hidden(c: inclusion.Contribution) -> bool:
        # A group of 1-4 people shows nothing but "< 5": its ideas and dots would describe them.
        return is_masked(c.participants)

    def brought(count: int, c: inclusion.Contribution) -> str:
        return DASH if hidden(c) else count_text(count)

    def brought_share(share: float | None, count: int, c: inclusion.Contribution) -> str:
        return DASH if hidden(c) else share_text(share, count)

    shown = [c for c in groups if not hidden(c)]
    show_chart(
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
    if len(shown) < len(groups) or any(is_masked(c.ideas) or is_masked(c.dots) for c in shown):
        st.caption(t("inclusion.left_out_contrib", n=MASK_BELOW))
    _table_view(
        {
            t("inclusion.col_group"): [group_label(c.group) for c in groups],
            t("inclusion.col_participants"): [count_text(c.participants) for c in groups],
            t("inclusion.col_ideas"): [brought(c.ideas, c) for c in groups],
            t("inclusion.col_idea_share"): [brought_share(c.idea_share, c.ideas, c) for c in groups],
            t("inclusion.col_dots"): [brought(c.dots, c) for c in groups],
            t("inclusion.col_dot_share"): [brought_share(c.dot_share, c.dots, c) for c in groups],
        },
        "inclusion_contrib_table",
    )


def _top_list(ideas: tuple[bridging.RankedIdea, ...], show_workshop: bool) -> None:
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


def _bridging(tops: bridging.TopLists, workshop_id: int | None) -> None:
    st.subheader(t("bridging.title"))
    st.markdown(t("bridging.explanation", min_group=bridging.MIN_GROUP))
    if not tops.by_dots:
        st.info(t("bridging.empty"), icon=":material/info:")
        return
    dots_col, bridging_col = st.columns(2)
    with dots_col:
        st.markdown(f"#### {t('bridging.by_dots')}")
        _top_list(tops.by_dots, show_workshop=workshop_id is None)
    with bridging_col:
        st.markdown(f"#### {t('bridging.by_bridging')}")
        _top_list(tops.by_bridging, show_workshop=workshop_id is None)


me = guard("inclusion")
# One data version for every figure of this run.
aggregate = at_current_version()
st.title(t("nav.inclusion"))
st.caption(t("inclusion.caption", n=MASK_BELOW))
show_flash()
choices = aggregate(inclusion.scopes)
if not choices.processes:
    st.info(t("inclusion.no_processes"), icon=":material/info:")
    st.stop()
process_id, workshop_id = _what_to_look_at(choices)
if process_id is not None:
    _target_groups(me, process_id, aggregate(target_groups.target_groups, process_id=process_id))
here = municipality()
try:
    report = aggregate(
        inclusion.report,
        process_id=process_id,
        workshop_id=workshop_id,
        age_shares=here.age_shares,
        area_shares=here.area_shares,
    )
except DomainError as err:
    show_error(err)
    st.stop()

_headline(report)
if not report.participants:
    st.info(t("inclusion.empty"), icon=":material/info:")
    st.stop()
_flags(report)
_stakeholder_groups(report)
population_comparison(report.age, "SAMSKAB_POPULATION_AGE_SHARES")
population_comparison(report.area, "SAMSKAB_POPULATION_AREA_SHARES")
st.caption(t("inclusion.ratio_rule", threshold=fmt_number(UNDER_REPRESENTED, 1)))
_first_time(report)
_contributions(report)
_bridging(aggregate(bridging.top_lists, process_id=process_id, workshop_id=workshop_id, limit=5), workshop_id)
