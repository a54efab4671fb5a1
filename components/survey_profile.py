"""One survey instrument on the dashboard: its factor means, two waves compared or the one there is."""

from __future__ import annotations

import streamlit as st

from components.charts import show_chart
from components.literal import literal
from components.survey_charts import before_after, factor_means
from components.table_view import table_view
from i18n import fmt_int, fmt_number, t, tn
from services.insight.survey_figures import FactorFigures, SurveyProfile
from services.surveys.instruments import instrument


def _mean(value: float | None) -> str:
    return fmt_number(value, 2) if value is not None else t("survey_results.hidden")


def _change(f: FactorFigures) -> str:
    if f.mean_after is None or f.mean_before is None:
        return t("survey_results.hidden")
    return fmt_number(f.mean_after - f.mean_before, 2)


def survey_profile(profile: SurveyProfile, language: str, *, key: str, table_label: str) -> None:
    """A heading, what was asked of whom, a chart of the factors shown and a table of them all.

    Factors hidden for too few answers stay out of the chart; the table names them as hidden.
    """
    form = instrument(profile.instrument_key)
    st.subheader(literal(form.title(language)))
    label = {f.key: form.factor(f.key).label(language) for f in profile.factors}
    shown = [f for f in profile.factors if not f.hidden]
    names = [label[f.key] for f in shown]
    scale = (form.scale_min, form.scale_max)
    axis = t("survey_results.axis_mean", low=scale[0], high=scale[1])
    # A second wave comes with both its title and its count.
    if profile.after_title is not None and profile.after_responses is not None:
        st.caption(
            t(
                "dashboard.surveys.compared",
                before=literal(profile.before_title),
                after=literal(profile.after_title),
                n_before=fmt_int(profile.before_responses),
                n_after=fmt_int(profile.after_responses),
            )
        )
        chart = before_after(
            names,
            [f.mean_before for f in shown],
            [f.mean_after for f in shown],
            scale=scale,
            title=t("survey_results.chart_compare"),
            x_title=axis,
            before_label=t("survey_results.before"),
            after_label=t("survey_results.after"),
        )
        figures: dict[str, list[str] | list[int]] = {
            t("survey_results.before"): [_mean(f.mean_before) for f in profile.factors],
            t("survey_results.after"): [_mean(f.mean_after) for f in profile.factors],
            t("survey_results.change"): [_change(f) for f in profile.factors],
        }
    else:
        st.caption(
            tn(
                "dashboard.surveys.one_wave",
                profile.before_responses,
                title=literal(profile.before_title),
            )
        )
        chart = factor_means(
            names,
            [f.mean_before for f in shown],
            scale=scale,
            title=t("survey_results.chart_means"),
            x_title=axis,
        )
        figures = {
            t("survey_results.mean"): [_mean(f.mean_before) for f in profile.factors],
            t("survey_results.n"): [f.n_before for f in profile.factors],
        }
    if shown:
        show_chart(chart, key=f"{key}_chart")
    table_view(
        table_label, {t("surveys.factor"): [label[f.key] for f in profile.factors], **figures}, f"{key}_table"
    )
