"""Volunteers: registration with minimal personal data, status, and anonymisation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

import clock
from db.models import Actor, HoursEntry, Volunteer
from services.admin import audit
from services.admin.permissions import ByUser, can_manage_volunteers, require
from services.common.errors import Conflict, InvalidInput, NotFound
from services.common.text import clean_text
from services.volunteering import name_scrub

NAME_MAX = 120
CONTACT_MAX = 254
SKILLS_MAX = 1000
# Someone with no hours for this long is "dormant" rather than active.
ACTIVE_WINDOW_DAYS = 90
STATUSES = ("upcoming", "active", "dormant", "ended")
# A start date this far ahead is a typing mistake, not a plan.
MAX_DAYS_AHEAD = 366


@dataclass(frozen=True)
class VolunteerRow:
    id: int
    name: str
    contact: str
    actor_id: int | None
    actor_name: str
    starts_on: date
    ends_on: date | None
    skills: str
    consent_on: date | None
    anonymised: bool
    status: str
    minutes: int
    last_worked_on: date | None


def status_of(starts_on: date, ends_on: date | None, last_worked_on: date | None, today: date) -> str:
    """upcoming, active, dormant (no hours for ACTIVE_WINDOW_DAYS) or ended."""
    if ends_on is not None and ends_on < today:
        return "ended"
    if starts_on > today:
        return "upcoming"
    recent = today - timedelta(days=ACTIVE_WINDOW_DAYS)
    if starts_on >= recent or (last_worked_on is not None and last_worked_on >= recent):
        return "active"
    return "dormant"


def get_volunteer(session: Session, volunteer_id: int) -> Volunteer:
    volunteer = session.get(Volunteer, volunteer_id)
    if volunteer is None:
        raise NotFound("error.volunteer_not_found")
    return volunteer


def _validated(
    session: Session,
    *,
    name: str,
    contact: str,
    actor_id: int | None,
    starts_on: date | None,
    ends_on: date | None,
    skills: str,
    consent_on: date | None,
    today: date,
) -> dict:
    name = clean_text(name, field="volunteer_name", max_len=NAME_MAX)
    contact = clean_text(contact, field="contact", max_len=CONTACT_MAX, required=False)
    skills = clean_text(skills, field="skills", max_len=SKILLS_MAX, required=False, multiline=True)
    if actor_id is not None and session.get(Actor, actor_id) is None:
        raise NotFound("error.actor_not_found")
    if starts_on is None:
        raise InvalidInput("error.required", field="starts_on")
    if starts_on > today + timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidInput("error.date_too_far_ahead", field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise InvalidInput("error.dates_order")
    if consent_on is not None and consent_on > today:
        raise InvalidInput("error.date_in_future", field="consent_on")
    # Contact details are personal data beyond a name: only with recorded consent.
    if contact and consent_on is None:
        raise InvalidInput("error.consent_required")
    return {
        "name": name,
        "contact": contact,
        "actor_id": actor_id,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "skills": skills,
        "consent_on": consent_on,
    }


def register_volunteer(
    session: Session,
    *,
    name: str,
    starts_on: date | None,
    contact: str = "",
    actor_id: int | None = None,
    ends_on: date | None = None,
    skills: str = "",
    consent_on: date | None = None,
    by_user_id: ByUser,
    today: date | None = None,
) -> Volunteer:
    require(session, by_user_id, can_manage_volunteers)
    values = _validated(
        session,
        name=name,
        contact=contact,
        actor_id=actor_id,
        starts_on=starts_on,
        ends_on=ends_on,
        skills=skills,
        consent_on=consent_on,
        today=today or clock.today(),
    )
    volunteer = Volunteer(**values)
    session.add(volunteer)
    session.flush()
    audit.record(
        session, user_id=by_user_id, action="volunteer.create", entity="volunteer", entity_id=volunteer.id
    )
    return volunteer


def update_volunteer(
    session: Session,
    volunteer_id: int,
    *,
    name: str,
    starts_on: date | None,
    contact: str = "",
    actor_id: int | None = None,
    ends_on: date | None = None,
    skills: str = "",
    consent_on: date | None = None,
    by_user_id: ByUser,
    today: date | None = None,
) -> Volunteer:
    require(session, by_user_id, can_manage_volunteers)
    volunteer = get_volunteer(session, volunteer_id)
    if volunteer.anonymised:
        raise Conflict("error.volunteer_anonymised")
    values = _validated(
        session,
        name=name,
        contact=contact,
        actor_id=actor_id,
        starts_on=starts_on,
        ends_on=ends_on,
        skills=skills,
        consent_on=consent_on,
        today=today or clock.today(),
    )
    # Hours already logged must still fall inside the volunteering period.
    first, last = session.execute(
        select(func.min(HoursEntry.worked_on), func.max(HoursEntry.worked_on)).where(
            HoursEntry.volunteer_id == volunteer_id
        )
    ).one()
    if first is not None and (
        first < values["starts_on"] or (values["ends_on"] and last > values["ends_on"])
    ):
        raise Conflict("error.volunteer_dates_exclude_hours", first=first, last=last)
    changed = sorted(k for k, v in values.items() if getattr(volunteer, k) != v)
    for key, value in values.items():
        setattr(volunteer, key, value)
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="volunteer.update",
        entity="volunteer",
        entity_id=volunteer.id,
        fields=changed,
    )
    return volunteer


def anonymise_volunteer(session: Session, volunteer_id: int, *, by_user_id: ByUser) -> Volunteer:
    """Clear the personal data, keep the dates, affiliation and hours for the aggregates.

    Notes on the volunteer's hours are cleared too: a free-text note is where a name or a
    health detail would hide. Their name is also taken out of other notes and audit details
    (services.volunteering.name_scrub).
    """
    require(session, by_user_id, can_manage_volunteers)
    volunteer = get_volunteer(session, volunteer_id)
    if volunteer.anonymised:
        return volunteer
    name_scrub.forget_volunteer_name(session, volunteer, by_user_id=by_user_id)
    volunteer.name = ""
    volunteer.contact = ""
    volunteer.skills = ""
    volunteer.consent_on = None
    volunteer.anonymised = True
    session.execute(update(HoursEntry).where(HoursEntry.volunteer_id == volunteer_id).values(note=""))
    session.flush()
    audit.record(
        session, user_id=by_user_id, action="volunteer.anonymise", entity="volunteer", entity_id=volunteer.id
    )
    return volunteer


def list_volunteers(
    session: Session,
    *,
    today: date | None = None,
    include_anonymised: bool = True,
    actor_id: int | None = None,
) -> list[VolunteerRow]:
    today = today or clock.today()
    totals = (
        select(
            HoursEntry.volunteer_id,
            func.sum(HoursEntry.minutes).label("minutes"),
            func.max(HoursEntry.worked_on).label("last"),
        )
        .where(HoursEntry.volunteer_id.is_not(None))
        .group_by(HoursEntry.volunteer_id)
        .subquery()
    )
    query = (
        select(Volunteer, Actor.name, totals.c.minutes, totals.c.last)
        .outerjoin(Actor, Actor.id == Volunteer.actor_id)
        .outerjoin(totals, totals.c.volunteer_id == Volunteer.id)
        .order_by(Volunteer.anonymised, Volunteer.name, Volunteer.id)
    )
    if not include_anonymised:
        query = query.where(Volunteer.anonymised.is_(False))
    if actor_id is not None:
        query = query.where(Volunteer.actor_id == actor_id)
    return [
        VolunteerRow(
            id=v.id,
            name=v.name,
            contact=v.contact,
            actor_id=v.actor_id,
            actor_name=actor or "",
            starts_on=v.starts_on,
            ends_on=v.ends_on,
            skills=v.skills,
            consent_on=v.consent_on,
            anonymised=v.anonymised,
            status=status_of(v.starts_on, v.ends_on, last, today),
            minutes=int(minutes or 0),
            last_worked_on=last,
        )
        for v, actor, minutes, last in session.execute(query)
    ]


def matching(
    rows: list[VolunteerRow],
    *,
    search: str = "",
    statuses: Sequence[str] = (),
    actor_id: int | None = None,
) -> list[VolunteerRow]:
    """The volunteers whose name or skills hold `search`, in any of `statuses` (none: all), of the actor."""
    needle = search.strip().casefold()
    return [
        r
        for r in rows
        if (not statuses or r.status in statuses)
        and (actor_id is None or r.actor_id == actor_id)
        and (not needle or needle in r.name.casefold() or needle in r.skills.casefold())
    ]


def actor_choices(session: Session) -> list[tuple[int, str]]:
    """Actors a volunteer can be affiliated to, by name."""
    return [(i, n) for i, n in session.execute(select(Actor.id, Actor.name).order_by(Actor.name))]
