"""Survey results by factor, and two waves compared (before/after); small groups stay hidden."""

from __future__ import annotations

from datetime import date

import streamlit as st

import clock
from components.charts import show_chart
from components.feedback import show_error
from components.literal import literal
from components.shell import guard, settings
from components.survey_charts import before_after, distribution, factor_means
from db.session import read_scope
from i18n import current_language, fmt_int, fmt_number, t, tn
from services.common.errors import DomainError
from services.surveys.instruments import Group, Instrument, all_instruments
from services.surveys.results import Comparison, WaveResults, compare_waves, wave_results
from services.surveys.waves import WaveRow, list_waves


def _wave_label(w: WaveRow) -> str:
    return tn("survey_results.wave_label", w.responses, title=w.title, state=t(f"survey_state.{w.state}"))


def _mean(value: float | None) -> str:
    return fmt_number(value, 2) if value is not None else t("survey_results.hidden")


def _change(value: float | None, language: str) -> str:
    if value is None:
        return t("survey_results.hidden")
    return f"{value:+.2f}".replace(".", "," if language != "en" else ".")


def _group(form: Instrument, group: Group, results: WaveResults, min_n: int, language: str) -> None:
    """One group of factors: their means as a chart and a table, then how the answers spread."""
    st.subheader(literal(group.label(language)))
    st.caption(literal(group.note(language)))
    by_factor = {f.key: f for f in results.factors}
    factors = [by_factor[f.key] for f in form.factors_of(group.key)]
    shown = [f for f in factors if not f.hidden]
    label = {f.key: form.factor(f.key).label(language) for f in factors}
    chart_col, table_col = st.columns([3, 2])
    with chart_col:
        if shown:
            show_chart(
                factor_means(
                    [label[f.key] for f in shown],
                    [f.mean for f in shown],
                    scale=(form.scale_min, form.scale_max),
                    title=t("survey_results.chart_means"),
                    x_title=t("survey_results.axis_mean", low=form.scale_min, high=form.scale_max),
                ),
                width="stretch",
                key=f"survey_results_means_{group.key}",
            )
        else:
            st.info(t("survey_results.all_hidden", min=fmt_int(min_n)), icon=":material/visibility_off:")
    with table_col:
        st.dataframe(
            {
                t("surveys.factor"): [label[f.key] for f in factors],
                t("survey_results.mean"): [_mean(f.mean) for f in factors],
                t("survey_results.n"): [f.n for f in factors],
            },
            hide_index=True,
            width="stretch",
        )
    if not shown:
        return
    points = form.scale_labels[language]
    shares = [[count / sum(f.distribution) for count in f.distribution] for f in shown]
    chart_col, table_col = st.columns([3, 2])
    with chart_col:
        show_chart(
            distribution(
                [label[f.key] for f in shown],
                shares,
                points,
                title=t("survey_results.chart_distribution"),
                x_title=t("survey_results.axis_share"),
            ),
            width="stretch",
            key=f"survey_results_distribution_{group.key}",
        )
    with table_col:
        table = {t("surveys.factor"): [label[f.key] for f in shown]}
        for i, point in enumerate(points):
            table[point] = [f"{row[i] * 100:.0f} %" for row in shares]
        st.dataframe(table, hide_index=True, width="stretch")


def _items(results: WaveResults, language: str) -> None:
    form = results.instrument
    with st.expander(t("survey_results.items")):
        item_text = {i.key: i.text(language) for i in form.items}
        st.dataframe(
            {
                t("surveys.factor"): [form.factor(i.factor).label(language) for i in results.items],
                t("surveys.item"): [item_text[i.key] for i in results.items],
                t("survey_results.mean"): [_mean(i.mean) for i in results.items],
                t("survey_results.n"): [i.n for i in results.items],
            },
            hide_index=True,
            width="stretch",
        )


def _results_tab(waves: list[WaveRow], min_n: int, today: date) -> None:
    language = current_language()
    by_id = {w.id: w for w in waves}
    closed_first = sorted(waves, key=lambda w: w.state != "closed")
    picked = st.selectbox(
        t("survey_results.pick"),
        [w.id for w in closed_first],
        format_func=lambda i: _wave_label(by_id[i]),
        key="survey_results_pick",
    )
    try:
        with read_scope() as session:
            results = wave_results(session, picked, min_responses=min_n, today=today)
    except DomainError as err:
        show_error(err)
        st.stop()
    form = results.instrument
    st.subheader(literal(results.wave.title))
    st.caption(literal(form.title(language)))
    st.metric(t("surveys.responses"), fmt_int(results.responses))
    if results.withheld == "open":
        st.info(tn("survey_results.open", results.responses), icon=":material/lock_clock:")
    elif results.withheld == "too_few":
        st.warning(
            tn("survey_results.too_few", results.responses, min=fmt_int(min_n)),
            icon=":material/visibility_off:",
        )
    else:
        for group in form.groups:
            _group(form, group, results, min_n, language)
        _items(results, language)


def _comparison(comparison: Comparison) -> None:
    language = current_language()
    form = comparison.before.instrument
    rows = comparison.rows
    shown = [r for r in rows if not r.hidden]
    label = {r.key: form.factor(r.key).label(language) for r in rows}
    chart_col, table_col = st.columns([3, 2])
    with chart_col:
        if shown:
            show_chart(
                before_after(
                    [label[r.key] for r in shown],
                    [r.mean_before for r in shown],
                    [r.mean_after for r in shown],
                    scale=(form.scale_min, form.scale_max),
                    title=t("survey_results.chart_compare"),
                    x_title=t("survey_results.axis_mean", low=form.scale_min, high=form.scale_max),
                    before_label=comparison.before.wave.title,
                    after_label=comparison.after.wave.title,
                ),
                width="stretch",
                key="survey_results_compare_chart",
            )
    with table_col:
        st.dataframe(
            {
                t("surveys.factor"): [label[r.key] for r in rows],
                t("survey_results.before"): [_mean(r.mean_before) for r in rows],
                t("survey_results.after"): [_mean(r.mean_after) for r in rows],
                t("survey_results.change"): [_change(r.change, language) for r in rows],
                t("survey_results.n_before"): [r.n_before for r in rows],
                t("survey_results.n_after"): [r.n_after for r in rows],
            },
            hide_index=True,
            width="stretch",
        )
    for group in form.groups:
        st.caption(f"{literal(group.label(language))}: {literal(group.note(language))}")


def _compare_tab(waves: list[WaveRow], min_n: int, today: date) -> None:
    by_id = {w.id: w for w in waves}
    st.caption(t("survey_results.compare_help"))
    closed = sorted((w for w in waves if w.state == "closed"), key=lambda w: (w.opens_on or today, w.id))
    if len(closed) < 2:
        st.info(t("survey_results.compare_none"), icon=":material/info:")
        return
    before_col, after_col = st.columns(2)
    before_id = before_col.selectbox(
        t("survey_results.before"),
        [w.id for w in closed],
        format_func=lambda i: _wave_label(by_id[i]),
        key="survey_results_before",
    )
    partners = [
        w.id for w in closed if w.instrument_key == by_id[before_id].instrument_key and w.id != before_id
    ]
    if not partners:
        st.info(t("survey_results.compare_no_partner"), icon=":material/info:")
        return
    after_id = after_col.selectbox(
        t("survey_results.after"),
        partners,
        index=len(partners) - 1,
        format_func=lambda i: _wave_label(by_id[i]),
        key=f"survey_results_after_{before_id}",
    )
    try:
        with read_scope() as session:
            comparison = compare_waves(session, before_id, after_id, min_responses=min_n, today=today)
    except DomainError as err:
        show_error(err)
        st.stop()
    if comparison.withheld:
        st.warning(t("survey_results.compare_withheld", min=fmt_int(min_n)), icon=":material/visibility_off:")
    else:
        _comparison(comparison)


guard("survey_results")
st.title(t("survey_results.title"))
min_n = settings().survey_min_responses
st.caption(t("survey_results.caption", min=fmt_int(min_n)))
today = clock.today()
forms = all_instruments()
with read_scope() as session:
    waves = [w for w in list_waves(session, today=today) if w.instrument_key in forms]
if not waves:
    st.info(t("surveys.empty"), icon=":material/info:")
    st.stop()
results_tab, compare_tab = st.tabs([t("survey_results.tab_wave"), t("survey_results.tab_compare")])
with results_tab:
    _results_tab(waves, min_n, today)
with compare_tab:
    _compare_tab(waves, min_n, today)
