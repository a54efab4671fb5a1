"""Inclusion figures as they may be shown: counts of 1–4 masked, and no share that would reveal one."""

from __future__ import annotations

import streamlit as st

from components.charts import show_chart
from components.resource_charts import BLUE, ORANGE, grouped_horizontal_bars
from components.table_view import table_view
from i18n import fmt_int, fmt_number, fmt_percent, t
from services.insight.inclusion import NOT_GIVEN
from services.insight.representation import MASK_BELOW, Dimension, is_masked, masked

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


def population_comparison(dim: Dimension, setting: str) -> None:
    """Participants against the population on one dimension (age bands, areas), then its table.

    `setting` names where the population's shares are configured, for when none are.
    """
    name = dim.key
    st.subheader(t(f"inclusion.{name}_title"))
    rows = [r for r in dim.rows if r.participants or r.population is not None]
    compared = [r for r in rows if r.population is not None]
    if not dim.answered:
        st.info(t(f"inclusion.nobody_answered_{name}"), icon=":material/info:")
    elif not compared:
        st.info(t("inclusion.no_population", setting=setting), icon=":material/info:")
    else:
        show_chart(
            grouped_horizontal_bars(
                [value_label(name, r.value) for r in compared],
                [
                    (
                        t("inclusion.series_participants"),
                        [percent(r.share, r.participants) for r in compared],
                        BLUE,
                    ),
                    (t("inclusion.series_population"), [percent(r.population) for r in compared], ORANGE),
                ],
                title=t(f"inclusion.chart_{name}"),
                x_title=t("inclusion.axis_share"),
            ),
            width="stretch",
            key=f"inclusion_{name}_chart",
        )
        if any(r.participants and is_masked(r.participants) for r in compared):
            st.caption(t("inclusion.left_out_share", n=MASK_BELOW))
        score = DASH if dim.score is None else fmt_number(dim.score, 2)
        st.markdown(t("inclusion.score_line", score=score))
    table_view(
        t("inclusion.table_view"),
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
