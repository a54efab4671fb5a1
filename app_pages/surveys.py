"""Staff start survey waves, share the anonymous link and QR code, and close waves."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

import clock
from components.feedback import show_flash
from components.literal import literal
from components.qr import show_qr
from components.shell import guard, settings
from components.survey_links import survey_url
from components.time_targets import date_format
from db.session import read_scope
from i18n import LANGUAGE_NAMES, LANGUAGES, current_language, fmt_date, fmt_int, t, tn
from runtime.actions import run
from services.common.errors import InvalidInput
from services.surveys.instruments import Instrument, all_instruments
from services.surveys.waves import (
    TITLE_MAX,
    SurveyWave,
    WaveRow,
    close_wave,
    create_wave,
    list_waves,
    set_closes_on,
)
from services.volunteering import hours_choices


def _state(row: WaveRow) -> str:
    return t(f"survey_state.{row.state}")


def _waves_table(waves: list[WaveRow], titles: dict[str, str]) -> None:
    if not waves:
        st.info(t("surveys.empty"), icon=":material/info:")
        return
    st.dataframe(
        {
            t("field.title"): [w.title for w in waves],
            t("field.instrument"): [titles.get(w.instrument_key, w.instrument_key) for w in waves],
            t("field.process"): [w.process_title for w in waves],
            t("surveys.state"): [_state(w) for w in waves],
            t("field.opens_on"): [w.opens_on for w in waves],
            t("field.closes_on"): [w.closes_on for w in waves],
            t("surveys.responses"): [w.responses for w in waves],
        },
        hide_index=True,
        width="stretch",
        column_config={
            t("field.opens_on"): st.column_config.DateColumn(format="DD.MM.YYYY"),
            t("field.closes_on"): st.column_config.DateColumn(format="DD.MM.YYYY"),
        },
    )


def _link(wave: WaveRow, language: str) -> None:
    """The anonymous link in the language picked, as a QR code and as text."""
    link_language = (
        st.segmented_control(
            t("surveys.link_language"),
            LANGUAGES,
            default=language,
            format_func=LANGUAGE_NAMES.__getitem__,
            key=f"surveys_link_language_{wave.id}",
        )
        or language
    )
    url = survey_url(wave.link_token, link_language)
    qr_col, info_col = st.columns([2, 3])
    with qr_col:
        show_qr(
            url,
            caption=t("surveys.qr_caption"),
            download_label=t("surveys.qr_download"),
            file_name=f"survey-{wave.id}-{link_language}.png",
            key=f"surveys_qr_download_{wave.id}",
        )
    with info_col:
        st.write(t("surveys.link_label"))
        st.code(url, language=None)
        st.link_button(t("surveys.open_link"), url, icon=":material/open_in_new:")
        st.caption(t("surveys.link_help", min=fmt_int(settings().survey_min_responses)))
        if wave.state == "scheduled" and wave.opens_on is not None:  # scheduled: it opens on a later day
            st.warning(t("surveys.scheduled_info", date=fmt_date(wave.opens_on)), icon=":material/schedule:")


def _closes_on(me: dict, wave: WaveRow, today: date) -> None:
    with st.form(f"surveys_closes_form_{wave.id}"):
        closes_on = st.date_input(
            t("field.closes_on_optional"),
            value=wave.closes_on,
            min_value=today,
            format=date_format(),
            key=f"surveys_closes_on_{wave.id}",
        )
        if st.form_submit_button(t("surveys.save_closes_on")):
            run(
                lambda session: set_closes_on(session, wave.id, closes_on, by_user_id=me["id"], today=today),
                t("surveys.closes_on_saved"),
            )


def _close(me: dict, wave: WaveRow) -> None:
    with st.container(border=True):
        st.markdown(f"**{t('surveys.close_title')}**")
        st.write(t("surveys.close_help"))
        sure = st.checkbox(t("surveys.close_confirm"), key=f"surveys_close_confirm_{wave.id}")
        if st.button(t("surveys.close"), key="surveys_close", icon=":material/lock:"):

            def close(session):
                if not sure:
                    raise InvalidInput("error.confirm_first")
                close_wave(session, wave.id, by_user_id=me["id"])

            run(close, t("surveys.closed_saved", title=literal(wave.title)))


def _share_tab(me: dict, waves: list[WaveRow], titles: dict[str, str], today: date) -> None:
    if not waves:
        st.caption(t("surveys.empty"))
        return
    by_id = {w.id: w for w in waves}
    open_first = sorted(waves, key=lambda w: (w.state != "open", w.state != "scheduled"))
    if "surveys_pick_next" in st.session_state:  # a wave just created is shown first
        st.session_state["surveys_pick"] = st.session_state.pop("surveys_pick_next")
    picked = st.selectbox(
        t("surveys.pick"),
        [w.id for w in open_first],
        format_func=lambda i: f"{by_id[i].title} — {_state(by_id[i])}",
        key="surveys_pick",
    )
    wave = by_id[picked]
    st.subheader(literal(wave.title))
    st.caption(
        tn(
            "surveys.wave_caption",
            wave.responses,
            instrument=literal(titles.get(wave.instrument_key, wave.instrument_key)),
            state=_state(wave),
        )
    )
    if wave.state == "closed":
        st.info(t("surveys.closed_info"), icon=":material/lock:")
        st.page_link(
            "app_pages/survey_results.py", label=t("surveys.see_results"), icon=":material/bar_chart:"
        )
        return
    _link(wave, current_language())
    _closes_on(me, wave, today)
    _close(me, wave)


def _created(wave: SurveyWave) -> str:
    # The next run opens the share tab on the new wave, ready to hand out its link.
    st.session_state["surveys_pick_next"] = wave.id
    st.session_state["surveys_show_share"] = True
    return t("surveys.created", title=literal(wave.title))


def _new_tab(me: dict, titles: dict[str, str], choices: hours_choices.Choices, today: date) -> None:
    with st.form("surveys_new_form"):
        instrument_key = st.selectbox(
            t("field.instrument"), list(titles), format_func=titles.__getitem__, key="surveys_new_instrument"
        )
        title = st.text_input(
            t("field.title"),
            max_chars=TITLE_MAX,
            help=t("surveys.title_help"),
            key="surveys_new_title",
        )
        process_ids = [None, *(p.id for p in choices.processes)]
        process_labels = {p.id: p.label for p in choices.processes}
        process_id = st.selectbox(
            t("field.process_optional"),
            process_ids,
            index=process_ids.index(choices.running_process_id),
            format_func=lambda i: t("time.none") if i is None else process_labels[i],
            key="surveys_new_process",
        )
        open_col, close_col = st.columns(2)
        opens_on = open_col.date_input(
            t("field.opens_on"), value=today, format=date_format(), key="surveys_new_opens_on"
        )
        closes_on = close_col.date_input(
            t("field.closes_on_optional"),
            value=today + timedelta(days=14),
            min_value=today,
            format=date_format(),
            key="surveys_new_closes_on",
        )
        if st.form_submit_button(t("surveys.create"), type="primary"):
            run(
                lambda session: create_wave(
                    session,
                    instrument_key=instrument_key,
                    title=title,
                    process_id=process_id,
                    opens_on=opens_on,
                    closes_on=closes_on,
                    by_user_id=me["id"],
                    today=today,
                ),
                _created,
            )


def _instruments_tab(forms: dict[str, Instrument], language: str) -> None:
    st.caption(t("surveys.instruments_help"))
    for form in forms.values():
        with st.expander(literal(form.title(language))):
            st.write(literal(form.intro(language)))
            st.caption(
                t(
                    "surveys.scale",
                    labels=literal(" · ".join(form.scale_labels[language])),
                    audience=t(f"survey_audience.{form.audience}"),
                )
            )
            st.dataframe(
                {
                    t("surveys.factor"): [form.factor(i.factor).label(language) for i in form.items],
                    t("surveys.item"): [i.text(language) for i in form.items],
                },
                hide_index=True,
                width="stretch",
            )


me = guard("surveys")
st.title(t("surveys.title"))
st.caption(t("surveys.caption"))
show_flash()
today = clock.today()
forms = all_instruments()
titles = {key: form.title(current_language()) for key, form in forms.items()}
with read_scope() as session:
    waves = list_waves(session, today=today)
    choices = hours_choices.choices(session, today=today)

_waves_table(waves, titles)
if st.session_state.pop("surveys_show_share", False):  # a wave just created: show its link
    st.session_state["surveys_tabs"] = t("surveys.tab_share")
share_tab, new_tab, instruments_tab = st.tabs(
    [t("surveys.tab_share"), t("surveys.tab_new"), t("surveys.tab_instruments")],
    key="surveys_tabs",
    on_change="rerun",
)
with share_tab:
    _share_tab(me, waves, titles, today)
with new_tab:
    _new_tab(me, titles, choices, today)
with instruments_tab:
    _instruments_tab(forms, current_language())
