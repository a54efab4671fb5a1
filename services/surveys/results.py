"""A wave's results by factor and by item, and two waves of one instrument compared, shown only
where they cannot point to a person: nothing while the wave is open (watching the figures change
as one person answers would show that person's answers), no figures for a wave, factor or item
with fewer than `min_responses` answers, and hidden results carry no numbers at all, so no page
can leak them by mistake.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import clock
from db.models import Process, SurveyAnswer, SurveyResponse
from services.common.errors import InvalidInput
from services.surveys.instruments import Instrument, instrument
from services.surveys.waves import WaveRow, get_wave, wave_row


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
    row = wave_row(wave, process_title, responses, today)
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
