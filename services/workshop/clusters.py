"""The facilitator's grouping: named clusters, and merging duplicate ideas (undoable).

A merge only points the duplicate at its survivor (`merged_into_id`); votes, comments and
authors stay on their own rows and count for the survivor through services.workshop.tally, which
caps each participant per survivor. Undoing a merge is clearing that pointer, so it
always works and never has to reconstruct anything.

Merges stay one level deep even when two facilitators merge at once. Merges and unmerges
of a workshop take turns (a transaction-level advisory lock on PostgreSQL; SQLite has
one writer at a time anyway); each then locks every idea it will change, FOR UPDATE and
in id order, and checks the ideas again under those locks. A merge that finds its
survivor or a duplicate merged meanwhile is refused (ChangedMeanwhile), never applied on
top: that is what built chains (A→B→C) in which A and its dots counted for nobody.
Anything that changes `merged_into_id` must lock FOR UPDATE first: dots hold their idea
FOR KEY SHARE (services.workshop.votes), which only FOR UPDATE waits for.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import Cluster, Idea
from services.admin import audit
from services.admin.permissions import ByUser, can_run_workshops, require
from services.common.errors import ChangedMeanwhile, Conflict, InvalidInput, NotFound
from services.common.text import clean_text
from services.workshop.counts import lock_ideas as _lock_ideas
from services.workshop.counts import recount
from services.workshop.counts import take_merge_turn as _take_merge_turn
from services.workshop.ideas import get_idea
from services.workshop.phases import ensure_open
from services.workshop.workshops import get_workshop, touch_board

NAME_MAX = 120


def _cluster(session: Session, cluster_id: int) -> Cluster:
    cluster = session.get(Cluster, cluster_id)
    if cluster is None:
        raise NotFound("error.cluster_not_found")
    return cluster


def create_cluster(session: Session, workshop_id: int, name: str, *, by_user_id: ByUser) -> Cluster:
    require(session, by_user_id, can_run_workshops)
    workshop = get_workshop(session, workshop_id)
    ensure_open(workshop)
    name = clean_text(name, field="cluster_name", max_len=NAME_MAX)
    existing = session.scalars(select(Cluster).where(Cluster.workshop_id == workshop.id)).all()
    if any(c.name.casefold() == name.casefold() for c in existing):
        raise InvalidInput("error.duplicate_cluster")
    cluster = Cluster(workshop_id=workshop.id, name=name, position=len(existing))
    session.add(cluster)
    session.flush()
    touch_board(session, workshop.id)
    audit.record(
        session,
        user_id=by_user_id,
        action="cluster.create",
        entity="cluster",
        entity_id=cluster.id,
        name=name,
    )
    return cluster


def rename_cluster(session: Session, cluster_id: int, name: str, *, by_user_id: ByUser) -> Cluster:
    require(session, by_user_id, can_run_workshops)
    cluster = _cluster(session, cluster_id)
    ensure_open(get_workshop(session, cluster.workshop_id))
    old = cluster.name
    cluster.name = clean_text(name, field="cluster_name", max_len=NAME_MAX)
    touch_board(session, cluster.workshop_id)
    audit.record(
        session,
        user_id=by_user_id,
        action="cluster.rename",
        entity="cluster",
        entity_id=cluster.id,
        old=old,
        new=cluster.name,
    )
    return cluster


def delete_cluster(session: Session, cluster_id: int, *, by_user_id: ByUser) -> None:
    """Remove a cluster; its ideas stay, ungrouped."""
    require(session, by_user_id, can_run_workshops)
    cluster = _cluster(session, cluster_id)
    ensure_open(get_workshop(session, cluster.workshop_id))
    session.execute(update(Idea).where(Idea.cluster_id == cluster.id).values(cluster_id=None))
    audit.record(
        session,
        user_id=by_user_id,
        action="cluster.delete",
        entity="cluster",
        entity_id=cluster.id,
        name=cluster.name,
    )
    session.delete(cluster)
    session.flush()
    touch_board(session, cluster.workshop_id)


def assign(session: Session, idea_ids: list[int], cluster_id: int | None, *, by_user_id: ByUser) -> int:
    """Put ideas into a cluster (None: take them out). Returns how many moved."""
    require(session, by_user_id, can_run_workshops)
    if not idea_ids:
        return 0
    ideas = [get_idea(session, i) for i in idea_ids]
    workshop_id = ideas[0].workshop_id
    if any(i.workshop_id != workshop_id for i in ideas):
        raise InvalidInput("error.ideas_other_workshop")
    ensure_open(get_workshop(session, workshop_id))
    if cluster_id is not None and _cluster(session, cluster_id).workshop_id != workshop_id:
        raise NotFound("error.cluster_not_found")
    for idea in ideas:
        idea.cluster_id = cluster_id
    touch_board(session, workshop_id)
    audit.record(
        session,
        user_id=by_user_id,
        action="cluster.assign",
        entity="cluster",
        entity_id=cluster_id,
        ideas=[idea.id for idea in ideas],
    )
    return len(ideas)


def merge(session: Session, survivor_id: int, duplicate_ids: list[int], *, by_user_id: ByUser) -> Idea:
    """Merge duplicates into a survivor; ideas already merged into a duplicate follow along.

    A survivor or duplicate merged meanwhile (another facilitator was quicker) is refused
    with ChangedMeanwhile: the facilitator looks again instead of losing an idea.
    """
    require(session, by_user_id, can_run_workshops)
    workshop_id = get_idea(session, survivor_id).workshop_id
    ensure_open(get_workshop(session, workshop_id))
    wanted = [i for i in dict.fromkeys(duplicate_ids) if i != survivor_id]
    if not wanted:
        raise InvalidInput("error.merge_nothing")
    _take_merge_turn(session, workshop_id)
    locked = _lock_ideas(session, [survivor_id, *wanted], with_followers_of=wanted)
    if any(i not in locked for i in (survivor_id, *wanted)):
        raise NotFound("error.idea_not_found")
    survivor, duplicates = locked[survivor_id], [locked[i] for i in wanted]
    if survivor.merged_into_id is not None:
        raise ChangedMeanwhile("error.merged_meanwhile", title=survivor.title)
    if survivor.status != "active" or survivor.hidden:
        raise Conflict("error.merge_survivor")
    for duplicate in duplicates:
        if duplicate.workshop_id != survivor.workshop_id:
            raise InvalidInput("error.ideas_other_workshop")
        if duplicate.status != "active":
            raise Conflict("error.merge_withdrawn")
        if duplicate.merged_into_id is not None:
            raise ChangedMeanwhile("error.merged_meanwhile", title=duplicate.title)
    # Keep merges one level deep: whatever pointed at a duplicate now points at the survivor.
    # Those rows were locked with the others above.
    session.execute(update(Idea).where(Idea.merged_into_id.in_(wanted)).values(merged_into_id=survivor.id))
    for duplicate in duplicates:
        duplicate.merged_into_id = survivor.id
    session.flush()
    # The duplicates' dots now count for the survivor, capped per participant.
    recount(session, locked)
    touch_board(session, survivor.workshop_id)
    audit.record(
        session, user_id=by_user_id, action="idea.merge", entity="idea", entity_id=survivor.id, merged=wanted
    )
    return survivor


def unmerge(session: Session, idea_id: int, *, by_user_id: ByUser) -> Idea:
    """Undo a merge: the idea stands on its own again, with its own votes and comments."""
    require(session, by_user_id, can_run_workshops)
    idea = get_idea(session, idea_id)
    ensure_open(get_workshop(session, idea.workshop_id))
    _take_merge_turn(session, idea.workshop_id)
    # Read again in our turn: another facilitator may have undone it a moment ago. The
    # survivor is locked too, so a dot counting its group (holding it) is not cut short.
    survivor_id = session.scalar(select(Idea.merged_into_id).where(Idea.id == idea.id))
    if survivor_id is None:
        raise Conflict("error.not_merged")
    idea = _lock_ideas(session, [idea.id, survivor_id], with_followers_of=[])[idea.id]
    idea.merged_into_id = None
    recount(session, [idea.id, survivor_id])
    touch_board(session, idea.workshop_id)
    audit.record(
        session,
        user_id=by_user_id,
        action="idea.unmerge",
        entity="idea",
        entity_id=idea.id,
        survivor=survivor_id,
    )
    return idea
