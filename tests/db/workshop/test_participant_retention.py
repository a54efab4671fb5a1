"""Retention: participants' details go a set time after their workshop closes, and only then."""

from datetime import datetime, timedelta

from sqlalchemy import func, select

from db.models import AuditEvent, Idea, Participant
from services.admin.permissions import SYSTEM
from services.workshop import participant_retention, workshops
from tests.factories import make_idea, make_participant, make_workshop


def _named(session, workshop, name):
    person, _ = make_participant(
        session, workshop, display_name=name, age_band="30_49", area="Syd", first_time=False, areas=("Syd",)
    )
    return person


def _name(session, person):
    session.expire_all()
    return session.get(Participant, person.id).display_name


def test_details_go_once_the_workshop_has_been_closed_for_the_retention(session, clock_at):
    clock_at(datetime(2026, 1, 10, 12, 0))
    old, recent = make_workshop(session), make_workshop(session)
    running = make_workshop(session, starts_at=datetime(2026, 1, 10, 17, 0))
    gone, kept, still_here = (
        _named(session, old, "Åse"),
        _named(session, recent, "Bo"),
        _named(session, running, "Ib"),
    )
    idea = make_idea(session, old, participant_id=gone.id)
    workshops.move_phase(session, old.id, "closed", by_user_id=SYSTEM)
    clock_at(datetime(2026, 3, 1, 12, 0))
    workshops.move_phase(session, recent.id, "closed", by_user_id=SYSTEM)
    session.commit()

    clock_at(datetime(2026, 4, 11, 12, 0))  # 91 days after the first closed, 41 after the second
    run = participant_retention.anonymise_expired(session, days=90)
    session.commit()

    assert (run.workshops, run.participants) == (1, 1)
    session.expire_all()
    erased = session.get(Participant, gone.id)
    assert (erased.display_name, erased.age_band, erased.area, erased.first_time) == (None, None, None, None)
    assert erased.stakeholder_group == "citizen"
    assert session.get(Idea, idea.id).participant_id == gone.id
    assert (_name(session, kept), _name(session, still_here)) == ("Bo", "Ib")
    row = session.scalars(select(AuditEvent).where(AuditEvent.action == "participants.retention")).one()
    assert (row.user_id, row.entity_id) == (None, old.id)
    assert '"days": 90' in row.detail and '"participants": 1' in row.detail
    # The workshop that is still open began over 90 days ago: counted, kept.
    assert run.not_closed == 1

    # Running again does nothing more, and writes no more audit rows.
    again = participant_retention.anonymise_expired(session, days=90)
    assert (again.workshops, again.participants) == (0, 0)
    assert session.scalar(select(func.count()).where(AuditEvent.action == "participants.retention")) == 1


def test_reopening_a_workshop_restarts_the_count(session, clock_at):
    clock_at(datetime(2026, 1, 10, 12, 0))
    workshop = make_workshop(session)
    person = _named(session, workshop, "Grethe")
    workshops.move_phase(session, workshop.id, "closed", by_user_id=SYSTEM)
    clock_at(datetime(2026, 2, 1, 12, 0))
    workshops.move_phase(session, workshop.id, "results", by_user_id=SYSTEM)
    workshops.move_phase(session, workshop.id, "closed", by_user_id=SYSTEM)
    clock_at(datetime(2026, 1, 10, 12, 0) + timedelta(days=31))
    assert participant_retention.anonymise_expired(session, days=30).participants == 0
    assert _name(session, person) == "Grethe"
    clock_at(datetime(2026, 3, 3, 12, 0))
    assert participant_retention.anonymise_expired(session, days=30).participants == 1
    assert _name(session, person) is None


def test_zero_days_erases_at_the_first_run_after_closing(session):
    workshop = make_workshop(session)
    person = _named(session, workshop, "Grethe")
    assert participant_retention.anonymise_expired(session, days=0).participants == 0
    workshops.move_phase(session, workshop.id, "closed", by_user_id=SYSTEM)
    assert participant_retention.anonymise_expired(session, days=0).participants == 1
    assert _name(session, person) is None


def test_the_demo_keeps_its_participants_under_the_default_retention(demo, session):
    """Servers apply retention at start: a freshly seeded demo must come through it whole."""
    import config

    before = session.scalar(select(func.count()).where(Participant.display_name.is_not(None)))
    run = participant_retention.anonymise_expired(session, days=config.load().participant_retention_days)
    assert (run.workshops, run.participants) == (0, 0)
    assert session.scalar(select(func.count()).where(Participant.display_name.is_not(None))) == before > 0
