"""The kept volunteer time (`hours_month`, `volunteer_month`) against the hour entries themselves.

Random sequences of hours logged, group sessions, rows written as the import writes them,
rows deleted, initiatives, activities and actors deleted (their entries stay, on no
target) and volunteers anonymised go through the services; after every step the kept rows
must equal what the entries add up to, and at the end the period sums the dashboard
reads (services.volunteering.hours_sums) must equal the entries' own, for a period cut
anywhere. Runs on SQLite, and on PostgreSQL when DATABASE_URL points there.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import HoursEntry, HoursMonth, Initiative, VolunteerMonth
from services.action import actors, lifecycle
from services.common.dates import month_start
from services.common.errors import DomainError
from services.volunteering import hours, hours_sums, volunteers
from services.volunteering.hours_rules import NOWHERE, EntryDraft, Target, check_entry
from services.volunteering.time_scope import EVERYWHERE, Scope
from tests.factories import (
    make_activity,
    make_actor,
    make_initiative,
    make_process,
    make_user,
    make_volunteer,
)
from tests.when import TODAY

DAYS = 100  # a little over three months back: steps meet in the same months and straddle them
day = st.integers(0, DAYS).map(lambda n: TODAY - timedelta(days=n))
who = st.integers(0, 2)  # two named volunteers, or 2: three unnamed people
where = st.integers(0, 5)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("log"), who, day, where),
        st.tuples(st.just("log"), who, day, where),
        st.tuples(st.just("group"), day, where),
        st.tuples(st.just("import"), day, where),
        st.tuples(st.just("delete"), st.integers(0, 30)),
        st.tuples(st.just("delete_initiative"), st.integers(0, 1)),
        st.tuples(st.just("delete_activity"), st.integers(0, 1)),
        st.tuples(st.just("delete_actor"), st.just(0)),
        st.tuples(st.just("anonymise"), st.integers(0, 1)),
    ),
    min_size=4,
    max_size=30,
)


class World:
    def __init__(self, session: Session) -> None:
        self.staff = make_user(session, role="admin").id  # who may delete actors too
        # Ids, not rows: a deleted row's object cannot even tell its id once expired.
        processes = [make_process(session), make_process(session)]
        actor_rows = [make_actor(session), make_actor(session)]
        self.processes = [p.id for p in processes]
        self.initiatives = [make_initiative(session, process_id=p.id).id for p in processes]
        self.actors = [a.id for a in actor_rows]
        self.activities = [make_activity(session, a).id for a in actor_rows]
        self.volunteers = [make_volunteer(session).id for _ in range(2)]

    def target(self, n: int) -> Target:
        return [
            NOWHERE,
            Target(process_id=self.processes[0]),
            Target(initiative_id=self.initiatives[0]),
            Target(initiative_id=self.initiatives[1]),
            Target(activity_id=self.activities[0]),
            Target(activity_id=self.activities[1]),
        ][n]


def _apply(session: Session, w: World, step: tuple) -> None:
    kind, *args = step
    if kind == "log":
        person, worked_on, target = args
        named = person < 2
        hours.log_hours(
            session,
            worked_on=worked_on,
            minutes=90 if named else 3 * 60,
            volunteer_id=w.volunteers[person] if named else None,
            volunteers=1 if named else 3,
            target=w.target(target),
            by_user_id=w.staff,
            today=TODAY,
        )
    elif kind == "group":
        worked_on, target = args
        hours.log_group_session(
            session,
            worked_on=worked_on,
            minutes_each=60,
            volunteer_ids=list(w.volunteers),
            unnamed_volunteers=2,
            target=w.target(target),
            by_user_id=w.staff,
            today=TODAY,
        )
    elif kind == "import":  # what the import writes once its plan is checked
        worked_on, target = args
        drafts = [
            EntryDraft(worked_on, 30, 1, w.volunteers[0], w.target(target)),
            EntryDraft(worked_on - timedelta(days=40), 120, 4, None, w.target(target)),
        ]
        checked = [check_entry(session, d, today=TODAY) for d in drafts]
        hours.insert_entries(session, checked, by_user_id=w.staff)
    elif kind == "delete":
        ids = list(session.scalars(select(HoursEntry.id).order_by(HoursEntry.id)))
        if ids:
            hours.delete_hours_entry(session, ids[args[0] % len(ids)], by_user_id=w.staff)
    elif kind == "delete_initiative":
        lifecycle.delete_initiative(session, w.initiatives[args[0]], by_user_id=w.staff)
    elif kind == "delete_activity":
        actors.delete_activity(session, w.activities[args[0]], by_user_id=w.staff)
    elif kind == "delete_actor":
        actors.delete_actor(session, w.actors[0], by_user_id=w.staff)
    else:
        volunteers.anonymise_volunteer(session, w.volunteers[args[0]], by_user_id=w.staff)


def _entries(session: Session) -> list[tuple]:
    return list(
        session.execute(
            select(
                HoursEntry.worked_on,
                HoursEntry.process_id,
                HoursEntry.initiative_id,
                HoursEntry.activity_id,
                HoursEntry.volunteer_id,
                HoursEntry.minutes,
            )
        )
    )


def _kept(session: Session) -> tuple[set, set]:
    months = {tuple(r) for r in session.execute(select(HoursMonth.__table__))}
    named = {tuple(r) for r in session.execute(select(VolunteerMonth.__table__))}
    return months, named


def _from_entries(session: Session) -> tuple[set, set]:
    months: dict[tuple, list[int]] = {}
    named: dict[tuple, int] = {}
    for worked_on, p, i, a, v, minutes in _entries(session):
        key = (month_start(worked_on), p or 0, i or 0, a or 0)
        months.setdefault(key, [0, 0])
        months[key][0] += minutes
        months[key][1] += 1
        if v is not None:
            named[(v, month_start(worked_on))] = named.get((v, month_start(worked_on)), 0) + 1
    return (
        {(*key, m, n) for key, (m, n) in months.items()},
        {(v, month, n) for (v, month), n in named.items()},
    )


def _sums_from_entries(session: Session, start: date, end: date, scope: Scope) -> tuple:
    of_initiative = {i: p for i, p in session.execute(select(Initiative.id, Initiative.process_id))}
    by_month: dict[date, int] = {}
    by_target: dict[tuple, int] = {}
    named: set[int] = set()
    active: dict[date, set[int]] = {}
    for worked_on, p, i, a, v, minutes in _entries(session):
        if not start <= worked_on <= end:
            continue
        if scope.process_id is not None and scope.process_id not in (p, of_initiative.get(i)):
            continue
        by_month[month_start(worked_on)] = by_month.get(month_start(worked_on), 0) + minutes
        by_target[(i, a)] = by_target.get((i, a), 0) + minutes
        if v is not None:
            named.add(v)
            active.setdefault(month_start(worked_on), set()).add(v)
    return by_month, by_target, len(named), {m: len(vs) for m, vs in active.items()}


def _sums_kept(session: Session, start: date, end: date, scope: Scope) -> tuple:
    return (
        hours_sums.minutes_by_month(session, start, end, scope),
        hours_sums.minutes_by_target(session, start, end, scope),
        hours_sums.named_volunteers(session, start, end, scope),
        hours_sums.active_by_month(session, start, end, scope),
    )


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=steps, period=st.tuples(st.integers(0, DAYS + 20), st.integers(0, DAYS + 20)))
def test_kept_hours_equal_the_entries(session, sequence, period):
    w = World(session)
    session.flush()
    applied: dict[str, int] = {}
    for step in sequence:
        try:
            with session.begin_nested():  # a refusal undoes its step, as a page's scope would
                _apply(session, w, step)
            applied[step[0]] = applied.get(step[0], 0) + 1
        except DomainError:
            pass
        # Each step is a page's own unit of work: nothing read before it (an activity its
        # actor's deletion took along in the database) stays in the session.
        session.expire_all()
        # After every step, not only at the end: a later step must not hide an earlier slip.
        assert _kept(session) == _from_entries(session), step
    start, end = sorted(TODAY - timedelta(days=n) for n in period)
    for scope in (EVERYWHERE, Scope(process_id=w.processes[0])):
        assert _sums_kept(session, start, end, scope) == _sums_from_entries(session, start, end, scope)
    event(f"kinds applied: {sorted(applied)}")


def test_a_month_cut_by_the_period_is_read_from_its_entries(session):
    """A worked case: the kept month holds time outside the period, so the period's part is read."""
    staff = make_user(session, role="leader").id
    person = make_volunteer(session)
    for worked_on in (date(2026, 10, 2), date(2026, 10, 20), date(2026, 11, 3)):
        hours.log_hours(
            session, worked_on=worked_on, minutes=60, volunteer_id=person.id, by_user_id=staff, today=TODAY
        )
    s = hours_sums.split(session, date(2026, 10, 15), TODAY)
    assert s.kept == (date(2026, 11, 1),)  # nothing after today in November: kept
    assert s.raw == ((date(2026, 10, 15), date(2026, 10, 31)),)
    assert hours_sums.minutes_by_month(session, date(2026, 10, 15), TODAY) == {
        date(2026, 10, 1): 60,
        date(2026, 11, 1): 60,
    }
    assert hours_sums.named_volunteers(session, date(2026, 10, 15), TODAY) == 1
