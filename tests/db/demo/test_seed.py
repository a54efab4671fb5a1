"""The demo municipality is realistic and obeys every rule the app enforces."""

from sqlalchemy import func, select

from db.models import Actor, Idea, Participant, User, Vote, Workshop
from demo.seed import DEMO_ACCOUNTS
from services.admin import users
from services.workshop import join_codes


def test_demo_has_roles_workshops_and_an_open_code(session, demo):
    assert sorted(session.scalars(select(User.role))) == sorted(r for _, r, _, _ in DEMO_ACCOUNTS)
    for username, _, password, _ in DEMO_ACCOUNTS:
        assert users.check_password(password, users.user_by_username(session, username).password_hash)
    phases = dict(session.execute(select(Workshop.id, Workshop.phase)).all())
    assert [phases[i] for i in demo.workshop_ids] == ["closed", "closed", "collect"]
    assert join_codes.workshop_by_code(session, demo.open_workshop_code).id == demo.workshop_ids[2]
    assert session.scalar(select(func.count()).select_from(Actor)) >= 4


def test_demo_votes_respect_budget_and_cap(session, demo):
    for workshop in session.scalars(select(Workshop)):
        per_person = dict(
            session.execute(
                select(Vote.participant_id, func.sum(Vote.dots))
                .where(Vote.workshop_id == workshop.id)
                .group_by(Vote.participant_id)
            ).all()
        )
        for person in session.scalars(select(Participant).where(Participant.workshop_id == workshop.id)):
            assert person.votes_used == per_person.get(person.id, 0) <= workshop.dot_budget
        max_on_one = session.scalar(select(func.max(Vote.dots)).where(Vote.workshop_id == workshop.id))
        assert max_on_one is None or max_on_one <= workshop.dots_per_idea


def test_demo_participants_come_from_several_groups(session, demo):
    closed = demo.workshop_ids[:2]
    groups = set(
        session.scalars(select(Participant.stakeholder_group).where(Participant.workshop_id.in_(closed)))
    )
    assert len(groups) >= 5
    assert session.scalar(select(func.count()).select_from(Idea).where(Idea.workshop_id.in_(closed))) >= 25
