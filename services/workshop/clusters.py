"""The facilitator's grouping: named clusters, and merging duplicate ideas (undoable).

A merge only points the duplicate at its survivor (`merged_into_id`); votes, comments and
authors stay on their own rows and count for the survivor through services.workshop.tally, which
caps each participant per survivor. Undoing a merge is clearing that pointer, so it
always works and never has to reconstruct anything.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import Cluster, Idea
from services.admin import audit
from services.common.errors import Conflict, InvalidInput, NotFound
from services.common.text import clean_text
from services.workshop.ideas import get_idea
from services.workshop.workshops import ensure_open, get_workshop, touch_board

NAME_MAX = 120


def _cluster(session: Session, cluster_id: int) -> Cluster:
    cluster = session.get(Cluster, cluster_id)
    if cluster is None:
        raise NotFound("error.cluster_not_found")
    return cluster


def create_cluster(session: Session, workshop_id: int, name: str, *, by_user_id: int) -> Cluster:
    workshop = get_workshop(session, workshop_id)
    ensure_open(workshop)
    name = clean_text(name, field="cluster_name", max_len=NAME_MAX)
    existing = session.scalars(select(Cluster).where(Cluster.workshop_id == workshop.id)).all()
    if any(c.name.casefold() == name.casefold() for c in existing):
        raise InvalidInput("error.duplicate_cluster")
    cluster = Cluster(workshop_id=workshop.id, name=name, position=len(existing))
    session.add(cluster)
    session.flush()
    touch_board(session, workshop.id, "cluster")
    return cluster


def rename_cluster(session: Session, cluster_id: int, name: str, *, by_user_id: int) -> Cluster:
    cluster = _cluster(session, cluster_id)
    ensure_open(get_workshop(session, cluster.workshop_id))
    cluster.name = clean_text(name, field="cluster_name", max_len=NAME_MAX)
    touch_board(session, cluster.workshop_id, "cluster")
    return cluster


def delete_cluster(session: Session, cluster_id: int, *, by_user_id: int) -> None:
    """Remove a cluster; its ideas stay, ungrouped."""
    cluster = _cluster(session, cluster_id)
    ensure_open(get_workshop(session, cluster.workshop_id))
    session.execute(update(Idea).where(Idea.cluster_id == cluster.id).values(cluster_id=None))
    session.delete(cluster)
    session.flush()
    touch_board(session, cluster.workshop_id, "cluster")


def assign(session: Session, idea_ids: list[int], cluster_id: int | None, *, by_user_id: int) -> int:
    """Put ideas into a cluster (None: take them out). Returns how many moved."""
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
    touch_board(session, workshop_id, "cluster")
    return len(ideas)


def merge(session: Session, survivor_id: int, duplicate_ids: list[int], *, by_user_id: int) -> Idea:
    """Merge duplicates into a survivor; ideas already merged into a duplicate follow along."""
    survivor = get_idea(session, survivor_id)
    ensure_open(get_workshop(session, survivor.workshop_id))
    if survivor.merged_into_id is not None or survivor.status != "active" or survivor.hidden:
        raise Conflict("error.merge_survivor")
    duplicates = [get_idea(session, i) for i in dict.fromkeys(duplicate_ids) if i != survivor.id]
    if not duplicates:
        raise InvalidInput("error.merge_nothing")
    for duplicate in duplicates:
        if duplicate.workshop_id != survivor.workshop_id:
            raise InvalidInput("error.ideas_other_workshop")
        if duplicate.status != "active":
            raise Conflict("error.merge_withdrawn")
    ids = [d.id for d in duplicates]
    # Keep merges one level deep: whatever pointed at a duplicate now points at the survivor.
    session.execute(update(Idea).where(Idea.merged_into_id.in_(ids)).values(merged_into_id=survivor.id))
    for duplicate in duplicates:
        duplicate.merged_into_id = survivor.id
    session.flush()
    touch_board(session, survivor.workshop_id, "merge")
    audit.record(
        session, user_id=by_user_id, action="idea.merge", entity="idea", entity_id=survivor.id, merged=ids
    )
    return survivor


def unmerge(session: Session, idea_id: int, *, by_user_id: int) -> Idea:
    """Undo a merge: the idea stands on its own again, with its own votes and comments."""
    idea = get_idea(session, idea_id)
    ensure_open(get_workshop(session, idea.workshop_id))
    if idea.merged_into_id is None:
        raise Conflict("error.not_merged")
    survivor_id = idea.merged_into_id
    idea.merged_into_id = None
    touch_board(session, idea.workshop_id, "merge")
    audit.record(
        session,
        user_id=by_user_id,
        action="idea.unmerge",
        entity="idea",
        entity_id=idea.id,
        survivor=survivor_id,
    )
    return idea
