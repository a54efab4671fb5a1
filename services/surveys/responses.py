"""Answering a survey wave: one anonymous response per device. A response stores no name,
account, IP address or time of day: only the date, and a hash of the device's random token mixed
with the wave's link token, so the same device cannot be recognised across waves and the token
cannot be read back from the hash.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import clock
from db.models import SurveyAnswer, SurveyResponse, SurveyWave
from services.common.errors import Conflict, InvalidInput
from services.common.text import plain
from services.surveys.instruments import instrument
from services.surveys.waves import wave_by_token, wave_state

DEVICE_TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{22,64}")


def respondent_hash(link_token: str, device_token: str) -> str:
    """What is stored instead of the device token: differs per wave, cannot be reversed."""
    return hashlib.sha256(plain(f"{link_token}:{device_token}").encode()).hexdigest()


def check_device_token(token: str | None) -> str:
    if not token or not DEVICE_TOKEN_PATTERN.fullmatch(token):
        raise InvalidInput("error.survey_device")
    return token


def has_answered(session: Session, wave: SurveyWave, device_token: str) -> bool:
    digest = respondent_hash(wave.link_token, check_device_token(device_token))
    return (
        session.scalar(
            select(SurveyResponse.id).where(
                SurveyResponse.wave_id == wave.id, SurveyResponse.respondent_hash == digest
            )
        )
        is not None
    )


def submit_response(
    session: Session,
    link_token: str,
    device_token: str | None,
    answers: Mapping[str, int | None],
    *,
    today: date | None = None,
) -> SurveyResponse:
    """Store one anonymous response; unanswered items (None) are simply left out."""
    today = today or clock.today()
    wave = wave_by_token(session, link_token)
    state = wave_state(wave, today)
    if state == "scheduled":
        raise Conflict("error.survey_not_open_yet", opens_on=wave.opens_on)
    if state == "closed":
        raise Conflict("error.survey_closed")
    device = check_device_token(device_token)
    form = instrument(wave.instrument_key)
    given: dict[str, int] = {}
    for key, value in answers.items():
        if value is None:
            continue
        if key not in form.item_keys:
            raise InvalidInput("error.survey_unknown_item")
        if isinstance(value, bool) or not isinstance(value, int) or value not in form.points:
            raise InvalidInput("error.survey_value", min=form.scale_min, max=form.scale_max)
        given[key] = value
    if not given:
        raise InvalidInput("error.survey_empty")
    digest = respondent_hash(wave.link_token, device)
    if has_answered(session, wave, device):
        raise Conflict("error.survey_already_answered")
    response = SurveyResponse(wave_id=wave.id, respondent_hash=digest, submitted_on=today)
    try:
        # Two taps on "send" at once: the unique index keeps one, the other gets a message.
        with session.begin_nested():
            session.add(response)
            session.flush()
            session.add_all(
                SurveyAnswer(response_id=response.id, item_key=k, value=v) for k, v in sorted(given.items())
            )
            session.flush()
    except IntegrityError:
        raise Conflict("error.survey_already_answered") from None
    return response
