"""Retention counted in SQL equals what the former Python count over every volunteer gave.

`retention` used to read three columns per volunteer and count statuses, stays
and months in Python; it now counts them in the database. `_counted_in_python` is that
former count, kept here as the reference, and random volunteers (dates around today and
the month edges, ended or not, with or without recent hours, affiliated or not) must give
the same Retention. Runs on SQLite, and on PostgreSQL when DATABASE_URL points there.
"""

from __future__ import annotations

import statistics
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import HoursEntry, Volunteer
from services.common.dates import add_months, month_start
from services.volunteering import retention as volunteer_retention
from services.volunteering.retention import DAYS_PER_MONTH, Retention, RetentionMonth
from services.volunteering.volunteers import ACTIVE_WINDOW_DAYS, STATUSES, status_of
from tests.factories import make_actor
from tests.when import TODAY


def _stayed(periods: list[tuple[date, date | None]], months: int, today: date) -> tuple[int, int]:
    eligible = [(s, e) for s, e in periods if add_months(s, months) <= today]
    kept = [1 for s, e in eligible if e is None or e >= s + timedelta(days=round(months * DAYS_PER_MONTH))]
    return len(kept), len(eligible)


def _counted_in_python(session: Session, today: date, months: int, actor_id: int | None) -> Retention:
    """The former implementation, verbatim but for the query's shape."""
    recent = today - timedelta(days=ACTIVE_WINDOW_DAYS)
    lately = select(HoursEntry.id).where(
        HoursEntry.volunteer_id == Volunteer.id, HoursEntry.worked_on >= recent
    )
    query = select(Volunteer.starts_on, Volunteer.ends_on, lately.exists())
    if actor_id is not None:
        query = query.where(Volunteer.actor_id == actor_id)
    rows = session.execute(query).all()
    statuses = [status_of(s, e, recent if w else None, today) for s, e, w in rows]
    counts = {status: statuses.count(status) for status in STATUSES}
    periods = [(s, e) for s, e, _ in rows if s <= today]
    ended = [(e - s).days for s, e in periods if e is not None and e < today]
    first = add_months(month_start(today), -(months - 1))
    series = []
    for i in range(months):
        start = add_months(first, i)
        end = add_months(start, 1) - timedelta(days=1)
        series.append(
            RetentionMonth(
                month=start,
                started=sum(1 for s, _ in periods if start <= s <= end),
                stopped=sum(1 for _, e in periods if e is not None and start <= e <= end and e < today),
                engaged=sum(1 for s, e in periods if s <= end and (e is None or e >= start)),
            )
        )
    return Retention(
        counts=counts,
        median_days_stayed=statistics.median(ended) if ended else None,
        stopped=len(ended),
        stayed_6_months=_stayed(periods, 6, today),
        stayed_12_months=_stayed(periods, 12, today),
        months=tuple(series),
    )


# Days from today: edges of months, of 6 and 12 months' stays and of the active window.
offset = st.one_of(
    st.integers(-800, 400),
    st.sampled_from([0, 1, -1, -89, -90, -91, -182, -183, -184, -365, -366, -367, 366]),
)
volunteer = st.tuples(
    offset,  # starts_on
    # days stayed, None: no end; 183 and 365 days are what 6 and 12 months' stays need
    st.one_of(st.none(), st.integers(0, 900), st.sampled_from([182, 183, 184, 364, 365, 366])),
    st.one_of(st.none(), st.integers(0, 200)),  # last hours worked, days after the start
    st.integers(0, 2),  # actor: none, the first, the second
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    people=st.lists(volunteer, max_size=25),
    today_shift=st.integers(-40, 40),
    months=st.sampled_from([0, 1, 6, 12, 13, 170, 400]),  # 170 and 400: more than one statement
    by_actor=st.booleans(),
)
def test_retention_is_what_python_counted(session, people, today_shift, months, by_actor):
    today = TODAY + timedelta(days=today_shift)
    actors = [None, make_actor(session).id, make_actor(session).id]
    for start, stayed, worked, actor in people:
        starts_on = TODAY + timedelta(days=start)
        ends_on = None if stayed is None else starts_on + timedelta(days=stayed)
        person = Volunteer(name="v", starts_on=starts_on, ends_on=ends_on, actor_id=actors[actor])
        session.add(person)
        session.flush()
        if worked is not None:
            session.add(
                HoursEntry(volunteer_id=person.id, worked_on=starts_on + timedelta(days=worked), minutes=30)
            )
    session.flush()
    actor_id = actors[1] if by_actor else None
    try:
        expected = _counted_in_python(session, today, months, actor_id)
        assert (
            volunteer_retention.retention(session, today=today, months=months, actor_id=actor_id) == expected
        )
    finally:
        session.rollback()  # the next example starts from no volunteers


def test_retention_of_nobody(session):
    got = volunteer_retention.retention(session, today=TODAY)
    assert got.counts == {status: 0 for status in STATUSES}
    assert (got.median_days_stayed, got.stopped, got.stayed_6_months) == (None, 0, (0, 0))
    assert [m.engaged for m in got.months] == [0] * 12
