"""Volunteer hours: positive, plausible, not in the future, inside the volunteering period; who may delete."""

from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from db.models import AuditEvent, HoursEntry
from services.admin.permissions import SYSTEM
from services.common.errors import InvalidInput, NotAllowed, NotFound
from services.volunteering import hours, hours_choices
from services.volunteering.hours_rules import Target
from services.workshop import processes
from tests.factories import HOSTILE, make_activity, make_initiative, make_process, make_user, make_volunteer
from tests.when import TODAY


def _total(session) -> int:
    return session.scalar(select(func.coalesce(func.sum(HoursEntry.minutes), 0)))


def test_one_volunteer_with_activity_and_initiative_takes_the_initiatives_process(session):
    process = make_process(session)
    initiative = make_initiative(session, process_id=process.id)
    activity = make_activity(session)
    v = make_volunteer(session)
    entry = hours.log_hours(
        session,
        worked_on=date(2026, 11, 20),
        minutes=150,
        volunteer_id=v.id,
        target=Target(initiative_id=initiative.id, activity_id=activity.id),
        note=f" {HOSTILE} ",
        today=TODAY,
        by_user_id=SYSTEM,
    )
    assert (entry.minutes, entry.volunteers, entry.process_id, entry.note) == (150, 1, process.id, HOSTILE)
    rows = hours.recent_entries(session)
    assert (rows[0].volunteer_name, rows[0].initiative, rows[0].activity) == (
        v.name,
        initiative.title,
        activity.title,
    )


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ({"worked_on": date(2026, 11, 24)}, "error.date_in_future"),
        ({"worked_on": None}, "error.required"),
        ({"worked_on": date(2010, 1, 1)}, "error.date_too_old"),
        ({"minutes": 0}, "error.hours_positive"),
        ({"minutes": -30}, "error.hours_positive"),
        ({"minutes": 24 * 60 + 1}, "error.hours_too_many"),
        ({"minutes": 121, "volunteers": 0, "volunteer_id": None}, "error.volunteers_range"),
        ({"minutes": 600, "volunteers": 2}, "error.named_group"),
        ({"worked_on": date(2024, 12, 31)}, "error.hours_outside_period"),
        ({"note": "x" * 501}, "error.too_long"),
    ],
)
def test_implausible_hours_are_refused_and_nothing_is_written(session, values, key):
    v = make_volunteer(session, starts_on=date(2025, 1, 1))
    arguments = {
        "worked_on": date(2026, 11, 1),
        "minutes": 120,
        "volunteer_id": v.id,
        "today": TODAY,
    } | values
    with pytest.raises(InvalidInput) as err:
        hours.log_hours(session, **arguments, by_user_id=SYSTEM)
    assert err.value.key == key
    assert _total(session) == 0


def test_no_one_works_more_than_24_hours_on_a_day_across_entries(session):
    v = make_volunteer(session)
    hours.log_hours(
        session,
        worked_on=date(2026, 11, 2),
        minutes=20 * 60,
        volunteer_id=v.id,
        today=TODAY,
        by_user_id=SYSTEM,
    )
    with pytest.raises(InvalidInput) as err:
        hours.log_hours(
            session,
            worked_on=date(2026, 11, 2),
            minutes=5 * 60,
            volunteer_id=v.id,
            today=TODAY,
            by_user_id=SYSTEM,
        )
    assert err.value.key == "error.hours_day_limit"
    hours.log_hours(
        session,
        worked_on=date(2026, 11, 2),
        minutes=4 * 60,
        volunteer_id=v.id,
        today=TODAY,
        by_user_id=SYSTEM,
    )
    hours.log_hours(
        session,
        worked_on=date(2026, 11, 3),
        minutes=5 * 60,
        volunteer_id=v.id,
        today=TODAY,
        by_user_id=SYSTEM,
    )
    assert _total(session) == 29 * 60


def test_unknown_targets_and_a_mismatched_process_are_refused(session):
    other = make_process(session)
    initiative = make_initiative(session, process_id=make_process(session).id)
    for target, error in (
        (Target(activity_id=999), NotFound),
        (Target(initiative_id=999), NotFound),
        (Target(process_id=999), NotFound),
        (Target(process_id=other.id, initiative_id=initiative.id), InvalidInput),
    ):
        with pytest.raises(error):
            hours.log_hours(
                session,
                worked_on=date(2026, 11, 2),
                minutes=60,
                target=target,
                today=TODAY,
                by_user_id=SYSTEM,
            )
    assert _total(session) == 0


def test_a_group_session_gives_a_row_per_named_volunteer_and_one_for_the_rest(session):
    activity = make_activity(session)
    a, b = make_volunteer(session), make_volunteer(session)
    entries = hours.log_group_session(
        session,
        worked_on=date(2026, 11, 18),
        minutes_each=180,
        volunteer_ids=[a.id, b.id, a.id],
        unnamed_volunteers=4,
        target=Target(activity_id=activity.id),
        today=TODAY,
        by_user_id=SYSTEM,
    )
    assert sorted((e.volunteer_id or 0, e.volunteers, e.minutes) for e in entries) == [
        (0, 4, 720),
        (a.id, 1, 180),
        (b.id, 1, 180),
    ]
    assert _total(session) == 6 * 180


def test_a_group_session_is_all_or_nothing(session):
    a = make_volunteer(session, starts_on=date(2025, 1, 1))
    late = make_volunteer(session, starts_on=date(2026, 11, 20))
    with pytest.raises(InvalidInput) as err:
        hours.log_group_session(
            session,
            worked_on=date(2026, 11, 18),
            minutes_each=120,
            volunteer_ids=[a.id, late.id],
            today=TODAY,
            by_user_id=SYSTEM,
        )
    assert err.value.key == "error.hours_outside_period"
    with pytest.raises(InvalidInput) as err:
        hours.log_group_session(
            session, worked_on=date(2026, 11, 18), minutes_each=120, today=TODAY, by_user_id=SYSTEM
        )
    assert err.value.key == "error.group_empty"
    assert _total(session) == 0


def test_the_database_itself_refuses_implausible_rows(session):
    session.commit()
    for values in ("'2026-11-01', 1441, 1", "'2026-11-01', 0, 1", "'2026-11-01', 60, 0"):
        with pytest.raises(IntegrityError):
            session.execute(
                text(
                    "INSERT INTO hours_entry (worked_on, minutes, volunteers, note, created_at) "
                    f"VALUES ({values}, '', CURRENT_TIMESTAMP)"
                )
            )
        session.rollback()
    v = make_volunteer(session)
    session.commit()
    with pytest.raises(IntegrityError):
        session.execute(
            text(
                "INSERT INTO hours_entry (volunteer_id, worked_on, minutes, volunteers, note, created_at) "
                "VALUES (:v, '2026-11-01', 120, 2, '', CURRENT_TIMESTAMP)"
            ),
            {"v": v.id},
        )
    session.rollback()


def test_facilitators_delete_only_their_own_entries_leaders_any(session):
    facilitator = make_user(session, role="facilitator")
    colleague = make_user(session, role="facilitator")
    leader = make_user(session, role="leader")
    v = make_volunteer(session)
    mine = hours.log_hours(
        session,
        worked_on=date(2026, 11, 2),
        minutes=60,
        volunteer_id=v.id,
        by_user_id=facilitator.id,
        today=TODAY,
    )
    theirs = hours.log_hours(
        session,
        worked_on=date(2026, 11, 3),
        minutes=60,
        volunteer_id=v.id,
        by_user_id=colleague.id,
        today=TODAY,
    )
    with pytest.raises(NotAllowed):
        hours.delete_hours_entry(session, theirs.id, by_user_id=facilitator.id)
    # The role is the database's: a facilitator made politician may no longer delete even their own.
    facilitator.role = "politician"
    with pytest.raises(NotAllowed):
        hours.delete_hours_entry(session, mine.id, by_user_id=facilitator.id)
    facilitator.role = "facilitator"
    hours.delete_hours_entry(session, mine.id, by_user_id=facilitator.id)
    hours.delete_hours_entry(session, theirs.id, by_user_id=leader.id)
    assert _total(session) == 0
    assert session.scalar(select(func.count()).where(AuditEvent.action == "hours.delete")) == 2
    with pytest.raises(NotFound):
        hours.delete_hours_entry(session, theirs.id, by_user_id=leader.id)


def test_choices_leave_out_anonymised_volunteers_and_keep_equal_names_apart(session):
    from services.volunteering import volunteers

    a = make_volunteer(session, name="Ole")
    b = make_volunteer(session, name="Ole")
    gone = make_volunteer(session, name="Gone")
    volunteers.anonymise_volunteer(session, gone.id, by_user_id=SYSTEM)
    labels = [c.label for c in hours_choices.choices(session).volunteers]
    assert labels == [f"Ole (#{a.id})", f"Ole (#{b.id})"]


def test_the_only_running_process_is_the_one_preselected(session):
    processes.create_process(
        session, title="Forår", starts_on=date(2026, 2, 1), ends_on=date(2026, 6, 30), by_user_id=SYSTEM
    )
    now = processes.create_process(session, title="Nu", starts_on=date(2026, 9, 1), by_user_id=SYSTEM)
    assert hours_choices.choices(session, today=TODAY).running_process_id == now.id
    processes.create_process(session, title="Også nu", by_user_id=SYSTEM)
    assert hours_choices.choices(session, today=TODAY).running_process_id is None  # two run: no guess
