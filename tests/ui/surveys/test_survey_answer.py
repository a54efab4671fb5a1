"""Answering a survey from its public link: no login, one response per device, in the link's language."""

import secrets
from datetime import timedelta

from sqlalchemy import func, select

import clock
from components.literal import literal
from db.models import SurveyResponse
from db.session import read_scope, session_scope
from services.admin.permissions import SYSTEM
from services.surveys import waves
from tests.factories import HOSTILE, make_wave
from tests.ui.apptest import by_label, new_app, texts

AUTH_KEYS = ("authentication_status", "logout", "username")


def _wave(db_url, **overrides):
    with session_scope(db_url) as s:
        wave = make_wave(s, instrument_key="cocreation_competences", today=clock.today(), **overrides)
        return wave.id, wave.link_token


def _responses(db_url, wave_id):
    with read_scope(db_url) as s:
        return s.scalar(select(func.count()).where(SurveyResponse.wave_id == wave_id))


def _open(token, device=None, **query):
    at = new_app(s=token, **query)
    if device is not None:
        at.session_state["survey_device"] = {"device": device}
    return at.run()


def test_the_survey_opens_without_the_authenticator_and_waits_for_the_device(db_url):
    _, token = _wave(db_url)
    at = _open(token)
    assert not at.exception
    assert at.title[0].value == "Selvvurdering af kompetencer i samskabelse"
    assert "Gør spørgeskemaet klar…" in texts(at)
    assert not at.button_group
    for key in AUTH_KEYS:
        assert key not in at.session_state


def test_answer_once_then_this_device_is_thanked_and_others_may_answer(demo, db_url):
    wave_id, token = _wave(db_url, title=f"{HOSTILE} efter kurset")
    device = secrets.token_urlsafe(24)
    at = _open(token, device)
    page = texts(at)
    assert literal(f"{HOSTILE} efter kurset") in page
    assert "Vurdér dig selv" in page
    statements = at.button_group
    assert len(statements) == 15
    # The answer group is named by the statement as it reads (no Markdown escapes for a screen
    # reader to spell out); the page shows the same words above it.
    assert statements[0].label.startswith("1. Jeg giver plads til borgernes egne perspektiver")
    assert statements[0].label_visibility.value == statements[0].label_visibility.COLLAPSED
    shown = [e.proto.body for e in at.get("html") if e.proto.body.startswith('<p class="survey-statement"')]
    assert len(shown) == 15
    assert shown[0].startswith('<p class="survey-statement" aria-hidden="true">1. Jeg giver plads til')
    assert statements[0].options[0] == "I meget ringe grad"
    statements[0].set_value(4)
    statements[5].set_value(2)
    by_label(at.button, "Send mine svar").click()
    at.run()
    assert not at.exception
    assert "Tak! Dine svar er gemt." in texts(at)
    assert _responses(db_url, wave_id) == 1
    # The same device later (a fresh session, as after closing the browser): thanked, no form.
    again = _open(token, device)
    assert "Der er sendt svar fra denne enhed." in texts(again)
    assert not again.button_group
    # Another device gets the form.
    other = _open(token, secrets.token_urlsafe(24))
    assert len(other.button_group) == 15
    assert _responses(db_url, wave_id) == 1


def test_sending_nothing_is_explained_and_stores_nothing(demo, db_url):
    wave_id, token = _wave(db_url)
    at = _open(token, secrets.token_urlsafe(24))
    by_label(at.button, "Send mine svar").click()
    at.run()
    assert "Besvar mindst ét spørgsmål, før du sender." in [e.value for e in at.error]
    assert _responses(db_url, wave_id) == 0


def test_the_language_comes_from_the_link(db_url):
    _, token = _wave(db_url)
    at = _open(token, secrets.token_urlsafe(24), lang="nb")
    assert at.title[0].value == "Egenvurdering av kompetanse i samskaping"
    assert at.button_group[0].options[0] == "I svært liten grad"
    english = _open(token, secrets.token_urlsafe(24), lang="en")
    assert english.button_group[0].options[-1] == "To a very large extent"
    assert [b.label for b in english.button] == ["Send my answers"]
    nynorsk = _open(token, secrets.token_urlsafe(24), lang="nn")
    assert nynorsk.title[0].value == "Eigenvurdering av kompetanse i samskaping"
    assert nynorsk.button_group[0].options[2] == "I nokon grad"
    assert [b.label for b in nynorsk.button] == ["Send svara mine"]


def test_closed_scheduled_and_wrong_links(db_url):
    wave_id, token = _wave(db_url)
    with session_scope(db_url) as s:
        waves.close_wave(s, wave_id, by_user_id=SYSTEM)
    at = _open(token, secrets.token_urlsafe(24))
    assert "Spørgeskemaet er lukket." in texts(at)
    assert not at.button_group
    _, later = _wave(db_url, opens_on=clock.today() + timedelta(days=3))
    assert "Spørgeskemaet åbner den" in texts(_open(later, secrets.token_urlsafe(24)))
    wrong = _open("A" * 22)
    assert not wrong.exception
    assert "Linket til spørgeskemaet er ikke gyldigt." in " ".join(e.value for e in wrong.error)
    for key in AUTH_KEYS:
        assert key not in wrong.session_state
