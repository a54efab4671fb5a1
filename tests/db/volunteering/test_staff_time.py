"""Staff time: plausible entries per person and day, and who may correct them."""

from datetime import date

import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, StaffTimeEntry
from services.admin.permissions import SYSTEM
from services.common.errors import InvalidInput, NotAllowed
from services.volunteering import staff_time
from services.volunteering.hours_rules import Target
from tests.factories import HOSTILE, make_activity, make_process, make_user
from tests.when import TODAY


def _log(session, **overrides):
    values = {
        "worked_on": date(2026, 11, 20),
        "minutes": 90,
        "kind": "coordination",
        "staff_name": "Lene",
        "today": TODAY,
        "by_user_id": SYSTEM,
    } | overrides
    return staff_time.log_staff_time(session, **values)


def test_staff_time_is_stored_with_kind_and_target(session):
    user = make_user(session)
    process = make_process(session)
    activity = make_activity(session)
    entry = _log(
        session,
        user_id=user.id,
        staff_name=user.display_name,
        kind="training",
        target=Target(process_id=process.id, activity_id=activity.id),
        note=HOSTILE,
    )
    rows = staff_time.recent_staff_time(session)
    assert (rows[0].id, rows[0].kind, rows[0].process, rows[0].activity, rows[0].note) == (
        entry.id,
        "training",
        process.title,
        activity.title,
        HOSTILE,
    )
    assert staff_time.recent_staff_time(session, user_id=user.id + 1) == []


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"kind": "lunch"}, "error.not_a_choice"),
        ({"kind": None}, "error.required"),
        ({"staff_name": " "}, "error.required"),
        ({"minutes": 0}, "error.hours_positive"),
        ({"worked_on": date(2026, 11, 24)}, "error.date_in_future"),
        ({"minutes": 25 * 60}, "error.hours_day_limit"),
    ],
)
def test_bad_staff_time_is_refused(session, overrides, key):
    with pytest.raises(InvalidInput) as err:
        _log(session, **overrides)
    assert err.value.key == key
    assert session.scalar(select(func.count()).select_from(StaffTimeEntry)) == 0


def test_the_day_limit_is_per_person(session):
    user = make_user(session)
    _log(session, minutes=20 * 60, user_id=user.id, staff_name="Jonas")
    _log(session, minutes=20 * 60, staff_name="Lene")  # someone else, logged on her behalf
    with pytest.raises(InvalidInput):
        _log(session, minutes=5 * 60, user_id=user.id, staff_name="Jonas")
    with pytest.raises(InvalidInput):
        _log(session, minutes=5 * 60, staff_name="lene")
    _log(session, minutes=4 * 60, staff_name="Mette")


def test_the_month_total_is_every_entry_of_the_month(session):
    """More entries than the page lists (300): the month's figure still counts them all."""
    me, other = make_user(session), make_user(session)
    days = [date(2026, 11, day) for day in range(1, 24)]
    mine = [
        StaffTimeEntry(
            user_id=me.id, staff_name="Jonas", worked_on=days[i % 23], minutes=30 + i % 4, kind="training"
        )
        for i in range(320)
    ]
    theirs = StaffTimeEntry(
        user_id=other.id, staff_name="Mette", worked_on=days[0], minutes=45, kind="training"
    )
    on_behalf = StaffTimeEntry(staff_name="Lene", worked_on=days[-1], minutes=75, kind="coordination")
    elsewhere = [  # the months either side stay out
        StaffTimeEntry(user_id=me.id, staff_name="Jonas", worked_on=day, minutes=600, kind="training")
        for day in (date(2026, 10, 31), date(2026, 12, 1))
    ]
    session.add_all([*mine, theirs, on_behalf, *elsewhere])
    session.flush()
    my_minutes = sum(e.minutes for e in mine)

    assert staff_time.minutes_in_month(session, TODAY, user_id=me.id) == my_minutes
    assert staff_time.minutes_in_month(session, TODAY, user_id=other.id) == 45
    assert staff_time.minutes_in_month(session, TODAY) == my_minutes + 45 + 75
    assert staff_time.minutes_in_month(session, date(2026, 9, 15)) == 0
    listed = staff_time.recent_staff_time(session, limit=300, user_id=me.id)
    november = [r for r in listed if r.worked_on.month == 11]
    assert sum(r.minutes for r in november) < my_minutes  # what the page used to sum


def test_only_own_entries_for_facilitators(session):
    me, other = make_user(session), make_user(session)
    admin = make_user(session, role="admin")
    mine = _log(session, user_id=me.id, by_user_id=me.id)
    theirs = _log(session, user_id=other.id, by_user_id=other.id)
    with pytest.raises(NotAllowed):
        staff_time.delete_staff_time(session, theirs.id, by_user_id=me.id)
    staff_time.delete_staff_time(session, mine.id, by_user_id=me.id)
    staff_time.delete_staff_time(session, theirs.id, by_user_id=admin.id)
    assert session.scalar(select(func.count()).select_from(StaffTimeEntry)) == 0


def test_a_facilitator_logs_only_their_own_time_and_every_entry_is_audited(session):
    me = make_user(session, role="facilitator")
    leader = make_user(session, role="leader")
    with pytest.raises(NotAllowed):
        _log(session, staff_name="Lene", by_user_id=me.id)  # on someone's behalf
    with pytest.raises(NotAllowed):
        _log(session, user_id=leader.id, staff_name="Leder", by_user_id=me.id)
    own = _log(session, user_id=me.id, staff_name="Jonas", by_user_id=me.id)
    behalf = _log(session, staff_name="Lene", by_user_id=leader.id)
    created = session.execute(
        select(AuditEvent.entity_id, AuditEvent.user_id).where(AuditEvent.action == "staff_time.create")
    ).all()
    assert sorted(created) == sorted([(own.id, me.id), (behalf.id, leader.id)])
    assert session.scalar(select(func.count()).select_from(StaffTimeEntry)) == 2
