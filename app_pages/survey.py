"""Answering a survey wave from its public link: no login, one response per device, anonymous."""

from __future__ import annotations

import html
from datetime import date

import streamlit as st

import clock
from components.device_token import device_token
from components.feedback import show_error
from components.literal import literal
from components.shell import language_switch, settings
from components.tablet import touch_friendly
from db.session import read_scope
from i18n import current_language, fmt_date, t
from runtime.actions import run
from services.common.errors import DomainError
from services.surveys.instruments import Instrument, instrument
from services.surveys.responses import has_answered, submit_response
from services.surveys.waves import SurveyWave, wave_by_token, wave_state


def _larger_statements() -> None:
    # Static CSS only: the statements are the point of the page, so they read at a larger size.
    st.html(
        "<style>[data-testid='stMain'] :is([data-testid='stWidgetLabel'] p, p.survey-statement) "
        "{ font-size: 1.1rem; line-height: 1.45; } p.survey-statement { margin: 0 0 0.5rem; }</style>"
    )


def _wave(link: str, today: date) -> tuple[SurveyWave, Instrument, str]:
    """The wave behind the link, its instrument and its state today; without one, why not, and stop."""
    try:
        with read_scope() as session:
            wave = wave_by_token(session, link)
            state = wave_state(wave, today)
        return wave, instrument(wave.instrument_key), state
    except DomainError as err:
        st.title(t("survey.title"))
        show_error(err)
        st.stop()


def _already_answered(wave: SurveyWave, device: str, answered_key: str) -> bool:
    try:
        with read_scope() as session:
            return st.session_state.get(answered_key) or has_answered(session, wave, device)
    except DomainError as err:
        show_error(err)
        st.stop()


def _thanks() -> None:
    st.success(t("survey.thanks"), icon=":material/favorite:")
    st.write(t("survey.already_answered"))
    st.caption(t("survey.anonymity", min=settings().survey_min_responses))


def _statement(text: str, points: tuple, labels: dict, key: str) -> None:
    """One statement and the scale to answer it with.

    Streamlit names the answer group with its label exactly as given, so a label escaped
    for Markdown would be read out with its backslashes. The group is named with the plain
    statement instead, its own label hidden, and the page shows the statement as HTML-escaped
    text that screen readers skip (they hear it as the group's name), as Streamlit does with
    its own labels.
    """
    with st.container(gap=None):
        st.html(f'<p class="survey-statement" aria-hidden="true">{html.escape(text)}</p>')
        st.pills(text, points, format_func=labels.__getitem__, key=key, label_visibility="collapsed")


def _questions(form: Instrument, language: str) -> bool:
    """The statements group by group, each with the scale to pick from; True when sent."""
    st.write(literal(form.intro(language)))
    with st.expander(t("survey.anonymity_title"), icon=":material/shield_person:"):
        st.write(t("survey.anonymity", min=settings().survey_min_responses))
    labels = dict(zip(form.points, form.scale_labels[language], strict=True))
    with st.form("survey_form", border=False):
        number = 0
        for group in form.groups:
            st.header(literal(group.label(language)))
            st.caption(literal(group.note(language)))
            # The instrument file's order, so its authors decide how items follow each other.
            for item in (i for i in form.items if form.factor(i.factor).group == group.key):
                number += 1
                _statement(f"{number}. {item.text(language)}", form.points, labels, f"survey_{item.key}")
        st.caption(t("survey.skip_hint"))
        return st.form_submit_button(t("survey.submit"), type="primary", width="stretch")


def _send(form: Instrument, link: str, device: str, answered_key: str, today: date) -> None:
    answers = {item.key: st.session_state.get(f"survey_{item.key}") for item in form.items}
    # Nothing to flash: once answered, the page shows its thanks in place of the form.
    if run(lambda session: submit_response(session, link, device, answers, today=today), lambda _: None):
        st.session_state[answered_key] = True
        st.rerun()


touch_friendly()
_larger_statements()
language_switch(where="top", keep_in_url=True)
language = current_language()
link = st.query_params.get("s", "")
today = clock.today()
wave, form, state = _wave(link, today)
st.title(literal(form.title(language)))
st.caption(literal(wave.title))
if state == "scheduled" and wave.opens_on is not None:  # scheduled: it opens on a later day
    st.info(t("survey.not_open_yet", date=fmt_date(wave.opens_on)), icon=":material/schedule:")
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
if _already_answered(wave, device, answered_key):
    _thanks()
elif _questions(form, language):
    _send(form, link, device, answered_key, today)
