"""Survey waves: started on an instrument (for one process or none) with an anonymous link, open
from an optional first day to an optional last day, and closed for good: a closed wave never
reopens, because its results may have been seen. Also the list of waves with their state and
number of responses. Answering is `responses`', the figures are `results`'.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import clock
from db.models import Process, SurveyResponse, SurveyWave
from services.admin import audit
from services.admin.permissions import ByUser, can_run_surveys, require, user_id_of
from services.common.errors import Conflict, InvalidInput, NotFound
from services.common.text import clean_text
from services.surveys.instruments import instrument

TITLE_MAX = 200
LINK_TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,32}")
STATES = ("scheduled", "open", "closed")


def wave_state(wave: SurveyWave, today: date) -> str:
    if wave.closed_at is not None or (wave.closes_on is not None and today > wave.closes_on):
        return "closed"
    if wave.opens_on is not None and today < wave.opens_on:
        return "scheduled"
    return "open"


def get_wave(session: Session, wave_id: int) -> SurveyWave:
    wave = session.get(SurveyWave, wave_id)
    if wave is None:
        raise NotFound("error.survey_not_found")
    return wave


def wave_by_token(session: Session, token: str | None) -> SurveyWave:
    """The wave a public link names; a tampered or unknown link is NotFound."""
    if not token or not LINK_TOKEN_PATTERN.fullmatch(token):
        raise NotFound("error.survey_link")
    wave = session.scalar(select(SurveyWave).where(SurveyWave.link_token == token))
    if wave is None:
        raise NotFound("error.survey_link")
    return wave


def create_wave(
    session: Session,
    *,
    instrument_key: str,
    title: str,
    process_id: int | None = None,
    opens_on: date | None = None,
    closes_on: date | None = None,
    by_user_id: ByUser,
    today: date | None = None,
) -> SurveyWave:
    require(session, by_user_id, can_run_surveys)
    instrument(instrument_key)  # NotFound for an instrument that is not shipped
    title = clean_text(title, field="title", max_len=TITLE_MAX)
    if process_id is not None and session.get(Process, process_id) is None:
        raise NotFound("error.process_not_found")
    if opens_on and closes_on and closes_on < opens_on:
        raise InvalidInput("error.dates_order")
    if closes_on is not None and closes_on < (today or clock.today()):
        raise InvalidInput("error.survey_closes_in_past")
    wave = SurveyWave(
        instrument_key=instrument_key,
        title=title,
        process_id=process_id,
        link_token=secrets.token_urlsafe(16),
        opens_on=opens_on,
        closes_on=closes_on,
        created_by_user_id=user_id_of(by_user_id),
    )
    session.add(wave)
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="survey.create",
        entity="survey_wave",
        entity_id=wave.id,
        instrument=instrument_key,
    )
    return wave


def close_wave(session: Session, wave_id: int, *, by_user_id: ByUser) -> SurveyWave:
    """Close for good: results become visible, and a wave whose results were seen never reopens."""
    require(session, by_user_id, can_run_surveys)
    wave = get_wave(session, wave_id)
    if wave.closed_at is None:
        wave.closed_at = clock.utcnow()
        session.flush()
        audit.record(
            session, user_id=by_user_id, action="survey.close", entity="survey_wave", entity_id=wave.id
        )
    return wave


def set_closes_on(
    session: Session,
    wave_id: int,
    closes_on: date | None,
    *,
    by_user_id: ByUser,
    today: date | None = None,
) -> SurveyWave:
    """Move the closing date of a wave that has not closed yet (never into the past)."""
    require(session, by_user_id, can_run_surveys)
    today = today or clock.today()
    wave = get_wave(session, wave_id)
    if wave_state(wave, today) == "closed":
        raise Conflict("error.survey_closed_final")
    if closes_on is not None and closes_on < today:
        raise InvalidInput("error.survey_closes_in_past")
    if closes_on is not None and wave.opens_on is not None and closes_on < wave.opens_on:
        raise InvalidInput("error.dates_order")
    wave.closes_on = closes_on
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="survey.closes_on",
        entity="survey_wave",
        entity_id=wave.id,
        closes_on=closes_on,
    )
    return wave


@dataclass(frozen=True)
class WaveRow:
    id: int
    instrument_key: str
    title: str
    process_id: int | None
    process_title: str
    link_token: str
    opens_on: date | None
    closes_on: date | None
    state: str
    responses: int


def wave_row(wave: SurveyWave, process_title: str | None, responses: int, today: date) -> WaveRow:
    """A wave as lists show it, with its state on `today`."""
    return WaveRow(
        id=wave.id,
        instrument_key=wave.instrument_key,
        title=wave.title,
        process_id=wave.process_id,
        process_title=process_title or "",
        link_token=wave.link_token,
        opens_on=wave.opens_on,
        closes_on=wave.closes_on,
        state=wave_state(wave, today),
        responses=responses,
    )


def list_waves(session: Session, *, today: date | None = None) -> list[WaveRow]:
    today = today or clock.today()
    counts = (
        select(func.count(SurveyResponse.id)).where(SurveyResponse.wave_id == SurveyWave.id).scalar_subquery()
    )
    rows = session.execute(
        select(SurveyWave, Process.title, counts)
        .outerjoin(Process, Process.id == SurveyWave.process_id)
        .order_by(SurveyWave.created_at.desc(), SurveyWave.id.desc())
    )
    return [wave_row(w, p, n, today) for w, p, n in rows]
