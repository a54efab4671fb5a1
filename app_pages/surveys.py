"""Staff start survey waves, share the anonymous link and QR code, and close waves."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

import clock
from components.feedback import flash, show_error, show_flash
from components.literal import literal
from components.qr import show_qr
from components.shell import guard, settings
from components.survey_links import survey_url
from components.time_targets import date_format
from db.session import read_scope, session_scope
from i18n import LANGUAGE_NAMES, LANGUAGES, current_language, fmt_date, fmt_int, t
from services.common.errors import DomainError, InvalidInput
from services.surveys.instruments import all_instruments
from services.surveys.waves import TITLE_MAX, WaveRow, close_wave, create_wave, list_waves, set_closes_on
from services.volunteering import hours

me = guard("surveys")
st.title(t("surveys.title"))
st.caption(t("surveys.caption"))
show_flash()
today = clock.today()
language = current_language()
forms = all_instruments()

with read_scope() as session:
    waves = list_waves(session, today=today)
    choices = hours.choices(session, today=today)
    processes = choices.processes


def _instrument_title(key: str) -> str:
    return forms[key].title(language) if key in forms else key


def _state(row: WaveRow) -> str:
    return t(f"survey_state.{row.state}")


if waves:
    st.dataframe(
        {
            t("field.title"): [w.title for w in waves],
            t("field.instrument"): [_instrument_title(w.instrument_key) for w in waves],
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
else:
    st.info(t("surveys.empty"), icon=":material/info:")

if st.session_state.pop("surveys_show_share", False):  # a wave just created: show its link
    st.session_state["surveys_tabs"] = t("surveys.tab_share")
share_tab, new_tab, instruments_tab = st.tabs(
    [t("surveys.tab_share"), t("surveys.tab_new"), t("surveys.tab_instruments")],
    key="surveys_tabs",
    on_change="rerun",
)

with share_tab:
    if not waves:
        st.caption(t("surveys.empty"))
    else:
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
            t(
                "surveys.wave_caption",
                instrument=literal(_instrument_title(wave.instrument_key)),
                state=_state(wave),
                responses=fmt_int(wave.responses),
            )
        )
        if wave.state == "closed":
            st.info(t("surveys.closed_info"), icon=":material/lock:")
            st.page_link(
                "app_pages/survey_results.py", label=t("surveys.see_results"), icon=":material/bar_chart:"
            )
        else:
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
                if wave.state == "scheduled":
                    st.warning(
                        t("surveys.scheduled_info", date=fmt_date(wave.opens_on)), icon=":material/schedule:"
                    )

            with st.form(f"surveys_closes_form_{wave.id}"):
                new_close = st.date_input(
                    t("field.closes_on_optional"),
                    value=wave.closes_on,
                    min_value=today,
                    format=date_format(),
                    key=f"surveys_closes_on_{wave.id}",
                )
                if st.form_submit_button(t("surveys.save_closes_on")):
                    try:
                        with session_scope() as session:
                            set_closes_on(session, wave.id, new_close, by_user_id=me["id"], today=today)
                    except DomainError as err:
                        show_error(err)
                    else:
                        flash(t("surveys.closes_on_saved"))

            with st.container(border=True):
                st.markdown(f"**{t('surveys.close_title')}**")
                st.write(t("surveys.close_help"))
                sure = st.checkbox(t("surveys.close_confirm"), key=f"surveys_close_confirm_{wave.id}")
                if st.button(t("surveys.close"), key="surveys_close", icon=":material/lock:"):
                    try:
                        if not sure:
                            raise InvalidInput("error.confirm_first")
                        with session_scope() as session:
                            close_wave(session, wave.id, by_user_id=me["id"])
                    except DomainError as err:
                        show_error(err)
                    else:
                        flash(t("surveys.closed_saved", title=literal(wave.title)))

with new_tab, st.form("surveys_new_form"):
    instrument_key = st.selectbox(
        t("field.instrument"),
        list(forms),
        format_func=_instrument_title,
        key="surveys_new_instrument",
    )
    title = st.text_input(
        t("field.title"), max_chars=TITLE_MAX, help=t("surveys.title_help"), key="surveys_new_title"
    )
    process_ids = [None, *(p.id for p in processes)]
    process_labels = {p.id: p.label for p in processes}
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
        try:
            with session_scope() as session:
                created = create_wave(
                    session,
                    instrument_key=instrument_key,
                    title=title,
                    process_id=process_id,
                    opens_on=opens_on,
                    closes_on=closes_on,
                    by_user_id=me["id"],
                    today=today,
                )
                done = t("surveys.created", title=literal(created.title))
                st.session_state["surveys_pick_next"] = created.id
                st.session_state["surveys_show_share"] = True
        except DomainError as err:
            show_error(err)
        else:
            flash(done)

with instruments_tab:
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
