"""Survey waves: one anonymous response per device, results by factor only when closed and large enough."""

import hashlib
import secrets
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from db.models import SurveyAnswer, SurveyResponse
from services.admin.permissions import SYSTEM
from services.common.errors import Conflict, InvalidInput, NotFound
from services.surveys import responses, results, waves
from services.surveys.instruments import instrument
from tests.factories import HOSTILE, make_wave
from tests.when import TODAY

FORM = instrument("cocreation_competences")


def _device() -> str:
    return secrets.token_urlsafe(24)


def _answer(session, wave, values: dict[str, int], device: str | None = None):
    return responses.submit_response(session, wave.link_token, device or _device(), values, today=TODAY)


def _all(value: int) -> dict[str, int]:
    return {item.key: value for item in FORM.items}


def test_a_wave_gets_an_unguessable_link_and_validated_dates(session):
    wave = make_wave(session, opens_on=TODAY, closes_on=TODAY + timedelta(days=14))
    assert len(wave.link_token) == 22 and wave.title.startswith(HOSTILE)
    assert waves.wave_by_token(session, wave.link_token).id == wave.id
    for bad in ("", "short", "A" * 22, "../../etc/passwd", None):
        with pytest.raises(NotFound):
            waves.wave_by_token(session, bad)
    with pytest.raises(InvalidInput):
        make_wave(session, opens_on=TODAY, closes_on=TODAY - timedelta(days=1))
    with pytest.raises(InvalidInput):
        make_wave(session, closes_on=TODAY - timedelta(days=1))
    with pytest.raises(NotFound):
        make_wave(session, instrument_key="no_such_questionnaire")


def test_one_response_per_device_and_only_a_per_wave_hash_is_kept(session):
    wave, other = make_wave(session), make_wave(session)
    device = _device()
    response = _answer(session, wave, _all(4), device)
    assert response.submitted_on == TODAY
    assert response.respondent_hash == hashlib.sha256(f"{wave.link_token}:{device}".encode()).hexdigest()
    stored = " ".join(session.scalars(select(SurveyResponse.respondent_hash)))
    assert device not in stored
    assert responses.has_answered(session, wave, device)
    with pytest.raises(Conflict) as err:
        _answer(session, wave, _all(2), device)
    assert err.value.key == "error.survey_already_answered"
    # The same device in another wave: allowed, and the two responses cannot be linked by hash.
    second = _answer(session, other, _all(3), device)
    assert second.respondent_hash != response.respondent_hash
    assert session.scalar(select(func.count()).select_from(SurveyResponse)) == 2
    assert session.scalar(select(func.count()).select_from(SurveyAnswer)) == 2 * len(FORM.items)


@pytest.mark.parametrize(
    ("answers", "device", "key"),
    [
        ({}, None, "error.survey_empty"),
        ({"empowerment_1": None}, None, "error.survey_empty"),
        ({"empowerment_1": 6}, None, "error.survey_value"),
        ({"empowerment_1": 0}, None, "error.survey_value"),
        ({"empowerment_1": True}, None, "error.survey_value"),
        ({"empowerment_1": "5"}, None, "error.survey_value"),
        ({"values_1": 3}, None, "error.survey_unknown_item"),
        ({"empowerment_1": 3}, "short", "error.survey_device"),
        ({"empowerment_1": 3}, "<script>alert(1)</script>xxxxxxxxxxxx", "error.survey_device"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_stored(session, answers, device, key):
    wave = make_wave(session)
    with pytest.raises(InvalidInput) as err:
        responses.submit_response(session, wave.link_token, device or _device(), answers, today=TODAY)
    assert err.value.key == key
    assert session.scalar(select(func.count()).select_from(SurveyResponse)) == 0


def test_skipped_questions_are_left_out(session):
    wave = make_wave(session)
    _answer(session, wave, {"empowerment_1": 5, "empowerment_2": None, "process_product_1": 2})
    assert sorted(session.execute(select(SurveyAnswer.item_key, SurveyAnswer.value)).all()) == [
        ("empowerment_1", 5),
        ("process_product_1", 2),
    ]


def test_scheduled_and_closed_waves_take_no_answers(session):
    later = make_wave(session, opens_on=TODAY + timedelta(days=3))
    assert waves.wave_state(later, TODAY) == "scheduled"
    with pytest.raises(Conflict) as err:
        _answer(session, later, _all(3))
    assert err.value.params == {"opens_on": TODAY + timedelta(days=3)}
    ended = make_wave(session, closes_on=TODAY)
    assert waves.wave_state(ended, TODAY) == "open"
    assert waves.wave_state(ended, TODAY + timedelta(days=1)) == "closed"
    closed = make_wave(session)
    waves.close_wave(session, closed.id, by_user_id=SYSTEM)
    with pytest.raises(Conflict) as err:
        _answer(session, closed, _all(3))
    assert err.value.key == "error.survey_closed"
    # A closed wave stays closed: its closing date cannot move it back open.
    with pytest.raises(Conflict):
        waves.set_closes_on(session, closed.id, TODAY + timedelta(days=5), today=TODAY, by_user_id=SYSTEM)
    waves.set_closes_on(session, later.id, TODAY + timedelta(days=10), today=TODAY, by_user_id=SYSTEM)
    with pytest.raises(InvalidInput):
        waves.set_closes_on(session, later.id, TODAY - timedelta(days=1), today=TODAY, by_user_id=SYSTEM)


def test_results_wait_for_closing_and_for_enough_answers(session):
    wave = make_wave(session)
    for _ in range(4):
        _answer(session, wave, _all(4))
    open_results = results.wave_results(session, wave.id, min_responses=5, today=TODAY)
    assert (open_results.withheld, open_results.responses, open_results.factors) == ("open", 4, ())
    waves.close_wave(session, wave.id, by_user_id=SYSTEM)
    few = results.wave_results(session, wave.id, min_responses=5, today=TODAY)
    assert (few.withheld, few.factors, few.items) == ("too_few", (), ())
    enough = results.wave_results(session, wave.id, min_responses=4, today=TODAY)
    assert enough.withheld == ""
    assert {f.key: f.mean for f in enough.factors} == {f.key: 4.0 for f in FORM.factors}


def test_means_per_respondent_then_per_factor_and_small_factors_hidden(session):
    wave = make_wave(session)
    # Respondents answer all empowerment items; only three touch professional identity.
    for i, (first, second) in enumerate([(1, 3), (5, 5), (4, 2), (3, 3), (2, 4), (5, 3)]):
        answers = {"empowerment_1": first, "empowerment_2": second}
        if i < 3:
            answers["professional_identity_1"] = 5
        _answer(session, wave, answers)
    waves.close_wave(session, wave.id, by_user_id=SYSTEM)
    figures = results.wave_results(session, wave.id, min_responses=5, today=TODAY)
    factors = {f.key: f for f in figures.factors}
    empowerment = factors["empowerment"]
    assert empowerment.n == 6
    assert empowerment.mean == pytest.approx((2 + 5 + 3 + 3 + 3 + 4) / 6)
    assert empowerment.distribution == (1, 2, 4, 2, 3)  # answers per point over both items
    identity = factors["professional_identity"]
    assert (identity.n, identity.hidden, identity.mean, identity.distribution) == (3, True, None, ())
    assert factors["process_product"].n == 0 and factors["process_product"].hidden
    items = {i.key: i for i in figures.items}
    assert items["empowerment_1"].mean == pytest.approx(20 / 6)
    assert items["professional_identity_1"].mean is None


def test_compare_two_waves_of_one_instrument(session):
    before, after, other = (
        make_wave(session),
        make_wave(session),
        make_wave(session, instrument_key="staff_motivation"),
    )
    for _ in range(5):
        _answer(session, before, _all(2))
        _answer(session, after, _all(4) | {"empowerment_1": 5, "empowerment_2": 5, "empowerment_3": 5})
    with pytest.raises(InvalidInput):
        results.compare_waves(session, before.id, before.id, min_responses=5, today=TODAY)
    comparison = results.compare_waves(session, before.id, after.id, min_responses=5, today=TODAY)
    assert comparison.withheld and comparison.rows == ()  # both still open
    for wave in (before, after, other):
        waves.close_wave(session, wave.id, by_user_id=SYSTEM)
    comparison = results.compare_waves(session, before.id, after.id, min_responses=5, today=TODAY)
    rows = {r.key: r for r in comparison.rows}
    assert rows["empowerment"].change == pytest.approx(3.0)
    assert rows["process_product"].change == pytest.approx(2.0)
    assert (rows["process_product"].n_before, rows["process_product"].n_after) == (5, 5)
    hidden = results.compare_waves(session, before.id, after.id, min_responses=6, today=TODAY)
    assert hidden.withheld and hidden.rows == ()
    with pytest.raises(InvalidInput) as err:
        results.compare_waves(session, before.id, other.id, min_responses=5, today=TODAY)
    assert err.value.key == "error.survey_other_instrument"


def test_waves_are_listed_with_their_state_and_count(session):
    wave = make_wave(session)
    _answer(session, wave, _all(3))
    rows = waves.list_waves(session, today=TODAY)
    assert [(r.id, r.state, r.responses) for r in rows] == [(wave.id, "open", 1)]
