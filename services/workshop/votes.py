"""Dot voting: spending and taking back dots, with budget and per-idea cap held by the database.

Every change starts with one conditional UPDATE of the participant's row
(`votes_used < budget`, and only while the workshop is in the vote phase). It is atomic
on its own, and it locks that row until the transaction ends, so everything else a
participant does with dots happens one transaction at a time, even from two devices.
On SQLite, BEGIN IMMEDIATE serialises writers anyway.

The idea a dot lands on is then locked FOR KEY SHARE (see `_survivor`), so a merge of it
waits for the dot and the dot sees one state of the merge from start to end. Without
that, a merge committing in between made a dot miss its own row on the just-merged idea,
insert a second one, and fail on the unique constraint (an HTTP 500 on the tablet). If a
merge committed between the look-up and the lock, the dot's savepoint is rolled back,
which gives back every lock it took, and the dot starts again (`_retried`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import case, delete, func, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

import clock
from db.models import Idea, Participant, Vote, Workshop
from services.admin import audit
from services.admin.permissions import ByUser, can_run_workshops, require
from services.common.errors import (
    ChangedMeanwhile,
    Conflict,
    LimitReached,
    NotFound,
    WorkshopClosed,
    WrongPhase,
)
from services.workshop.counts import count_dot
from services.workshop.workshops import touch_board

T = TypeVar("T")


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


def _follow(session: Session, workshop_id: int, idea_id: int) -> int:
    """The idea a dot on `idea_id` lands on: the idea itself, or the survivor it was merged into."""
    row = session.execute(
        select(Idea.merged_into_id, Idea.hidden, Idea.status, Idea.workshop_id).where(Idea.id == idea_id)
    ).first()
    if row is None or row.workshop_id != workshop_id or row.hidden or row.status != "active":
        raise NotFound("error.idea_not_found")
    return idea_id if row.merged_into_id is None else _follow(session, workshop_id, row.merged_into_id)


class _Moved(Exception):
    """The idea a dot was landing on was merged between the look-up and the lock."""


def _survivor(session: Session, workshop_id: int, idea_id: int) -> int:
    """The idea a dot lands on, locked until the transaction ends so no merge can move it.

    FOR KEY SHARE is the lock the vote's foreign key takes on the idea anyway: other dots
    share it, and a merge, which locks its ideas FOR UPDATE, waits for it (and the other
    way round). Under the lock the survivor must still be unmerged, and the path from
    `idea_id` must still lead to it; otherwise a merge committed in between: _Moved.
    """
    target = _follow(session, workshop_id, idea_id)
    row = session.execute(
        select(Idea.merged_into_id, Idea.hidden, Idea.status)
        .where(Idea.id == target)
        .with_for_update(read=True, key_share=True)
    ).first()
    # Hidden or withdrawn while this dot waited for the lock: it counts for nothing now.
    if row is None or row.hidden or row.status != "active":
        raise NotFound("error.idea_not_found")
    if row.merged_into_id is not None or (
        target != idea_id and _follow(session, workshop_id, idea_id) != target
    ):
        raise _Moved
    return target


# A merge would have to commit between two statements of one dot this many times in a row.
_ATTEMPTS = 3


def _retried(session: Session, change: Callable[[], T]) -> T:
    """`change()` in a savepoint, started again if the idea it was landing on moved.

    Looking again while still holding the lock on the idea that moved deadlocked with the
    next merge (it holds the new survivor and waits for the old idea; seen in
    test_merge_rules' stress test); rolling the savepoint back first gives back every lock
    the attempt took, the spent dot included.
    """
    for _ in range(_ATTEMPTS):
        try:
            with session.begin_nested():
                return change()
        except _Moved:
            continue
    raise ChangedMeanwhile("error.idea_changed")


def _in_group(participant_id: int, survivor_id: int):  # noqa: ANN202 - a SQL condition
    """A participant's votes on a survivor and on the ideas merged into it."""
    return (Vote.participant_id == participant_id) & (
        func.coalesce(Idea.merged_into_id, Idea.id) == survivor_id
    )


def _visible():  # noqa: ANN202 - a SQL condition
    return Idea.hidden.is_(False) & (Idea.status == "active")


def _group(session: Session, participant_id: int, survivor_id: int) -> tuple[int, int, int | None]:
    """The participant's dots on a survivor's group, those of them that count (on visible
    ideas), and the id of their row on the survivor itself."""
    total, counting, own = session.execute(
        select(
            func.coalesce(func.sum(Vote.dots), 0),
            func.coalesce(func.sum(case((_visible(), Vote.dots), else_=0)), 0),
            func.max(case((Vote.idea_id == survivor_id, Vote.id))),
        )
        .join(Idea, Idea.id == Vote.idea_id)
        .where(_in_group(participant_id, survivor_id))
    ).one()
    return int(total), int(counting), own


def _change_dots(vote_id: int, by: int):  # noqa: ANN202 - a SQL statement
    return update(Vote).where(Vote.id == vote_id).values(dots=Vote.dots + by, updated_at=clock.utcnow())


def add_dot(session: Session, participant_id: int, idea_id: int) -> DotState:
    """Spend one dot on an idea (on its survivor, if it was merged).

    Plain SQL statements, and few: on SQLite every other writer waits for this one.
    """
    state, votes_used = _retried(session, lambda: _add_dot(session, participant_id, idea_id))
    _keep_in_step(session, participant_id, votes_used)
    return state


def _add_dot(session: Session, participant_id: int, idea_id: int) -> tuple[DotState, int]:
    spent = session.execute(
        update(Participant)
        .where(
            Participant.id == participant_id,
            _in_vote_phase(),
            Participant.votes_used
            < select(Workshop.dot_budget).where(Workshop.id == Participant.workshop_id).scalar_subquery(),
        )
        .values(votes_used=Participant.votes_used + 1)
        .returning(Participant.votes_used, Participant.workshop_id, Participant.stakeholder_group)
        .execution_options(synchronize_session=False)
    ).first()
    if spent is None:
        raise _refusal(session, participant_id, adding=True)
    votes_used, workshop_id, group = spent
    budget, cap = session.execute(
        select(Workshop.dot_budget, Workshop.dots_per_idea).where(Workshop.id == workshop_id)
    ).one()
    survivor = _survivor(session, workshop_id, idea_id)
    mine, counting, own = _group(session, participant_id, survivor)
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
    count_dot(
        session,
        survivor_id=survivor,
        workshop_id=workshop_id,
        group=group,
        cap=cap,
        before=counting,
        after=counting + 1,
    )
    touch_board(session, workshop_id, "vote", channel="votes")
    return DotState(survivor, mine + 1, budget - votes_used), votes_used


def take_dot(session: Session, participant_id: int, idea_id: int) -> DotState:
    """Take one of your dots back from an idea (or from the ideas merged into it)."""
    state, votes_used = _retried(session, lambda: _take_dot(session, participant_id, idea_id))
    _keep_in_step(session, participant_id, votes_used)
    return state


def _take_dot(session: Session, participant_id: int, idea_id: int) -> tuple[DotState, int]:
    returned = session.execute(
        update(Participant)
        .where(Participant.id == participant_id, _in_vote_phase(), Participant.votes_used > 0)
        .values(votes_used=Participant.votes_used - 1)
        .returning(Participant.votes_used, Participant.workshop_id, Participant.stakeholder_group)
        .execution_options(synchronize_session=False)
    ).first()
    if returned is None:
        raise _refusal(session, participant_id, adding=False)
    votes_used, workshop_id, group = returned
    survivor = _survivor(session, workshop_id, idea_id)
    # The survivor's own row first, then the fullest merged one.
    row = session.execute(
        select(Vote.id, Vote.dots, _visible().label("counts"))
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
    mine, counting, _ = _group(session, participant_id, survivor)
    budget, cap = session.execute(
        select(Workshop.dot_budget, Workshop.dots_per_idea).where(Workshop.id == workshop_id)
    ).one()
    count_dot(
        session,
        survivor_id=survivor,
        workshop_id=workshop_id,
        group=group,
        cap=cap,
        before=counting + (1 if row.counts else 0),
        after=counting,
    )
    touch_board(session, workshop_id, "unvote", channel="votes")
    return DotState(survivor, mine, budget - votes_used), votes_used


def _proxy(session: Session, proxy_id: int, workshop_id: int) -> Participant:
    proxy = session.get(Participant, proxy_id)
    if proxy is None or proxy.workshop_id != workshop_id or not proxy.is_proxy:
        raise NotFound("error.proxy_not_found")
    return proxy


def add_dot_for(
    session: Session, workshop_id: int, proxy_id: int, idea_id: int, *, by_user_id: ByUser
) -> DotState:
    """The facilitator spends a dot for someone without a tablet (a proxy participant)."""
    require(session, by_user_id, can_run_workshops)
    state = add_dot(session, _proxy(session, proxy_id, workshop_id).id, idea_id)
    _audit_proxy_dot(session, by_user_id, "vote.proxy_add", proxy_id, state)
    return state


def take_dot_for(
    session: Session, workshop_id: int, proxy_id: int, idea_id: int, *, by_user_id: ByUser
) -> DotState:
    require(session, by_user_id, can_run_workshops)
    state = take_dot(session, _proxy(session, proxy_id, workshop_id).id, idea_id)
    _audit_proxy_dot(session, by_user_id, "vote.proxy_take", proxy_id, state)
    return state


def _audit_proxy_dot(
    session: Session, by_user_id: ByUser, action: str, proxy_id: int, state: DotState
) -> None:
    # A dot a facilitator places is a staff write (a participant's own dot is not audited).
    audit.record(
        session,
        user_id=by_user_id,
        action=action,
        entity="participant",
        entity_id=proxy_id,
        idea=state.idea_id,
    )


def my_dots(session: Session, participant_id: int) -> dict[int, int]:
    """A participant's raw dots per idea (merged ideas included, keyed by the voted idea)."""
    return dict(
        session.execute(select(Vote.idea_id, Vote.dots).where(Vote.participant_id == participant_id)).all()
    )
