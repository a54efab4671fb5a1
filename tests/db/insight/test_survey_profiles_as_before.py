"""Survey profiles, now averaged in SQL, equal what the full wave results gave, as they used to.

`survey_figures.survey_profiles` used to build every wave's complete results
(`results.wave_results` and `compare_waves`, still public: every answer into Python,
distributions and items included) and keep the factors' figures; it now asks the database
for each respondent's sum and count per factor, grouped. `_profiles_from_results` is the
former code, kept as the reference. Random waves (closed or open, few or many answers,
items left out, two instruments, two processes) must give the same figures, exactly: the
means are summed as statistics.fmean sums them. Runs on SQLite, and on PostgreSQL when
DATABASE_URL points there.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from services.admin.permissions import SYSTEM
from services.insight import survey_figures
from services.insight.survey_figures import FactorFigures, SurveyFigures, SurveyProfile
from services.surveys import responses, results, waves
from services.surveys.instruments import instrument
from tests.factories import make_process, make_wave
from tests.when import TODAY

INSTRUMENTS = ("cocreation_competences", "staff_motivation")


def _profiles_from_results(
    session: Session, *, process_id: int | None, start: date, end: date, min_responses: int, today: date
) -> SurveyFigures:
    """The former survey_profiles, verbatim but for the period (given whole here)."""
    in_scope = [
        w
        for w in waves.list_waves(session, today=today)
        if (process_id is None or w.process_id == process_id)
        and (w.opens_on is None or w.opens_on <= end)
        and (w.closes_on is None or w.closes_on >= start)
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


# Mostly left out: factors then differ in how many answered, within a wave and between two.
answer = st.sampled_from([None, None, None, 1, 2, 3, 4, 5])
wave = st.tuples(
    st.integers(0, 1),  # instrument
    st.integers(0, 1),  # process
    st.integers(0, 60),  # opened this many days before today
    st.booleans(),  # closed
    st.lists(st.lists(answer, min_size=22, max_size=22), max_size=7),  # each respondent's answers
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rounds=st.lists(wave, min_size=1, max_size=4),
    min_responses=st.integers(1, 4),
    one_process=st.booleans(),
)
def test_survey_profiles_as_from_the_full_results(session, rounds, min_responses, one_process):
    try:
        processes = [make_process(session).id, make_process(session).id]
        for which, process, days_ago, closed, people in rounds:
            key = INSTRUMENTS[which]
            opens_on = TODAY - timedelta(days=days_ago)
            w = make_wave(session, instrument_key=key, process_id=processes[process], opens_on=opens_on)
            form = instrument(key)
            for values in people:
                given = dict(zip(form.item_keys, values, strict=False))
                if any(v is not None for v in given.values()):
                    responses.submit_response(
                        session, w.link_token, secrets.token_urlsafe(24), given, today=TODAY
                    )
            if closed:
                waves.close_wave(session, w.id, by_user_id=SYSTEM)
        session.flush()
        scope = {
            "process_id": processes[0] if one_process else None,
            "start": TODAY - timedelta(days=30),
            "end": TODAY,
            "min_responses": min_responses,
            "today": TODAY,
        }
        assert survey_figures.survey_profiles(session, **scope) == _profiles_from_results(session, **scope)
    finally:
        session.rollback()  # the next example starts from an empty database


def test_a_factor_too_few_answered_in_one_wave_shows_no_means_in_either(session):
    """Worked case: the first wave's first factor has one answer, the latest's five."""
    form = instrument(INSTRUMENTS[0])
    first_factor = {i.key for i in form.items_of(form.factors[0].key)}
    before, after = make_wave(session), make_wave(session)
    for n in range(5):
        for w in (before, after):
            given = {
                k: 3 if (k not in first_factor or w is after or n == 0) else None for k in form.item_keys
            }
            responses.submit_response(session, w.link_token, secrets.token_urlsafe(24), given, today=TODAY)
    for w in (before, after):
        waves.close_wave(session, w.id, by_user_id=SYSTEM)
    scope = {"process_id": None, "start": TODAY, "end": TODAY, "min_responses": 5, "today": TODAY}
    got = survey_figures.survey_profiles(session, **scope)
    assert got == _profiles_from_results(session, **scope)
    hidden = got.profiles[0].factors[0]
    assert (hidden.n_before, hidden.n_after, hidden.mean_before, hidden.mean_after) == (1, 5, None, None)
    assert got.profiles[0].factors[1].mean_after == 3.0
