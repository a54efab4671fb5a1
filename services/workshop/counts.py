"""Counted dots kept, not recomputed: `idea_support` and `idea_support_group`.

Both tables hold exactly what services.workshop.tally's counting rule gives (cap and
merges applied; hidden or withdrawn ideas, and groups whose survivor is hidden, count
nothing): per visible surviving idea with a voter, the counted dots and the voters, in
total and per stakeholder group of the voters. They change in the transaction of the
write that moves them, so every reader (board, catalogue, dashboards, inclusion,
bridging) sums a few rows instead of regrouping a million votes.

Two ways to keep them:

- **A dot** changes one participant's dots on one survivor by one. `count_dot` is given
  that participant's dots on the survivor's visible ideas before and after, and adds the
  difference the cap leaves (an upsert per table; often nothing at all, when the
  participant is over the cap through a merge).
- **A merge, unmerge, hide, show or withdrawal** changes which votes count for whom.
  `recount` deletes the rows of the ideas it touched and counts them again from the votes
  with the rule itself (`tally.capped_dots`): a few hundred votes of one workshop.

Locks (PostgreSQL): dots hold their survivor FOR KEY SHARE until COMMIT; merges,
unmerges, hides and withdrawals take the workshop's merge turn and lock the idea and its
survivor FOR UPDATE before they change anything (`lock_for_recount`), so a recount never
runs beside a dot on the same survivor, and a dot that waited sees the change (it checks
again, under its lock, that its survivor is still visible).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from sqlalchemy import BindParameter, Insert, Integer, bindparam, cast, delete, func, insert, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import Idea, IdeaSupport, IdeaSupportByGroup, Participant, table_of
from services.workshop.tally import capped_dots

# Key space of the advisory lock merges (and now hides) of one workshop take turns on (the
# second key is the workshop id); any number no other lock in Samskab uses.
_MERGE_LOCK = 7_243_002


def take_merge_turn(session: Session, workshop_id: int) -> None:
    """Wait until no other merge, unmerge or hide of this workshop is under way (until COMMIT).

    Row locks alone would let two merges lock the same ideas in different orders when
    one of them also moves the ideas merged into its duplicates; taking turns first
    makes that impossible, and merges are rare enough to queue.
    """
    if session.get_bind().dialect.name == "postgresql":
        # Cast: psycopg sends -2**31 as a bigint, and there is no (integer, bigint) variant.
        session.execute(select(func.pg_advisory_xact_lock(_MERGE_LOCK, cast(workshop_id, Integer))))


def lock_ideas(session: Session, idea_ids: list[int], *, with_followers_of: list[int]) -> dict[int, Idea]:
    """The ideas, and those merged into `with_followers_of`, locked FOR UPDATE in id order.

    One statement in one order (PostgreSQL locks the rows as the sorted scan returns them),
    so two writers that lock several ideas never hold one each and wait for the other.
    The rows are read again as they are now; the session's copies are replaced.
    """
    query = select(Idea).where(or_(Idea.id.in_(idea_ids), Idea.merged_into_id.in_(with_followers_of)))
    rows = session.scalars(
        query.order_by(Idea.id).with_for_update().execution_options(populate_existing=True)
    ).all()
    return {idea.id: idea for idea in rows}


def lock_for_recount(session: Session, idea: Idea) -> int:
    """Before hiding, showing or withdrawing `idea`: lock it and its survivor; returns the survivor's id.

    In the workshop's merge turn, so the survivor read here is the one the idea stays
    merged into until COMMIT.
    """
    take_merge_turn(session, idea.workshop_id)
    survivor_id = session.scalar(select(Idea.merged_into_id).where(Idea.id == idea.id)) or idea.id
    lock_ideas(session, sorted({idea.id, survivor_id}), with_followers_of=[])
    return survivor_id


def recount(session: Session, idea_ids: Iterable[int]) -> None:
    """Count these ideas again from their votes (ids that are no survivor any more lose their rows)."""
    ids = sorted(set(idea_ids))
    if not ids:
        return
    session.flush()  # the change being counted may still be pending in the session
    session.execute(delete(IdeaSupportByGroup).where(IdeaSupportByGroup.idea_id.in_(ids)))
    session.execute(delete(IdeaSupport).where(IdeaSupport.idea_id.in_(ids)))
    _count_from_votes(session, capped_dots(idea_ids=ids), ids)


def recount_all(session: Session) -> None:
    """Every idea counted again from the votes (after a bulk load that bypassed the services)."""
    session.execute(delete(IdeaSupportByGroup))
    session.execute(delete(IdeaSupport))
    _count_from_votes(session, capped_dots(), None)


def _count_from_votes(session: Session, capped, ids: list[int] | None) -> None:  # noqa: ANN001
    by_group = (
        select(
            capped.c.survivor_id,
            Participant.stakeholder_group,
            capped.c.workshop_id,
            func.sum(capped.c.dots),
            func.count(capped.c.participant_id),
        )
        .join(Participant, Participant.id == capped.c.participant_id)
        .group_by(capped.c.survivor_id, Participant.stakeholder_group, capped.c.workshop_id)
    )
    columns = ("idea_id", "stakeholder_group", "workshop_id", "dots", "voters")
    session.execute(insert(IdeaSupportByGroup).from_select(columns, by_group))
    totals = select(
        IdeaSupportByGroup.idea_id,
        IdeaSupportByGroup.workshop_id,
        func.sum(IdeaSupportByGroup.dots),
        func.sum(IdeaSupportByGroup.voters),
    ).group_by(IdeaSupportByGroup.idea_id, IdeaSupportByGroup.workshop_id)
    if ids is not None:
        totals = totals.where(IdeaSupportByGroup.idea_id.in_(ids))
    session.execute(insert(IdeaSupport).from_select(("idea_id", "workshop_id", "dots", "voters"), totals))


@cache
def _count_upserts(dialect: str) -> tuple[Insert, Insert]:
    """The two upserts of a dot, built once per dialect as Core statements (building them
    for every dot, through the ORM, was a good part of its CPU: services/workshop/dot_statements.py)."""
    upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statements = []
    for model, key in (
        (IdeaSupportByGroup, {"idea_id": bindparam("survivor"), "stakeholder_group": bindparam("group")}),
        (IdeaSupport, {"idea_id": bindparam("survivor")}),
    ):
        table = table_of(model)
        by: dict[str, BindParameter[int]] = {"dots": bindparam("by_dots"), "voters": bindparam("by_voters")}
        statement = upsert(table).values(**key, workshop_id=bindparam("workshop"), **by)
        statements.append(
            statement.on_conflict_do_update(
                index_elements=list(key),
                set_={column: table.c[column] + change for column, change in by.items()},
            )
        )
    return statements[0], statements[1]


def count_dot(
    session: Session,
    *,
    survivor_id: int,
    workshop_id: int,
    group: str,
    cap: int,
    before: int,
    after: int,
) -> None:
    """One participant's dots on a visible survivor's visible ideas went from `before` to `after`."""
    dots = min(cap, after) - min(cap, before)
    voters = int(after > 0) - int(before > 0)
    if not dots and not voters:
        return
    moved = {
        "survivor": survivor_id,
        "group": group,
        "workshop": workshop_id,
        "by_dots": dots,
        "by_voters": voters,
    }
    for statement in _count_upserts(session.get_bind().dialect.name):
        session.execute(statement, moved)
    if voters < 0:
        # The last voter of a group (or of the idea) left: no row, as the rule gives none.
        for table in (IdeaSupportByGroup, IdeaSupport):
            session.execute(delete(table).where(table.idea_id == survivor_id, table.voters <= 0))
