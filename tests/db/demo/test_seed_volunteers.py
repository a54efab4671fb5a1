"""The demo's volunteers, hours, staff time and surveys obey every rule and show each feature."""

from sqlalchemy import func, select

import clock
from db.models import HoursEntry, StaffTimeEntry, SurveyResponse, Volunteer
from services.surveys import results, waves
from services.volunteering import resources, volunteers
from services.volunteering import retention as volunteer_retention


def test_demo_hours_are_plausible_and_inside_each_volunteering_period(session, demo):
    today = clock.today()
    assert session.scalar(select(func.max(HoursEntry.worked_on))) <= today
    assert session.scalar(select(func.max(StaffTimeEntry.worked_on))) <= today
    per_day = session.execute(
        select(HoursEntry.volunteer_id, HoursEntry.worked_on, func.sum(HoursEntry.minutes))
        .where(HoursEntry.volunteer_id.is_not(None))
        .group_by(HoursEntry.volunteer_id, HoursEntry.worked_on)
    ).all()
    assert per_day and max(minutes for _, _, minutes in per_day) <= 24 * 60
    periods = {v.id: (v.starts_on, v.ends_on) for v in session.scalars(select(Volunteer))}
    for volunteer_id, day, _ in per_day:
        start, end = periods[volunteer_id]
        assert start <= day and (end is None or day <= end)
    for v in session.scalars(select(Volunteer)):
        assert not v.contact or v.consent_on is not None


def test_demo_shows_every_status_a_seasonal_year_and_a_resource_map(session, demo):
    counts = volunteer_retention.retention(session).counts
    assert counts["active"] >= 20 and all(counts[s] >= 1 for s in volunteers.STATUSES)
    rmap = resources.resource_map(session, hour_value=200)
    by_month = {m.month.month: m.volunteer_minutes for m in rmap.months}
    # A summer break in July, busy autumn.
    assert by_month[7] < 0.5 * by_month[10]
    assert 1000 * 60 < rmap.volunteer_minutes < 2500 * 60
    assert 3 < rmap.ratio < 12
    process = resources.resource_map(session, resources.Scope(process_id=demo.process_id), hour_value=200)
    assert process.volunteer_minutes > 0 and process.staff_minutes > 0


def test_demo_surveys_have_before_after_pairs_a_hidden_wave_and_an_open_one(session, demo):
    rows = waves.list_waves(session)
    assert sum(1 for w in rows if w.state == "open") == 1
    closed = [w for w in rows if w.state == "closed"]
    by_instrument = {}
    for w in closed:
        by_instrument.setdefault(w.instrument_key, []).append(w)
    for key in ("volunteer_motivation", "cocreation_competences"):
        shown = [w for w in by_instrument[key] if w.responses >= 5]
        assert len(shown) >= 2
    assert any(w.responses < 5 for w in closed)
    competences = sorted(by_instrument["cocreation_competences"], key=lambda w: w.opens_on)
    comparison = results.compare_waves(session, competences[0].id, competences[-1].id, min_responses=5)
    assert all(r.change is not None and r.change > 0 for r in comparison.rows)
    assert session.scalar(
        select(func.count(func.distinct(SurveyResponse.respondent_hash)))
    ) == session.scalar(select(func.count()).select_from(SurveyResponse))
