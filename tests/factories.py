"""Plain factory functions; every default text is hostile, so every screen proves it escapes."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from db.models import (
    Activity,
    Actor,
    Idea,
    Initiative,
    Participant,
    Process,
    SurveyWave,
    User,
    Volunteer,
    Vote,
    Workshop,
)
from services.action import actors, lifecycle
from services.admin import users
from services.admin.permissions import SYSTEM
from services.surveys import waves
from services.volunteering import volunteers
from services.workshop import counts, new_workshops, participants, processes
from tests.when import TODAY

HOSTILE = "<script>alert(1)</script> **bold**"
_n = itertools.count(1)


def make_user(session: Session, **overrides: Any) -> User:
    n = next(_n)
    values: dict[str, Any] = {
        "username": f"user{n}",
        "display_name": f"{HOSTILE} {n}",
        "role": "facilitator",
        "password": "correct horse battery",
        "rounds": 4,
        "by_user_id": SYSTEM,
    } | overrides
    return users.create_user(session, **values)


def make_process(session: Session, **overrides: Any) -> Process:
    values: dict[str, Any] = {
        "title": f"{HOSTILE} process {next(_n)}",
        "description": HOSTILE,
        "by_user_id": SYSTEM,
    } | overrides
    return processes.create_process(session, **values)


def make_workshop(session: Session, *, phase: str = "collect", **overrides: Any) -> Workshop:
    if "process_id" not in overrides:
        overrides["process_id"] = make_process(session).id
    values: dict[str, Any] = {
        "title": f"{HOSTILE} workshop {next(_n)}",
        "place": HOSTILE,
        "starts_at": datetime(2026, 11, 23, 17, 0),
        "themes": [f"{HOSTILE} theme A", f"{HOSTILE} theme B"],
        "by_user_id": SYSTEM,
    } | overrides
    workshop = new_workshops.create_workshop(session, **values)
    workshop.phase = phase
    session.flush()
    return workshop


def make_participant(session: Session, workshop: Workshop, **overrides: Any) -> tuple[Participant, str]:
    values: dict[str, Any] = {"stakeholder_group": "citizen", "display_name": f"{HOSTILE}"[:40]} | overrides
    return participants.join(session, workshop.code, **values)


def make_idea(session: Session, workshop: Workshop, **overrides: Any) -> Idea:
    values: dict[str, Any] = {
        "workshop_id": workshop.id,
        "theme_id": workshop.themes[0].id if workshop.themes else None,
        "title": f"{HOSTILE} idea {next(_n)}",
        "description": HOSTILE,
    } | overrides
    idea = Idea(**values)
    session.add(idea)
    session.flush()
    return idea


def make_vote(session: Session, workshop: Workshop, person: Participant, idea: Idea, dots: int) -> Vote:
    """Dots put straight into the table (past budget and phase checks), then counted as a dot would be."""
    vote = Vote(workshop_id=workshop.id, idea_id=idea.id, participant_id=person.id, dots=dots)
    session.add(vote)
    person.votes_used += dots
    session.flush()
    counts.recount(session, [idea.merged_into_id or idea.id])
    return vote


def make_actor(session: Session, **overrides: Any) -> Actor:
    values: dict[str, Any] = {
        "name": f"{HOSTILE} actor {next(_n)}",
        "kind": "association",
        "description": HOSTILE,
        "contact_name": f"{HOSTILE} contact"[:120],
        "by_user_id": SYSTEM,
    } | overrides
    return actors.create_actor(session, **values)


def make_activity(session: Session, actor: Actor | None = None, **overrides: Any) -> Activity:
    values: dict[str, Any] = {
        "actor_id": (actor or make_actor(session)).id,
        "title": f"{HOSTILE} activity {next(_n)}",
        "description": HOSTILE,
        "target_group": HOSTILE,
        "place": HOSTILE,
        "schedule": HOSTILE,
        "by_user_id": SYSTEM,
    } | overrides
    return actors.create_activity(session, **values)


def make_initiative(session: Session, **overrides: Any) -> Initiative:
    values: dict[str, Any] = {
        "title": f"{HOSTILE} initiative {next(_n)}",
        "description": HOSTILE,
        "by_user_id": SYSTEM,
    } | overrides
    return lifecycle.create_initiative(session, **values)


# --- volunteers, hours, surveys -------------------------------------------------------


def make_volunteer(session: Session, **overrides: Any) -> Volunteer:
    values: dict[str, Any] = {
        "name": f"{HOSTILE} volunteer {next(_n)}",
        "starts_on": date(2025, 1, 1),
        "today": TODAY,
        "by_user_id": SYSTEM,
    } | overrides
    return volunteers.register_volunteer(session, **values)


def make_wave(
    session: Session, *, instrument_key: str = "cocreation_competences", **overrides: Any
) -> SurveyWave:
    values: dict[str, Any] = {
        "title": f"{HOSTILE} wave {next(_n)}",
        "today": TODAY,
        "by_user_id": SYSTEM,
    } | overrides
    return waves.create_wave(session, instrument_key=instrument_key, **values)
