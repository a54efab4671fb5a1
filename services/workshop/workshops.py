"""Workshops: the row, the list, settings, moving the phase, the timer, and the board version tablets poll."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

import clock
import logs
from db.models import Idea, Participant, Process, Workshop, table_of
from services.admin import audit
from services.admin.permissions import ByUser, can_run_workshops, require, user_id_of
from services.common.errors import InvalidInput, NotFound, WrongPhase
from services.common.text import clean_text, one_of
from services.workshop.phases import dot_rules_frozen, dots_cast, ensure_open
from vocabulary import PHASES

DOT_BUDGET_MAX = 50


def get_workshop(session: Session, workshop_id: int) -> Workshop:
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound("error.workshop_not_found")
    return workshop


def check_dot_rules(dot_budget: int, dots_per_idea: int) -> None:
    """A dot budget within bounds, and a cap per idea no larger than the budget."""
    if not 1 <= dot_budget <= DOT_BUDGET_MAX:
        raise InvalidInput("error.dot_budget", min=1, max=DOT_BUDGET_MAX)
    if not 1 <= dots_per_idea <= dot_budget:
        raise InvalidInput("error.dots_per_idea", max=dot_budget)


# The counter each channel of a board moves; "votes" apart, so hidden votes move nothing tablets see.
VERSION_COLUMNS = {"board": Workshop.board_version, "votes": Workshop.votes_version}
# touch_board's statement per channel, built once as a Core statement: it runs with every
# change (each dot, with votes shown), and building it each time through the ORM was a
# tenth of a dot's CPU (services/workshop/dot_statements.py).
_BUMP = {
    channel: update(table_of(Workshop))
    .where(table_of(Workshop).c.id == bindparam("workshop_id"))
    .values({column.key: column + 1})
    .returning(column)
    for channel, column in ((c, table_of(Workshop).c[col.key]) for c, col in VERSION_COLUMNS.items())
}


def touch_board(session: Session, workshop_id: int, *, channel: str = "board") -> int:
    """Note a change on a workshop's board, so every tablet polling the version re-reads it.

    One UPDATE bumps the channel's counter on the workshop row, in the transaction of the
    change, and returns the new value. The row stays locked until that transaction ends,
    so a second change waits and takes the next number only once the first has committed:
    the counter moves in commit order, and a poll that read n has seen every change up to
    n. Callers touch the board at the end of their change (an audit row may follow), so
    the lock is held for little more than the COMMIT.
    """
    bump = _BUMP[channel]
    # The change's pending rows first (Core statements do not autoflush): the counter's row
    # lock is then held for little more than the COMMIT, as before.
    session.flush()
    version = session.execute(bump, {"workshop_id": workshop_id}).scalar_one()
    # A Workshop loaded in this session shows the value the database handed out.
    loaded = session.identity_map.get(identity_key(Workshop, workshop_id))
    if loaded is not None:
        set_committed_value(loaded, VERSION_COLUMNS[channel].key, version)
    return version


def board_version(session: Session, workshop_id: int, channel: str = "board") -> int:
    """The counter of one channel of a workshop's board: one primary-key read."""
    return session.scalar(select(VERSION_COLUMNS[channel]).where(Workshop.id == workshop_id)) or 0


@dataclass(frozen=True)
class WorkshopRow:
    id: int
    process_id: int
    process_title: str
    title: str
    starts_at: datetime | None
    place: str
    code: str
    phase: str
    participants: int
    ideas: int


def list_workshops(session: Session, process_id: int | None = None) -> list[WorkshopRow]:
    participants = (
        select(func.count(Participant.id)).where(Participant.workshop_id == Workshop.id).scalar_subquery()
    )
    ideas = (
        select(func.count(Idea.id))
        .where(Idea.workshop_id == Workshop.id, Idea.status == "active", Idea.hidden.is_(False))
        .scalar_subquery()
    )
    query = (
        select(Workshop, Process.title, participants, ideas)
        .join(Process, Process.id == Workshop.process_id)
        .order_by(Workshop.starts_at.desc().nulls_first(), Workshop.id.desc())
    )
    if process_id is not None:
        query = query.where(Workshop.process_id == process_id)
    return [
        WorkshopRow(
            id=w.id,
            process_id=w.process_id,
            process_title=process_title,
            title=w.title,
            starts_at=w.starts_at,
            place=w.place,
            code=w.code,
            phase=w.phase,
            participants=n_participants,
            ideas=n_ideas,
        )
        for w, process_title, n_participants, n_ideas in session.execute(query)
    ]


# --- running a workshop ----------------------------------------------------------------

TIMER_MAX_MINUTES = 240


def move_phase(session: Session, workshop_id: int, phase: str, *, by_user_id: ByUser) -> Workshop:
    """Move a workshop to `phase` (any direction; the console confirms going back).

    A running timer belongs to the phase it was started in, so it stops.
    """
    require(session, by_user_id, can_run_workshops)
    workshop = get_workshop(session, workshop_id)
    one_of(phase, PHASES, field="phase")
    if phase == workshop.phase:
        return workshop
    old = workshop.phase
    workshop.phase = phase
    workshop.phase_changed_at = clock.utcnow()
    workshop.timer_ends_at = None
    touch_board(session, workshop.id)
    audit.record(
        session,
        user_id=by_user_id,
        action="workshop.phase",
        entity="workshop",
        entity_id=workshop.id,
        old=old,
        new=phase,
    )
    logs.event(
        "workshop.phase",
        workshop_id=workshop.id,
        from_phase=old,
        to_phase=phase,
        user_id=user_id_of(by_user_id),
    )
    return workshop


def start_timer(session: Session, workshop_id: int, minutes: int, *, by_user_id: ByUser) -> Workshop:
    require(session, by_user_id, can_run_workshops)
    workshop = get_workshop(session, workshop_id)
    ensure_open(workshop)
    if not 1 <= minutes <= TIMER_MAX_MINUTES:
        raise InvalidInput("error.timer_minutes", max=TIMER_MAX_MINUTES)
    workshop.timer_ends_at = clock.utcnow() + timedelta(minutes=minutes)
    touch_board(session, workshop.id)
    audit.record(
        session,
        user_id=by_user_id,
        action="workshop.timer",
        entity="workshop",
        entity_id=workshop.id,
        minutes=minutes,
    )
    return workshop


def stop_timer(session: Session, workshop_id: int, *, by_user_id: ByUser) -> Workshop:
    require(session, by_user_id, can_run_workshops)
    workshop = get_workshop(session, workshop_id)
    if workshop.timer_ends_at is not None:
        workshop.timer_ends_at = None
        touch_board(session, workshop.id)
        audit.record(
            session,
            user_id=by_user_id,
            action="workshop.timer_stop",
            entity="workshop",
            entity_id=workshop.id,
        )
    return workshop


@dataclass(frozen=True)
class WorkshopSettings:
    """What a facilitator may change while a workshop runs: the keyword arguments of update_settings."""

    title: str
    starts_at: datetime | None
    place: str
    dot_budget: int
    dots_per_idea: int
    anonymous_ideas: bool
    comments_enabled: bool
    hide_votes_until_reveal: bool


def settings_of(workshop: Workshop) -> WorkshopSettings:
    # Each setting is the workshop's column of the same name.
    return WorkshopSettings(**{f.name: getattr(workshop, f.name) for f in fields(WorkshopSettings)})


def update_settings(
    session: Session,
    workshop_id: int,
    *,
    title: str,
    starts_at: datetime | None,
    place: str,
    dot_budget: int,
    dots_per_idea: int,
    anonymous_ideas: bool,
    comments_enabled: bool,
    hide_votes_until_reveal: bool,
    by_user_id: ByUser,
) -> Workshop:
    """Change a workshop's settings; the dot rules are frozen once voting has begun or a dot is cast."""
    require(session, by_user_id, can_run_workshops)
    workshop = get_workshop(session, workshop_id)
    ensure_open(workshop)
    title = clean_text(title, field="title", max_len=200)
    place = clean_text(place, field="place", max_len=200, required=False)
    check_dot_rules(dot_budget, dots_per_idea)
    changed = (dot_budget, dots_per_idea) != (workshop.dot_budget, workshop.dots_per_idea)
    if changed and dot_rules_frozen(workshop, dots_cast=dots_cast(session, workshop.id)):
        raise WrongPhase("error.dots_frozen")
    workshop.title, workshop.starts_at, workshop.place = title, starts_at, place
    workshop.dot_budget, workshop.dots_per_idea = dot_budget, dots_per_idea
    workshop.anonymous_ideas = anonymous_ideas
    workshop.comments_enabled = comments_enabled
    workshop.hide_votes_until_reveal = hide_votes_until_reveal
    touch_board(session, workshop.id)
    audit.record(
        session, user_id=by_user_id, action="workshop.settings", entity="workshop", entity_id=workshop.id
    )
    return workshop
