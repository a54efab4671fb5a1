"""Dot voting: spending and taking back dots, with budget and per-idea cap held by the database.

Every change starts with one conditional UPDATE of the participant's row
(`votes_used < budget`, and only while the workshop is in the vote phase). It is atomic
on its own, and it locks that row until the transaction ends, so everything else a
participant does with dots happens one transaction at a time, even from two devices.
On SQLite, BEGIN IMMEDIATE serialises writers anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, delete, func, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

import clock
from db.models import Idea, Participant, Vote, Workshop
from services.common.errors import Conflict, LimitReached, NotFound, WorkshopClosed, WrongPhase
from services.workshop.workshops import touch_board


@dataclass(frozen=True)
class DotState:
    idea_id: int
    my_dots: int
    dots_left: int


def _in_vote_phase():  # noqa: ANN202 - a SQL expression
    return (
        select(Workshop.id).where(Workshop.id == Participant.workshop_id, Workshop.phase == "vote").exists()
    )


def _refusal(session: Session, participant_id: int, *, adding: bool) -> Exception:
    """Why the conditional update changed nothing."""
    participant = session.get(Participant, participant_id)
    if participant is None:
        return NotFound("error.participant_link")
    workshop = participant.workshop
    if workshop.phase == "closed":
        return WorkshopClosed("error.workshop_read_only", title=workshop.title)
    if workshop.phase != "vote":
        return WrongPhase("error.phase_vote", phase=workshop.phase)
    return (
        LimitReached("error.no_dots_left", budget=workshop.dot_budget)
        if adding
        else Conflict("error.no_dot_here")
    )


def _keep_in_step(session: Session, participant_id: int, votes_used: int) -> None:
    """The UPDATE bypassed the ORM; a Participant already loaded in this session shows the new count."""
    loaded = session.identity_map.get(identity_key(Participant, participant_id))
    if loaded is not None:
        set_committed_value(loaded, "votes_used", votes_used)


def _survivor(session: Session, workshop_id: int, idea_id: int) -> int:
    """The idea a dot lands on: the idea itself, or the survivor it was merged into."""
    row = session.execute(
        select(Idea.merged_into_id, Idea.hidden, Idea.status, Idea.workshop_id).where(Idea.id == idea_id)
    ).first()
    if row is None or row.workshop_id != workshop_id or row.hidden or row.status != "active":
        raise NotFound("error.idea_not_found")
    return idea_id if row.merged_into_id is None else _survivor(session, workshop_id, row.merged_into_id)


def _in_group(participant_id: int, survivor_id: int):  # noqa: ANN202 - a SQL condition
    """A participant's votes on a survivor and on the ideas merged into it."""
    return (Vote.participant_id == participant_id) & (
        func.coalesce(Idea.merged_into_id, Idea.id) == survivor_id
    )


def _group(session: Session, participant_id: int, survivor_id: int) -> tuple[int, int | None]:
    """(the participant's dots on a survivor's group, the id of their row on the survivor itself)."""
    total, own = session.execute(
        select(func.coalesce(func.sum(Vote.dots), 0), func.max(case((Vote.idea_id == survivor_id, Vote.id))))
        .join(Idea, Idea.id == Vote.idea_id)
        .where(_in_group(participant_id, survivor_id))
    ).one()
    return int(total), own


def _change_dots(vote_id: int, by: int):  # noqa: ANN202 - a SQL statement
    return update(Vote).where(Vote.id == vote_id).values(dots=Vote.dots + by, updated_at=clock.utcnow())


def add_dot(session: Session, participant_id: int, idea_id: int) -> DotState:
    """Spend one dot on an idea (on its survivor, if it was merged).

    Plain SQL statements, and few: on SQLite every other writer waits for this one.
    """
    with session.begin_nested():
        spent = session.execute(
            update(Participant)
            .where(
                Participant.id == participant_id,
                _in_vote_phase(),
                Participant.votes_used
                < select(Workshop.dot_budget).where(Workshop.id == Participant.workshop_id).scalar_subquery(),
            )
            .values(votes_used=Participant.votes_used + 1)
            .returning(Participant.votes_used, Participant.workshop_id)
            .execution_options(synchronize_session=False)
        ).first()
        if spent is None:
            raise _refusal(session, participant_id, adding=True)
        votes_used, workshop_id = spent
        budget, cap = session.execute(
            select(Workshop.dot_budget, Workshop.dots_per_idea).where(Workshop.id == workshop_id)
        ).one()
        survivor = _survivor(session, workshop_id, idea_id)
        mine, own = _group(session, participant_id, survivor)
        if mine >= cap:
            raise LimitReached("error.idea_cap", cap=cap)
        if own is None:
            new = {
                "workshop_id": workshop_id,
                "idea_id": survivor,
                "participant_id": participant_id,
                "dots": 1,
            }
            session.execute(insert(Vote).values(**new))
        else:
            session.execute(_change_dots(own, +1))
        touch_board(session, workshop_id, "vote", channel="votes")
    _keep_in_step(session, participant_id, votes_used)
    return DotState(survivor, mine + 1, budget - votes_used)


def take_dot(session: Session, participant_id: int, idea_id: int) -> DotState:
    """Take one of your dots back from an idea (or from the ideas merged into it)."""
    with session.begin_nested():
        returned = session.execute(
            update(Participant)
            .where(Participant.id == participant_id, _in_vote_phase(), Participant.votes_used > 0)
            .values(votes_used=Participant.votes_used - 1)
            .returning(Participant.votes_used, Participant.workshop_id)
            .execution_options(synchronize_session=False)
        ).first()
        if returned is None:
            raise _refusal(session, participant_id, adding=False)
        votes_used, workshop_id = returned
        survivor = _survivor(session, workshop_id, idea_id)
        # The survivor's own row first, then the fullest merged one.
        row = session.execute(
            select(Vote.id, Vote.dots)
            .join(Idea, Idea.id == Vote.idea_id)
            .where(_in_group(participant_id, survivor))
            .order_by(case((Vote.idea_id == survivor, 0), else_=1), Vote.dots.desc())
            .limit(1)
        ).first()
        if row is None:
            raise Conflict("error.no_dot_here")
        if row.dots == 1:
            session.execute(delete(Vote).where(Vote.id == row.id))
        else:
            session.execute(_change_dots(row.id, -1))
        touch_board(session, workshop_id, "unvote", channel="votes")
        mine, _ = _group(session, participant_id, survivor)
        budget = session.execute(select(Workshop.dot_budget).where(Workshop.id == workshop_id)).scalar_one()
    _keep_in_step(session, participant_id, votes_used)
    return DotState(survivor, mine, budget - votes_used)


def _proxy(session: Session, proxy_id: int, workshop_id: int) -> Participant:
    proxy = session.get(Participant, proxy_id)
    if proxy is None or proxy.workshop_id != workshop_id or not proxy.is_proxy:
        raise NotFound("error.proxy_not_found")
    return proxy


def add_dot_for(session: Session, workshop_id: int, proxy_id: int, idea_id: int) -> DotState:
    """The facilitator spends a dot for someone without a tablet (a proxy participant)."""
    return add_dot(session, _proxy(session, proxy_id, workshop_id).id, idea_id)


def take_dot_for(session: Session, workshop_id: int, proxy_id: int, idea_id: int) -> DotState:
    return take_dot(session, _proxy(session, proxy_id, workshop_id).id, idea_id)


def my_dots(session: Session, participant_id: int) -> dict[int, int]:
    """A participant's raw dots per idea (merged ideas included, keyed by the voted idea)."""
    return dict(
        session.execute(select(Vote.idea_id, Vote.dots).where(Vote.participant_id == participant_id)).all()
    )
