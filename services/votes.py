"""Dot voting: spending and taking back dots, with budget and per-idea cap held by the database.

Every change starts with one conditional UPDATE of the participant's row
(`votes_used < budget`, and only while the workshop is in the vote phase). It is atomic
on its own, and it locks that row until the transaction ends, so everything else a
participant does with dots happens one transaction at a time, even from two devices.
On SQLite, BEGIN IMMEDIATE serialises writers anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.models import Idea, Participant, Vote, Workshop
from services.errors import Conflict, LimitReached, NotFound, WorkshopClosed, WrongPhase
from services.ideas import visible_idea
from services.workshops import touch_board


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
    workshop = session.get(Workshop, participant.workshop_id)
    if workshop.phase == "closed":
        return WorkshopClosed("error.workshop_read_only", title=workshop.title)
    if workshop.phase != "vote":
        return WrongPhase("error.phase_vote", phase=workshop.phase)
    return (
        LimitReached("error.no_dots_left", budget=workshop.dot_budget)
        if adding
        else Conflict("error.no_dot_here")
    )


def _survivor(session: Session, participant: Participant, idea_id: int) -> Idea:
    idea = visible_idea(session, idea_id, participant.workshop_id)
    if idea.merged_into_id is not None:
        idea = visible_idea(session, idea.merged_into_id, participant.workshop_id)
    return idea


def _group_rows(session: Session, participant_id: int, survivor_id: int) -> list[Vote]:
    """The participant's vote rows on a survivor and on the ideas merged into it."""
    return list(
        session.scalars(
            select(Vote)
            .join(Idea, Idea.id == Vote.idea_id)
            .where(
                Vote.participant_id == participant_id,
                func.coalesce(Idea.merged_into_id, Idea.id) == survivor_id,
            )
        )
    )


def _state(session: Session, participant: Participant, survivor_id: int) -> DotState:
    session.refresh(participant)
    workshop = session.get(Workshop, participant.workshop_id)
    mine = sum(v.dots for v in _group_rows(session, participant.id, survivor_id))
    return DotState(survivor_id, mine, workshop.dot_budget - participant.votes_used)


def add_dot(session: Session, participant_id: int, idea_id: int) -> DotState:
    """Spend one dot on an idea (on its survivor, if it was merged)."""
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
            .execution_options(synchronize_session=False)
        )
        if spent.rowcount != 1:
            raise _refusal(session, participant_id, adding=True)
        participant = session.get(Participant, participant_id)
        survivor = _survivor(session, participant, idea_id)
        workshop = session.get(Workshop, participant.workshop_id)
        rows = _group_rows(session, participant_id, survivor.id)
        if sum(v.dots for v in rows) >= workshop.dots_per_idea:
            raise LimitReached("error.idea_cap", cap=workshop.dots_per_idea)
        own = next((v for v in rows if v.idea_id == survivor.id), None)
        if own is None:
            session.add(
                Vote(workshop_id=workshop.id, idea_id=survivor.id, participant_id=participant_id, dots=1)
            )
        else:
            own.dots += 1
        session.flush()
        touch_board(session, workshop.id, "vote", channel="votes")
    return _state(session, participant, survivor.id)


def take_dot(session: Session, participant_id: int, idea_id: int) -> DotState:
    """Take one of your dots back from an idea (or from the ideas merged into it)."""
    with session.begin_nested():
        returned = session.execute(
            update(Participant)
            .where(
                Participant.id == participant_id,
                _in_vote_phase(),
                Participant.votes_used > 0,
            )
            .values(votes_used=Participant.votes_used - 1)
            .execution_options(synchronize_session=False)
        )
        if returned.rowcount != 1:
            raise _refusal(session, participant_id, adding=False)
        participant = session.get(Participant, participant_id)
        survivor = _survivor(session, participant, idea_id)
        rows = _group_rows(session, participant_id, survivor.id)
        if not rows:
            raise Conflict("error.no_dot_here")
        # Prefer the survivor's own row, then the fullest merged one.
        row = max(rows, key=lambda v: (v.idea_id == survivor.id, v.dots))
        if row.dots == 1:
            session.delete(row)
        else:
            row.dots -= 1
        session.flush()
        touch_board(session, participant.workshop_id, "unvote", channel="votes")
    return _state(session, participant, survivor.id)


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
