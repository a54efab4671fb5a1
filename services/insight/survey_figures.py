"""Surveys for the leader dashboard: per instrument, its latest closed wave by factor, or its
first and latest closed waves side by side; waves still open or answered by too few are only
counted. What stays hidden is `services.surveys.results`' rule, applied here to figures the
database groups.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from itertools import repeat

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

import clock
from db.models import SurveyAnswer, SurveyResponse
from services.insight.dashboard_filters import period
from services.insight.data_version import without_votes
from services.surveys import waves
from services.surveys.instruments import Instrument, all_instruments


@dataclass(frozen=True)
class FactorFigures:
    key: str
    group: str
    n_before: int  # the only wave's figures when there is one wave
    mean_before: float | None
    n_after: int | None  # None with one wave
    mean_after: float | None
    hidden: bool


@dataclass(frozen=True)
class SurveyProfile:
    """An instrument's latest wave by factor, or its first and latest waves side by side."""

    instrument_key: str
    before_title: str
    before_responses: int
    after_title: str | None
    after_responses: int | None
    factors: tuple[FactorFigures, ...]


@dataclass(frozen=True)
class SurveyFigures:
    profiles: tuple[SurveyProfile, ...]
    withheld_waves: int  # waves in scope whose results stay hidden (open or too few answers)


@dataclass(frozen=True)
class _Factor:
    key: str
    group: str
    n: int
    mean: float | None
    hidden: bool


def _factor_figures(
    session: Session, form: Instrument, wave_ids: set[int], min_responses: int
) -> dict[int, list[_Factor]]:
    """Per wave, per factor of `form`: respondents, mean and hidden, as results.wave_results has them.

    The database sums each respondent's answers per factor and counts how many respondents
    share each (sum, count); the mean of their means is then summed with math.fsum, as
    statistics.fmean sums, so the figures are the same to the last bit. Reading every answer
    into Python to build whole results (items and distributions the dashboard does not show)
    cost four times the query.
    """
    factor_of = case({item.key: item.factor for item in form.items}, value=SurveyAnswer.item_key)
    per_respondent = (
        select(
            SurveyResponse.wave_id,
            factor_of.label("factor"),
            func.sum(SurveyAnswer.value).label("total"),
            func.count().label("answers"),
        )
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(SurveyResponse.wave_id.in_(wave_ids), SurveyAnswer.item_key.in_(form.item_keys))
        .group_by(SurveyResponse.id, SurveyResponse.wave_id, factor_of)
        .subquery()
    )
    r = per_respondent.c
    shares: dict[tuple[int, str], list[tuple[int, int, int]]] = {}
    for wave_id, factor, total, answers, respondents in session.execute(
        select(r.wave_id, r.factor, r.total, r.answers, func.count()).group_by(
            r.wave_id, r.factor, r.total, r.answers
        )
    ):
        shares.setdefault((wave_id, factor), []).append((int(total), int(answers), int(respondents)))
    figures: dict[int, list[_Factor]] = {}
    for wave_id in wave_ids:
        for factor in form.factors:
            rows = shares.get((wave_id, factor.key), [])
            n = sum(respondents for _, _, respondents in rows)
            hidden = n < min_responses
            mean = None
            if not hidden:
                # statistics.fmean of each respondent's fmean: fsum(scores) / n.
                mean = math.fsum(s for total, answers, k in rows for s in repeat(total / answers, k)) / n
            figures.setdefault(wave_id, []).append(_Factor(factor.key, factor.group, n, mean, hidden))
    return figures


@without_votes
def survey_profiles(
    session: Session,
    *,
    process_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    min_responses: int = 5,
    today: date | None = None,
) -> SurveyFigures:
    """Per instrument: its closed waves in scope with enough answers; first against latest when two.

    A wave is in scope when it belongs to the process (any process when None) and was open
    at some time in the period. Figures come from `services.surveys.results`, which hides what
    fewer than `min_responses` people answered.
    """
    today = today or clock.today()
    p = period(start, end, today)
    known = all_instruments()
    in_scope = [
        w
        for w in waves.list_waves(session, today=today)
        if w.instrument_key in known
        and (process_id is None or w.process_id == process_id)
        and (w.opens_on is None or w.opens_on <= p.end)
        and (w.closes_on is None or w.closes_on >= p.start)
    ]
    shown = [w for w in in_scope if w.state == "closed" and w.responses >= min_responses]
    by_instrument: dict[str, list[waves.WaveRow]] = {}
    for w in sorted(shown, key=lambda w: (w.opens_on or date.min, w.id)):
        by_instrument.setdefault(w.instrument_key, []).append(w)
    profiles = []
    for key, series in sorted(by_instrument.items()):
        first, last = series[0], series[-1]
        figures = _factor_figures(session, known[key], {first.id, last.id}, min_responses)
        if len(series) >= 2:
            # As results.compare_waves: a factor hidden in either wave shows no means.
            factors = tuple(
                FactorFigures(
                    b.key,
                    b.group,
                    b.n,
                    None if b.hidden or a.hidden else b.mean,
                    a.n,
                    None if b.hidden or a.hidden else a.mean,
                    b.hidden or a.hidden,
                )
                for b, a in zip(figures[first.id], figures[last.id], strict=True)
            )
            profiles.append(
                SurveyProfile(key, first.title, first.responses, last.title, last.responses, factors)
            )
        else:
            factors = tuple(
                FactorFigures(f.key, f.group, f.n, f.mean, None, None, f.hidden) for f in figures[last.id]
            )
            profiles.append(SurveyProfile(key, last.title, last.responses, None, None, factors))
    return SurveyFigures(tuple(profiles), withheld_waves=len(in_scope) - len(shown))
