"""Answering a survey wave from its public link: no login, one response per device, anonymous."""

from __future__ import annotations

import streamlit as st

import clock
from components.device_token import device_token
from components.feedback import show_error
from components.literal import literal
from components.shell import language_switch, settings
from components.tablet import touch_friendly
from db.session import read_scope, session_scope
from i18n import current_language, fmt_date, t
from services.common.errors import DomainError
from services.surveys import responses, waves
from services.surveys.instruments import instrument

touch_friendly()
# Static CSS only: the statements are the point of the page, so they read at a larger size.
st.html(
    "<style>[data-testid='stMain'] [data-testid='stWidgetLabel'] p "
    "{ font-size: 1.1rem; line-height: 1.45; }</style>"
)
language_switch(where="top", keep_in_url=True)
language = current_language()
link = st.query_params.get("s", "")
today = clock.today()

try:
    with read_scope() as session:
        wave = waves.wave_by_token(session, link)
        state = waves.wave_state(wave, today)
        opens_on, wave_title = wave.opens_on, wave.title
    form = instrument(wave.instrument_key)
except DomainError as err:
    st.title(t("survey.title"))
    show_error(err)
    st.stop()

st.title(literal(form.title(language)))
st.caption(literal(wave_title))
if state == "scheduled":
    st.info(t("survey.not_open_yet", date=fmt_date(opens_on)), icon=":material/schedule:")
    st.stop()
if state == "closed":
    st.info(t("survey.closed"), icon=":material/lock:")
    st.stop()

device = device_token()
if device is None:
    # The browser answers within a moment and the page runs again with the token.
    st.caption(t("survey.preparing"))
    st.stop()

answered_key = f"survey_answered_{link}"
try:
    with read_scope() as session:
        answered = st.session_state.get(answered_key) or responses.has_answered(session, wave, device)
except DomainError as err:
    show_error(err)
    st.stop()

if answered:
    st.success(t("survey.thanks"), icon=":material/favorite:")
    st.write(t("survey.already_answered"))
    st.caption(t("survey.anonymity", min=settings().survey_min_responses))
    st.stop()

st.write(literal(form.intro(language)))
with st.expander(t("survey.anonymity_title"), icon=":material/shield_person:"):
    st.write(t("survey.anonymity", min=settings().survey_min_responses))

labels = dict(zip(form.points, form.scale_labels[language], strict=True))
with st.form("survey_form", border=False):
    number = 0
    for group in form.groups:
        st.subheader(literal(group.label(language)))
        st.caption(literal(group.note(language)))
        # The instrument file's order, so its authors decide how items follow each other.
        for item in (i for i in form.items if form.factor(i.factor).group == group.key):
            number += 1
            st.pills(
                literal(f"{number}. {item.text(language)}"),
                form.points,
                format_func=labels.__getitem__,
                key=f"survey_{item.key}",
            )
    st.caption(t("survey.skip_hint"))
    send = st.form_submit_button(t("survey.submit"), type="primary", width="stretch")

if send:
    answers = {item.key: st.session_state.get(f"survey_{item.key}") for item in form.items}
    try:
        with session_scope() as session:
            responses.submit_response(session, link, device, answers, today=today)
    except DomainError as err:
        show_error(err)
    else:
        st.session_state[answered_key] = True
        st.rerun()
