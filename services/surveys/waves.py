"""Survey waves: an anonymous link, one response per device, and results by factor that protect anonymity.

Anonymity rests on four rules, all enforced here:
- a response stores no name, account, IP address or time of day: only the date, and a
  hash of the device's random token mixed with the wave's link token (so the same device
  cannot be recognised across waves, and the token cannot be read back from the hash);
- results of a wave stay hidden while it is open (watching the figures change as one
  person answers would show that person's answers) and a closed wave never reopens;
- a wave, a factor or an item with fewer than `min_responses` answers shows no figures;
- hidden results carry no numbers at all, so no page can leak them by mistake.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import clock
from db.models import Process, SurveyAnswer, SurveyResponse, SurveyWave
from services.admin import audit
from services.common.errors import Conflict, InvalidInput, NotFound
from services.common.text import clean_text
from services.surveys.instruments import Instrument, instrument

TITLE_MAX = 200
LINK_TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,32}")
DEVICE_TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{22,64}")
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
    by_user_id: int | None = None,
    today: date | None = None,
) -> SurveyWave:
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
        created_by_user_id=by_user_id,
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


def close_wave(session: Session, wave_id: int, *, by_user_id: int | None = None) -> SurveyWave:
    """Close for good: results become visible, and a wave whose results were seen never reopens."""
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
    by_user_id: int | None = None,
    today: date | None = None,
) -> SurveyWave:
    """Move the closing date of a wave that has not closed yet (never into the past)."""
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


def respondent_hash(link_token: str, device_token: str) -> str:
    """What is stored instead of the device token: differs per wave, cannot be reversed."""
    return hashlib.sha256(f"{link_token}:{device_token}".encode()).hexdigest()


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


def _row(wave: SurveyWave, process_title: str | None, responses: int, today: date) -> WaveRow:
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
    return [_row(w, p, n, today) for w, p, n in rows]


@dataclass(frozen=True)
class FactorResult:
    """A factor's figures; when `hidden`, there are none (mean None, no distribution)."""

    key: str
    group: str
    n: int
    mean: float | None
    distribution: tuple[int, ...]  # answers per scale point, lowest first
    hidden: bool


@dataclass(frozen=True)
class ItemResult:
    key: str
    factor: str
    n: int
    mean: float | None
    hidden: bool


@dataclass(frozen=True)
class WaveResults:
    wave: WaveRow
    instrument: Instrument
    min_responses: int
    # Why nothing is shown: "open" (results come when the wave closes), "too_few", or "".
    withheld: str
    factors: tuple[FactorResult, ...]
    items: tuple[ItemResult, ...]

    @property
    def responses(self) -> int:
        return self.wave.responses


def _answers(session: Session, wave_id: int) -> dict[int, dict[str, int]]:
    by_response: dict[int, dict[str, int]] = {}
    rows = session.execute(
        select(SurveyAnswer.response_id, SurveyAnswer.item_key, SurveyAnswer.value)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(SurveyResponse.wave_id == wave_id)
    )
    for response_id, item_key, value in rows:
        by_response.setdefault(response_id, {})[item_key] = value
    return by_response


def _factor_scores(form: Instrument, answers: dict[int, dict[str, int]], factor: str) -> list[float]:
    """Each respondent's mean over the factor's items they answered."""
    keys = {i.key for i in form.items_of(factor)}
    scores = []
    for given in answers.values():
        values = [v for k, v in given.items() if k in keys]
        if values:
            scores.append(statistics.fmean(values))
    return scores


def wave_results(
    session: Session, wave_id: int, *, min_responses: int, today: date | None = None
) -> WaveResults:
    today = today or clock.today()
    wave = get_wave(session, wave_id)
    process_title = session.scalar(select(Process.title).where(Process.id == wave.process_id))
    responses = session.scalar(select(func.count()).where(SurveyResponse.wave_id == wave_id)) or 0
    row = _row(wave, process_title, responses, today)
    form = instrument(wave.instrument_key)
    withheld = "open" if row.state != "closed" else ("too_few" if responses < min_responses else "")
    if withheld:
        return WaveResults(row, form, min_responses, withheld, (), ())
    answers = _answers(session, wave_id)
    factors = []
    for factor in form.factors:
        scores = _factor_scores(form, answers, factor.key)
        keys = {i.key for i in form.items_of(factor.key)}
        hidden = len(scores) < min_responses
        distribution = [0] * len(form.points)
        if not hidden:
            for given in answers.values():
                for k, v in given.items():
                    if k in keys:
                        distribution[v - form.scale_min] += 1
        factors.append(
            FactorResult(
                key=factor.key,
                group=factor.group,
                n=len(scores),
                mean=None if hidden else statistics.fmean(scores),
                distribution=() if hidden else tuple(distribution),
                hidden=hidden,
            )
        )
    items = []
    for item in form.items:
        values = [given[item.key] for given in answers.values() if item.key in given]
        hidden = len(values) < min_responses
        items.append(
            ItemResult(
                key=item.key,
                factor=item.factor,
                n=len(values),
                mean=None if hidden else statistics.fmean(values),
                hidden=hidden,
            )
        )
    return WaveResults(row, form, min_responses, "", tuple(factors), tuple(items))


@dataclass(frozen=True)
class FactorComparison:
    key: str
    group: str
    n_before: int
    n_after: int
    mean_before: float | None
    mean_after: float | None
    hidden: bool

    @property
    def change(self) -> float | None:
        if self.mean_before is None or self.mean_after is None:
            return None
        return self.mean_after - self.mean_before


@dataclass(frozen=True)
class Comparison:
    before: WaveResults
    after: WaveResults
    rows: tuple[FactorComparison, ...]

    @property
    def withheld(self) -> bool:
        return bool(self.before.withheld or self.after.withheld)


def compare_waves(
    session: Session, before_id: int, after_id: int, *, min_responses: int, today: date | None = None
) -> Comparison:
    """Two waves of one instrument side by side per factor (e.g. before and after a course)."""
    if before_id == after_id:
        raise InvalidInput("error.survey_same_wave")
    before = wave_results(session, before_id, min_responses=min_responses, today=today)
    after = wave_results(session, after_id, min_responses=min_responses, today=today)
    if before.wave.instrument_key != after.wave.instrument_key:
        raise InvalidInput("error.survey_other_instrument")
    rows = []
    if not (before.withheld or after.withheld):
        after_by_key = {f.key: f for f in after.factors}
        for b in before.factors:
            a = after_by_key[b.key]
            hidden = b.hidden or a.hidden
            rows.append(
                FactorComparison(
                    key=b.key,
                    group=b.group,
                    n_before=b.n,
                    n_after=a.n,
                    mean_before=None if hidden else b.mean,
                    mean_after=None if hidden else a.mean,
                    hidden=hidden,
                )
            )
    return Comparison(before, after, tuple(rows))
