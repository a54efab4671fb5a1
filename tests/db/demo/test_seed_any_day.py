"""The demo is seeded on whatever day a municipality first starts Samskab, and reckons its
year back from that day: on any of them it obeys the app's rules and still shows each feature.
"""

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

import clock
import i18n
from db.models import (
    HoursEntry,
    Milestone,
    StaffTimeEntry,
    SurveyResponse,
    SurveyWave,
    TimelineEntry,
    Volunteer,
    Workshop,
)
from db.session import session_scope
from demo import seed
from services.action import initiatives, lifecycle
from services.surveys import results, waves
from services.volunteering import hours_rules
from services.volunteering import retention as volunteer_retention
from services.volunteering.hours_rules import EntryDraft, Target
from vocabulary import INITIATIVE_STATUSES

# Each weekday once, since the weekly activities fall differently against each volunteer's
# first and last day; and the calendar's edges, two of them just after local midnight while
# the UTC date is still the day before.
DAYS = [
    pytest.param(date(2026, 12, 6), id="sun-a-friday-walk-once-fell-after-a-walkers-last-day"),
    pytest.param(date(2027, 3, 29), id="mon-after-summer-time-began"),
    pytest.param(datetime(2028, 2, 29, 12, 0), id="tue-leap-day"),
    pytest.param(date(2027, 7, 14), id="wed-summer-break"),
    pytest.param(datetime(2027, 4, 1, 1, 30), id="thu-0130-utc-still-on-31-march"),
    pytest.param(date(2027, 12, 31), id="fri-new-years-eve"),
    pytest.param(datetime(2027, 1, 2, 0, 30), id="sat-0030-utc-still-on-1-january"),
]


@pytest.mark.parametrize("day", DAYS)
def test_the_demo_obeys_the_rules_and_shows_each_feature_on_any_day(clock_at, db_url, session, day):
    clock_at(day)
    with session_scope(db_url) as s:
        demo = seed.seed_demo(s, rounds=4)
    today = clock.today()

    # Every hours row passes the check a user's row would, its day inside the volunteer's
    # period; no volunteer works more than a day on one day.
    for entry in session.scalars(select(HoursEntry)):
        draft = EntryDraft(
            worked_on=entry.worked_on,
            minutes=entry.minutes,
            volunteers=entry.volunteers,
            volunteer_id=entry.volunteer_id,
            target=Target(entry.process_id, entry.initiative_id, entry.activity_id),
            note=entry.note,
        )
        assert hours_rules.check_entry(session, draft, today=today).target == draft.target
    per_day = session.execute(
        select(func.sum(HoursEntry.minutes))
        .where(HoursEntry.volunteer_id.is_not(None))
        .group_by(HoursEntry.volunteer_id, HoursEntry.worked_on)
    ).scalars()
    assert max(per_day) <= 24 * 60
    staff_days = session.execute(
        select(StaffTimeEntry.worked_on, func.sum(StaffTimeEntry.minutes)).group_by(
            StaffTimeEntry.staff_name, StaffTimeEntry.worked_on
        )
    ).all()
    assert all(worked_on <= today and minutes <= 24 * 60 for worked_on, minutes in staff_days)
    for v in session.scalars(select(Volunteer)):
        assert v.ends_on is None or v.starts_on <= v.ends_on
        assert not v.contact or v.consent_on is not None
    assert all(n >= 1 for n in volunteer_retention.retention(session).counts.values())

    # Every initiative's status agrees with its dates, as the service demands of users; what
    # is done and what happened lies in the past.
    rows = initiatives.list_initiatives(session)
    for row in rows:
        lifecycle.check_state(row.status, row.starts_on, row.ends_on, today)
    assert {r.status for r in rows} == set(INITIATIVE_STATUSES)
    assert sum(r.overdue for r in rows) == 1
    assert session.scalar(select(func.max(Milestone.done_on))) <= today
    assert session.scalar(select(func.max(TimelineEntry.happened_on))) <= today

    # Each answer came in while its wave was open; one wave is open now, and the course's
    # before/after pair shows progress on every factor.
    by_id = {w.id: w for w in session.scalars(select(SurveyWave))}
    for response in session.scalars(select(SurveyResponse)):
        wave = by_id[response.wave_id]
        last = min(wave.closes_on, wave.closed_at.date() if wave.closed_at else today, today)
        assert wave.opens_on <= response.submitted_on <= last
    listed = waves.list_waves(session)
    assert [w.state for w in listed].count("open") == 1
    course = sorted(
        (w for w in listed if w.instrument_key == "cocreation_competences"), key=lambda w: w.opens_on
    )
    comparison = results.compare_waves(session, course[0].id, course[-1].id, min_responses=5)
    assert all(r.change is not None and r.change > 0 for r in comparison.rows)

    # The idea workshops met at 17:00 local time, summer or winter; the open one began three
    # quarters of an hour ago.
    starts = dict(session.execute(select(Workshop.id, Workshop.starts_at)).all())
    first, second, current = (starts[i] for i in demo.workshop_ids)
    assert [i18n.utc_to_local(w).time() for w in (first, second)] == [time(17, 0)] * 2
    assert first < second < current
    assert current == clock.utcnow().replace(second=0, microsecond=0) - timedelta(minutes=45)
