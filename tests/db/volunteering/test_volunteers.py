"""Volunteers: minimal data with consent, dates that hold, status, retention, anonymising keeps aggregates."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, HoursEntry, Volunteer
from services.admin.permissions import SYSTEM
from services.common.errors import Conflict, InvalidInput, NotFound
from services.volunteering import hours, volunteers
from services.volunteering import retention as volunteer_retention
from tests.factories import HOSTILE, make_actor, make_volunteer
from tests.when import TODAY


def test_register_keeps_text_as_typed_and_records_who(session):
    actor = make_actor(session)
    v = volunteers.register_volunteer(
        session,
        name=f"  {HOSTILE}  ",
        actor_id=actor.id,
        starts_on=date(2026, 1, 5),
        skills="Kører bil\r\nStrikker",
        by_user_id=SYSTEM,
        today=TODAY,
    )
    assert v.name == HOSTILE
    assert v.skills == "Kører bil\nStrikker"
    assert (
        session.scalar(
            select(AuditEvent.action).where(AuditEvent.entity == "volunteer", AuditEvent.entity_id == v.id)
        )
        == "volunteer.create"
    )


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"name": "  "}, "error.required"),
        ({"name": "x" * 121}, "error.too_long"),
        ({"name": "Ole\x07"}, "error.control_characters"),
        ({"starts_on": None}, "error.required"),
        ({"starts_on": date(2026, 5, 1), "ends_on": date(2026, 4, 30)}, "error.dates_order"),
        ({"contact": "ole@example.dk"}, "error.consent_required"),
        ({"consent_on": TODAY + timedelta(days=1)}, "error.date_in_future"),
        ({"starts_on": TODAY + timedelta(days=400)}, "error.date_too_far_ahead"),
    ],
)
def test_register_refuses_bad_input_and_writes_nothing(session, overrides, key):
    values = {"name": "Ole", "starts_on": date(2026, 1, 1), "today": TODAY} | overrides
    with pytest.raises(InvalidInput) as err:
        volunteers.register_volunteer(session, **values, by_user_id=SYSTEM)
    assert err.value.key == key
    assert session.scalar(select(func.count()).select_from(Volunteer)) == 0


def test_unknown_actor_is_not_found(session):
    with pytest.raises(NotFound):
        volunteers.register_volunteer(
            session, name="Ole", starts_on=TODAY, actor_id=999, today=TODAY, by_user_id=SYSTEM
        )


def test_contact_with_consent_and_the_database_refuses_bad_dates(session):
    v = make_volunteer(session, contact="22 33 44 55", consent_on=date(2025, 1, 1))
    assert v.contact == "22 33 44 55"
    v.ends_on = date(2024, 1, 1)
    with pytest.raises(Exception, match=r"(?i)check|constraint"):
        session.flush()


def test_changing_dates_may_not_leave_logged_hours_outside(session):
    v = make_volunteer(session, name="Grethe", starts_on=date(2026, 1, 1))
    hours.log_hours(
        session, worked_on=date(2026, 3, 4), minutes=120, volunteer_id=v.id, today=TODAY, by_user_id=SYSTEM
    )
    with pytest.raises(Conflict) as err:
        volunteers.update_volunteer(
            session,
            v.id,
            name="Grethe",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 3, 1),
            today=TODAY,
            by_user_id=SYSTEM,
        )
    assert err.value.key == "error.volunteer_dates_exclude_hours"
    assert err.value.params == {"first": date(2026, 3, 4), "last": date(2026, 3, 4)}
    updated = volunteers.update_volunteer(
        session,
        v.id,
        name="Grethe N.",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 3, 31),
        today=TODAY,
        by_user_id=SYSTEM,
    )
    assert (updated.name, updated.ends_on) == ("Grethe N.", date(2026, 3, 31))


def test_anonymising_clears_personal_data_and_keeps_the_hours(session):
    actor = make_actor(session)
    v = make_volunteer(
        session, actor_id=actor.id, contact="ole@example.dk", consent_on=date(2025, 1, 1), skills="Harmonika"
    )
    hours.log_hours(
        session,
        worked_on=date(2026, 3, 4),
        minutes=150,
        volunteer_id=v.id,
        note="Ole var syg",
        today=TODAY,
        by_user_id=SYSTEM,
    )
    before = session.scalar(select(func.sum(HoursEntry.minutes)))
    volunteers.anonymise_volunteer(session, v.id, by_user_id=SYSTEM)
    session.expire_all()
    v = session.get(Volunteer, v.id)
    assert (v.name, v.contact, v.skills, v.consent_on, v.anonymised) == ("", "", "", None, True)
    assert (v.actor_id, v.starts_on) == (actor.id, date(2025, 1, 1))
    assert session.scalar(select(func.sum(HoursEntry.minutes))) == before == 150
    assert session.scalar(select(HoursEntry.note)) == ""
    # Nothing more can be added to or changed on an anonymised volunteer.
    with pytest.raises(Conflict):
        hours.log_hours(
            session, worked_on=date(2026, 3, 5), minutes=60, volunteer_id=v.id, today=TODAY, by_user_id=SYSTEM
        )
    with pytest.raises(Conflict):
        volunteers.update_volunteer(
            session, v.id, name="Ole", starts_on=date(2025, 1, 1), today=TODAY, by_user_id=SYSTEM
        )
    # The audit log says what happened but does not repeat the name.
    detail = session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "volunteer.anonymise"))
    assert "Ole" not in detail and HOSTILE not in detail


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "last", "status"),
    [
        (date(2026, 12, 1), None, None, "upcoming"),
        (date(2026, 10, 1), None, None, "active"),
        (date(2024, 1, 1), None, date(2026, 9, 1), "active"),
        (date(2024, 1, 1), None, date(2026, 6, 1), "dormant"),
        (date(2024, 1, 1), None, None, "dormant"),
        (date(2024, 1, 1), date(2026, 11, 1), date(2026, 10, 30), "ended"),
        (date(2024, 1, 1), TODAY, None, "dormant"),
    ],
)
def test_status_follows_dates_and_recent_hours(starts_on, ends_on, last, status):
    assert volunteers.status_of(starts_on, ends_on, last, TODAY) == status


def test_list_and_retention_count_what_happened(session):
    a = make_volunteer(session, name="A", starts_on=date(2024, 1, 1))  # active: hours last month
    b = make_volunteer(
        session, name="B", starts_on=date(2025, 6, 1), ends_on=date(2025, 9, 1)
    )  # stayed 92 days
    c = make_volunteer(session, name="C", starts_on=date(2026, 2, 10), ends_on=date(2026, 10, 10))  # 242 days
    make_volunteer(session, name="D", starts_on=date(2026, 12, 1))  # upcoming
    hours.log_hours(
        session, worked_on=date(2026, 10, 20), minutes=90, volunteer_id=a.id, today=TODAY, by_user_id=SYSTEM
    )
    hours.log_hours(
        session, worked_on=date(2025, 8, 1), minutes=60, volunteer_id=b.id, today=TODAY, by_user_id=SYSTEM
    )
    rows = {r.name: r for r in volunteers.list_volunteers(session, today=TODAY)}
    assert {n: r.status for n, r in rows.items()} == {
        "A": "active",
        "B": "ended",
        "C": "ended",
        "D": "upcoming",
    }
    assert (rows["A"].minutes, rows["A"].last_worked_on) == (90, date(2026, 10, 20))
    listed = list(rows.values())
    assert [r.name for r in volunteers.matching(listed, statuses=["ended"], search=" c ")] == ["C"]
    assert [r.name for r in volunteers.matching(listed, statuses=["active", "upcoming"])] == ["A", "D"]
    assert volunteers.matching(listed, actor_id=-1) == []
    volunteers.anonymise_volunteer(session, c.id, by_user_id=SYSTEM)
    result = volunteer_retention.retention(session, today=TODAY)
    assert result.counts == {"upcoming": 1, "active": 1, "dormant": 0, "ended": 2}
    assert result.median_days_stayed == (92 + 242) / 2  # the anonymised volunteer still counts
    assert round(result.median_months_stayed, 1) == 5.5
    assert result.stayed_6_months == (2, 3)  # A and C stayed; B stopped after three months
    assert result.stayed_12_months == (1, 2)  # A; B started 12+ months ago and left
    october = next(m for m in result.months if m.month == date(2026, 10, 1))
    assert (october.started, october.stopped, october.engaged) == (0, 1, 2)
    assert len(result.months) == 12 and result.months[-1].month == date(2026, 11, 1)
