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

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

import clock
from db.models import Participant, Vote
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
from services.workshop import dot_statements as sql
from services.workshop.counts import count_dot
from services.workshop.workshops import touch_board

T = TypeVar("T")


@dataclass(frozen=True)
class DotState:
    idea_id: int
    my_dots: int
    dots_left: int


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
    row = session.execute(sql.IDEA, {"idea_id": idea_id}).first()
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
    row = session.execute(sql.IDEA_LOCKED, {"idea_id": target}).first()
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


def _group(session: Session, participant_id: int, survivor_id: int) -> tuple[int, int, int | None]:
    """The participant's dots on a survivor's group, those of them that count (on visible
    ideas), and the id of their row on the survivor itself."""
    total, counting, own = session.execute(
        sql.GROUP, {"participant_id": participant_id, "survivor_id": survivor_id}
    ).one()
    return int(total), int(counting), own


def _change_dots(session: Session, vote_id: int, by: int) -> None:
    session.execute(sql.CHANGE_DOTS, {"vote_id": vote_id, "by": by, "now": clock.utcnow()})


def add_dot(session: Session, participant_id: int, idea_id: int) -> DotState:
    """Spend one dot on an idea (on its survivor, if it was merged).

    Plain SQL statements, and few: on SQLite every other writer waits for this one.
    """
    state, votes_used = _retried(session, lambda: _add_dot(session, participant_id, idea_id))
    _keep_in_step(session, participant_id, votes_used)
    return state


def _add_dot(session: Session, participant_id: int, idea_id: int) -> tuple[DotState, int]:
    spent = session.execute(sql.SPEND, {"participant_id": participant_id}).first()
    if spent is None:
        raise _refusal(session, participant_id, adding=True)
    votes_used, workshop_id, group = spent
    budget, cap = session.execute(sql.RULES, {"workshop_id": workshop_id}).one()
    survivor = _survivor(session, workshop_id, idea_id)
    mine, counting, own = _group(session, participant_id, survivor)
    if mine >= cap:
        raise LimitReached("error.idea_cap", cap=cap)
    if own is None:
        session.execute(
            sql.NEW_VOTE,
            {"vote_workshop": workshop_id, "vote_idea": survivor, "vote_participant": participant_id},
        )
    else:
        _change_dots(session, own, +1)
    count_dot(
        session,
        survivor_id=survivor,
        workshop_id=workshop_id,
        group=group,
        cap=cap,
        before=counting,
        after=counting + 1,
    )
    touch_board(session, workshop_id, channel="votes")
    return DotState(survivor, mine + 1, budget - votes_used), votes_used


def take_dot(session: Session, participant_id: int, idea_id: int) -> DotState:
    """Take one of your dots back from an idea (or from the ideas merged into it)."""
    state, votes_used = _retried(session, lambda: _take_dot(session, participant_id, idea_id))
    _keep_in_step(session, participant_id, votes_used)
    return state


def _take_dot(session: Session, participant_id: int, idea_id: int) -> tuple[DotState, int]:
    returned = session.execute(sql.GIVE_BACK, {"participant_id": participant_id}).first()
    if returned is None:
        raise _refusal(session, participant_id, adding=False)
    votes_used, workshop_id, group = returned
    survivor = _survivor(session, workshop_id, idea_id)
    row = session.execute(
        sql.ROW_TO_TAKE, {"participant_id": participant_id, "survivor_id": survivor}
    ).first()
    if row is None:
        raise Conflict("error.no_dot_here")
    if row.dots == 1:
        session.execute(sql.DROP_VOTE, {"vote_id": row.id})
    else:
        _change_dots(session, row.id, -1)
    mine, counting, _ = _group(session, participant_id, survivor)
    budget, cap = session.execute(sql.RULES, {"workshop_id": workshop_id}).one()
    count_dot(
        session,
        survivor_id=survivor,
        workshop_id=workshop_id,
        group=group,
        cap=cap,
        before=counting + (1 if row.counts else 0),
        after=counting,
    )
    touch_board(session, workshop_id, channel="votes")
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
    return _dot_for(session, workshop_id, proxy_id, idea_id, add_dot, "vote.proxy_add", by_user_id)


def take_dot_for(
    session: Session, workshop_id: int, proxy_id: int, idea_id: int, *, by_user_id: ByUser
) -> DotState:
    """The facilitator takes back a dot of someone without a tablet."""
    return _dot_for(session, workshop_id, proxy_id, idea_id, take_dot, "vote.proxy_take", by_user_id)


def _dot_for(
    session: Session,
    workshop_id: int,
    proxy_id: int,
    idea_id: int,
    move: Callable[[Session, int, int], DotState],
    action: str,
    by_user_id: ByUser,
) -> DotState:
    """A participant's own dot move (`add_dot`/`take_dot`), made by a facilitator for a proxy."""
    require(session, by_user_id, can_run_workshops)
    state = move(session, _proxy(session, proxy_id, workshop_id).id, idea_id)
    # A dot a facilitator places is a staff write (a participant's own dot is not audited).
    audit.record(
        session,
        user_id=by_user_id,
        action=action,
        entity="participant",
        entity_id=proxy_id,
        idea=state.idea_id,
    )
    return state


# Built once: every dot's reply and every tablet's `/me` read it (services.workshop.own_state.personal).
_MY_DOTS = select(Vote.idea_id, Vote.dots).where(Vote.participant_id == bindparam("participant_id"))


def my_dots(session: Session, participant_id: int) -> dict[int, int]:
    """A participant's raw dots per idea (merged ideas included, keyed by the voted idea)."""
    return dict(session.execute(_MY_DOTS, {"participant_id": participant_id}).all())
