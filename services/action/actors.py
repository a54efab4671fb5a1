"""Actors (associations, municipal units, groups, businesses, institutions) and what they already run."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Activity, Actor, HoursEntry, Initiative, InitiativeActor, initiative_activity
from services.admin import audit
from services.admin.permissions import ByUser, can_delete_actors, can_manage_actors, require
from services.common.errors import Conflict, InvalidInput, NotFound
from services.common.search import fold, matches
from services.common.text import clean_text, one_of, plain
from services.volunteering import hours_kept
from vocabulary import ACTOR_KINDS

NAME_MAX = 200
DESCRIPTION_MAX = 3000
_PHONE = re.compile(r"[0-9+()\- ./]{3,40}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class ActorRow:
    id: int
    name: str
    kind: str
    description: str
    contact_name: str
    contact_email: str
    contact_phone: str
    activities: int
    initiatives: int
    leads: int


@dataclass(frozen=True)
class ActivityRow:
    id: int
    actor_id: int
    actor_name: str
    actor_kind: str
    title: str
    description: str
    target_group: str
    place: str
    schedule: str
    active: bool
    initiatives: list[str] = field(default_factory=list)


def _clean_actor(
    name: str, kind: str, description: str, contact_name: str, contact_email: str, contact_phone: str
) -> dict:
    email = clean_text(contact_email, field="contact_email", max_len=254, required=False)
    if email and not _EMAIL.fullmatch(email):
        raise InvalidInput("error.email_format")
    phone = clean_text(contact_phone, field="contact_phone", max_len=40, required=False)
    if phone and not _PHONE.fullmatch(phone):
        raise InvalidInput("error.phone_format")
    return {
        "name": clean_text(name, field="actor_name", max_len=NAME_MAX),
        "kind": one_of(kind, ACTOR_KINDS, field="actor_kind"),
        "description": clean_text(
            description, field="description", max_len=DESCRIPTION_MAX, required=False, multiline=True
        ),
        "contact_name": clean_text(contact_name, field="contact_name", max_len=120, required=False),
        "contact_email": email,
        "contact_phone": phone,
    }


def _name_free(session: Session, name: str, actor_id: int | None = None) -> None:
    # Compared folded in Python: SQLite's lower() would let "Øst" and "øst" both in.
    taken = session.execute(select(Actor.id, Actor.name)).all()
    if any(fold(other) == fold(name) and other_id != actor_id for other_id, other in taken):
        raise Conflict("error.actor_name_taken", name=name)


def get_actor(session: Session, actor_id: int) -> Actor:
    actor = session.get(Actor, actor_id)
    if actor is None:
        raise NotFound("error.actor_not_found")
    return actor


def create_actor(
    session: Session,
    *,
    name: str,
    kind: str,
    description: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    by_user_id: ByUser,
) -> Actor:
    require(session, by_user_id, can_manage_actors)
    values = _clean_actor(name, kind, description, contact_name, contact_email, contact_phone)
    _name_free(session, values["name"])
    actor = Actor(**values)
    session.add(actor)
    session.flush()
    audit.record(session, user_id=by_user_id, action="actor.create", entity="actor", entity_id=actor.id)
    return actor


def update_actor(
    session: Session,
    actor_id: int,
    *,
    name: str,
    kind: str,
    description: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    by_user_id: ByUser,
) -> Actor:
    require(session, by_user_id, can_manage_actors)
    actor = get_actor(session, actor_id)
    values = _clean_actor(name, kind, description, contact_name, contact_email, contact_phone)
    _name_free(session, values["name"], actor_id)
    for key, value in values.items():
        setattr(actor, key, value)
    session.flush()
    audit.record(session, user_id=by_user_id, action="actor.update", entity="actor", entity_id=actor.id)
    return actor


def delete_actor(session: Session, actor_id: int, *, by_user_id: ByUser) -> None:
    """Delete an actor and its activities; refused while it leads or partners an initiative."""
    require(session, by_user_id, can_delete_actors)
    actor = get_actor(session, actor_id)
    roles = session.execute(
        select(InitiativeActor.role, Initiative.title)
        .join(Initiative, Initiative.id == InitiativeActor.initiative_id)
        .where(InitiativeActor.actor_id == actor_id)
        .order_by(InitiativeActor.role, Initiative.title)
    ).all()
    leads = [title for role, title in roles if role == "lead"]
    if leads:
        raise Conflict("error.actor_leads", name=actor.name, initiatives=", ".join(leads))
    if roles:
        raise Conflict("error.actor_partners", name=actor.name, initiatives=", ".join(t for _, t in roles))
    audit.record(
        session,
        user_id=by_user_id,
        action="actor.delete",
        entity="actor",
        entity_id=actor.id,
        name=actor.name,
    )
    # Its activities go with it, and their hour entries stay on no activity: the kept months follow.
    with hours_kept.moving(
        session, HoursEntry.activity_id.in_(select(Activity.id).where(Activity.actor_id == actor.id))
    ):
        session.delete(actor)
        session.flush()


def list_actors(
    session: Session, *, search: str = "", kinds: list[str] | tuple[str, ...] = ()
) -> list[ActorRow]:
    """Actors matching a search (name, description, contact) and kinds, by name."""
    activities = select(func.count(Activity.id)).where(Activity.actor_id == Actor.id).scalar_subquery()
    initiatives = (
        select(func.count(InitiativeActor.id)).where(InitiativeActor.actor_id == Actor.id).scalar_subquery()
    )
    leads = (
        select(func.count(InitiativeActor.id))
        .where(InitiativeActor.actor_id == Actor.id, InitiativeActor.role == "lead")
        .scalar_subquery()
    )
    query = select(Actor, activities, initiatives, leads)
    if kinds:
        query = query.where(Actor.kind.in_([plain(kind) for kind in kinds]))
    rows = [
        ActorRow(
            a.id,
            a.name,
            a.kind,
            a.description,
            a.contact_name,
            a.contact_email,
            a.contact_phone,
            n_activities,
            n_initiatives,
            n_leads,
        )
        for a, n_activities, n_initiatives, n_leads in session.execute(query)
        if matches(search, a.name, a.description, a.contact_name)
    ]
    return sorted(rows, key=lambda r: fold(r.name))


def actor_names(session: Session) -> dict[int, str]:
    """Every actor's name by id, alphabetically, for pickers."""
    return dict(sorted(session.execute(select(Actor.id, Actor.name)).all(), key=lambda row: fold(row[1])))


# --- existing activities -----------------------------------------------------------------


def _clean_activity(
    title: str, description: str, target_group: str, place: str, schedule: str
) -> dict[str, str]:
    return {
        "title": clean_text(title, field="title", max_len=200),
        "description": clean_text(
            description, field="description", max_len=DESCRIPTION_MAX, required=False, multiline=True
        ),
        "target_group": clean_text(target_group, field="target_group", max_len=200, required=False),
        "place": clean_text(place, field="place", max_len=200, required=False),
        "schedule": clean_text(schedule, field="schedule", max_len=200, required=False),
    }


def get_activity(session: Session, activity_id: int) -> Activity:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise NotFound("error.activity_not_found")
    return activity


def create_activity(
    session: Session,
    *,
    actor_id: int | None,
    title: str,
    description: str = "",
    target_group: str = "",
    place: str = "",
    schedule: str = "",
    active: bool = True,
    by_user_id: ByUser,
) -> Activity:
    require(session, by_user_id, can_manage_actors)
    if actor_id is None:
        raise InvalidInput("error.required", field="actor")
    get_actor(session, actor_id)
    activity = Activity(
        actor_id=actor_id,
        active=bool(active),
        **_clean_activity(title, description, target_group, place, schedule),
    )
    session.add(activity)
    session.flush()
    audit.record(
        session, user_id=by_user_id, action="activity.create", entity="activity", entity_id=activity.id
    )
    return activity


def update_activity(
    session: Session,
    activity_id: int,
    *,
    actor_id: int | None,
    title: str,
    description: str = "",
    target_group: str = "",
    place: str = "",
    schedule: str = "",
    active: bool = True,
    by_user_id: ByUser,
) -> Activity:
    require(session, by_user_id, can_manage_actors)
    activity = get_activity(session, activity_id)
    if actor_id is None:
        raise InvalidInput("error.required", field="actor")
    get_actor(session, actor_id)
    values = _clean_activity(title, description, target_group, place, schedule)
    for key, value in values.items():
        setattr(activity, key, value)
    activity.actor_id = actor_id
    activity.active = bool(active)
    session.flush()
    audit.record(
        session, user_id=by_user_id, action="activity.update", entity="activity", entity_id=activity.id
    )
    return activity


def delete_activity(session: Session, activity_id: int, *, by_user_id: ByUser) -> None:
    require(session, by_user_id, can_delete_actors)
    activity = get_activity(session, activity_id)
    audit.record(
        session,
        user_id=by_user_id,
        action="activity.delete",
        entity="activity",
        entity_id=activity.id,
        title=activity.title,
    )
    with hours_kept.moving(session, HoursEntry.activity_id == activity.id):
        session.delete(activity)
        session.flush()


def list_activities(
    session: Session,
    *,
    search: str = "",
    actor_id: int | None = None,
    active_only: bool = False,
) -> list[ActivityRow]:
    """Existing activities with their actor and the initiatives they are linked to."""
    query = select(Activity, Actor.name, Actor.kind).join(Actor, Actor.id == Activity.actor_id)
    if actor_id is not None:
        query = query.where(Activity.actor_id == actor_id)
    if active_only:
        query = query.where(Activity.active.is_(True))
    rows = [
        row
        for row in session.execute(query).all()
        if matches(
            search,
            row[0].title,
            row[0].description,
            row[0].target_group,
            row[0].place,
            row[0].schedule,
            row[1],
        )
    ]
    rows.sort(key=lambda row: (fold(row[1]), fold(row[0].title)))
    linked: dict[int, list[str]] = {}
    if rows:
        for activity_id, title in session.execute(
            select(initiative_activity.c.activity_id, Initiative.title)
            .join(Initiative, Initiative.id == initiative_activity.c.initiative_id)
            .where(initiative_activity.c.activity_id.in_([a.id for a, _, _ in rows]))
            .order_by(Initiative.title)
        ):
            linked.setdefault(activity_id, []).append(title)
    return [
        ActivityRow(
            a.id,
            a.actor_id,
            name,
            kind,
            a.title,
            a.description,
            a.target_group,
            a.place,
            a.schedule,
            a.active,
            linked.get(a.id, []),
        )
        for a, name, kind in rows
    ]
