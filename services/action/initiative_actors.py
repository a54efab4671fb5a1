"""The actors behind an initiative: who is on it, as its one lead or as a partner, with what
responsibilities (a new lead makes the previous one a partner), and which of the actors' running
activities it builds on.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Actor, InitiativeActor
from services.action.actors import get_activity, get_actor
from services.action.initiatives import get_initiative
from services.admin import audit
from services.admin.permissions import ByUser, can_manage_initiatives, require
from services.common.errors import Conflict, InvalidInput, NotFound
from services.common.text import clean_text, one_of
from vocabulary import INITIATIVE_ROLES

RESPONSIBILITIES_MAX = 2000


# --- actors and their roles --------------------------------------------------------------


def _get_link(session: Session, link_id: int) -> InitiativeActor:
    link = session.get(InitiativeActor, link_id)
    if link is None:
        raise NotFound("error.initiative_actor_not_found")
    return link


def _demote_lead(session: Session, initiative_id: int, except_link_id: int | None = None) -> str | None:
    """Make the current lead a partner (so a new lead can take over); returns its name."""
    current = session.execute(
        select(InitiativeActor, Actor.name)
        .join(Actor, Actor.id == InitiativeActor.actor_id)
        .where(InitiativeActor.initiative_id == initiative_id, InitiativeActor.role == "lead")
    ).first()
    if current is None or current[0].id == except_link_id:
        return None
    current[0].role = "partner"
    # Flushed on its own, before the new lead: the one-lead index checks every statement.
    session.flush()
    return current[1]


def add_actor(
    session: Session,
    initiative_id: int,
    *,
    actor_id: int | None,
    role: str,
    responsibilities: str = "",
    by_user_id: ByUser,
) -> str | None:
    """Put an actor on an initiative; a new lead makes the previous lead a partner (its name is returned)."""
    require(session, by_user_id, can_manage_initiatives)
    initiative = get_initiative(session, initiative_id)
    if actor_id is None:
        raise InvalidInput("error.required", field="actor")
    actor = get_actor(session, actor_id)
    role = one_of(role, INITIATIVE_ROLES, field="initiative_role")
    responsibilities = clean_text(
        responsibilities,
        field="responsibilities",
        max_len=RESPONSIBILITIES_MAX,
        required=False,
        multiline=True,
    )
    exists = session.scalar(
        select(InitiativeActor.id).where(
            InitiativeActor.initiative_id == initiative.id, InitiativeActor.actor_id == actor.id
        )
    )
    if exists is not None:
        raise Conflict("error.actor_already_on_initiative", name=actor.name)
    demoted = _demote_lead(session, initiative.id) if role == "lead" else None
    session.add(
        InitiativeActor(
            initiative_id=initiative.id, actor_id=actor.id, role=role, responsibilities=responsibilities
        )
    )
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="initiative.add_actor",
        entity="initiative",
        entity_id=initiative.id,
        actor=actor.id,
        role=role,
    )
    return demoted


def update_actor_role(
    session: Session,
    link_id: int,
    *,
    role: str,
    responsibilities: str = "",
    by_user_id: ByUser,
) -> str | None:
    """Change an actor's role or responsibilities on an initiative; returns a demoted lead's name."""
    require(session, by_user_id, can_manage_initiatives)
    link = _get_link(session, link_id)
    role = one_of(role, INITIATIVE_ROLES, field="initiative_role")
    responsibilities = clean_text(
        responsibilities,
        field="responsibilities",
        max_len=RESPONSIBILITIES_MAX,
        required=False,
        multiline=True,
    )
    demoted = _demote_lead(session, link.initiative_id, except_link_id=link.id) if role == "lead" else None
    link.role = role
    link.responsibilities = responsibilities
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="initiative.update_actor",
        entity="initiative",
        entity_id=link.initiative_id,
        actor=link.actor_id,
        role=role,
    )
    return demoted


def remove_actor(session: Session, link_id: int, *, by_user_id: ByUser) -> None:
    require(session, by_user_id, can_manage_initiatives)
    link = _get_link(session, link_id)
    audit.record(
        session,
        user_id=by_user_id,
        action="initiative.remove_actor",
        entity="initiative",
        entity_id=link.initiative_id,
        actor=link.actor_id,
    )
    session.delete(link)
    session.flush()


# --- the activities it builds on ---------------------------------------------------------


def link_activity(session: Session, initiative_id: int, activity_id: int, *, by_user_id: ByUser) -> None:
    """Build on something that already runs."""
    require(session, by_user_id, can_manage_initiatives)
    initiative = get_initiative(session, initiative_id)
    activity = get_activity(session, activity_id)
    if activity in initiative.activities:
        raise Conflict("error.activity_already_linked", title=activity.title)
    initiative.activities.append(activity)
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="initiative.link_activity",
        entity="initiative",
        entity_id=initiative_id,
    )


def unlink_activity(session: Session, initiative_id: int, activity_id: int, *, by_user_id: ByUser) -> None:
    require(session, by_user_id, can_manage_initiatives)
    initiative = get_initiative(session, initiative_id)
    initiative.activities = [a for a in initiative.activities if a.id != activity_id]
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="initiative.unlink_activity",
        entity="initiative",
        entity_id=initiative_id,
    )
