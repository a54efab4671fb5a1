"""Surveys for the leader dashboard: per instrument, its latest closed wave by factor, or its
first and latest closed waves side by side; waves still open or answered by too few are only
counted. What stays hidden is `services.surveys.results`' rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

import clock
from services.insight.dashboard_filters import period
from services.insight.data_version import without_votes
from services.surveys import results, waves
from services.surveys.instruments import all_instruments


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
        if len(series) >= 2:
            comparison = results.compare_waves(
                session, first.id, last.id, min_responses=min_responses, today=today
            )
            factors = tuple(
                FactorFigures(r.key, r.group, r.n_before, r.mean_before, r.n_after, r.mean_after, r.hidden)
                for r in comparison.rows
            )
            profiles.append(
                SurveyProfile(key, first.title, first.responses, last.title, last.responses, factors)
            )
        else:
            latest = results.wave_results(session, last.id, min_responses=min_responses, today=today)
            factors = tuple(
                FactorFigures(f.key, f.group, f.n, f.mean, None, None, f.hidden) for f in latest.factors
            )
            profiles.append(SurveyProfile(key, last.title, last.responses, None, None, factors))
    return SurveyFigures(tuple(profiles), withheld_waves=len(in_scope) - len(shown))
