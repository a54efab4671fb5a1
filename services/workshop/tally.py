"""The one counting rule for support: dots per idea, per stakeholder group, after merges.

An idea merged into another counts for its survivor (`merged_into_id`; merges are one
level deep, see board merging). A participant's dots on the ideas of one survivor count
at most the workshop's per-idea cap, so a merge never lets anyone exceed it. Hidden or
withdrawn ideas count nothing, and neither does a group whose survivor is hidden.

`capped_dots` is the rule, in SQL over the votes. Its result is kept, per idea and per
group, in `idea_support` and `idea_support_group` (services.workshop.counts keeps them in
the transaction of every dot, merge, unmerge, hide and withdrawal); `support` and the
dashboards read those, and the rule itself runs only to count a few ideas again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import (
    ColumnElement,
    SQLColumnExpression,
    Subquery,
    bindparam,
    case,
    exists,
    func,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from db.models import Idea, IdeaSupportByGroup, Vote, Workshop


@dataclass
class Support:
    """What an idea (a survivor) got: capped dots and voters, in total and per group."""

    idea_id: int
    dots: int = 0
    voters: int = 0
    dots_by_group: dict[str, int] = field(default_factory=dict)
    voters_by_group: dict[str, int] = field(default_factory=dict)


def capped_dots(
    *,
    workshop_ids: Iterable[int] | None = None,
    idea_ids: Iterable[int] | None = None,
) -> Subquery:
    """The rule as a subquery: one row per (surviving idea, participant) with the capped dots.

    Columns: survivor_id, participant_id, workshop_id (the survivor's), dots. Callers group
    it as they need (per idea and group here, per process on the leader dashboard), so
    every figure of dots in the app counts the same way.

    Two parts, one rule. A vote on an idea in no merge is already the one row of its
    (idea, participant) pair (a participant has one vote row per idea), so it is only
    capped. Only ideas in a merge are regrouped per survivor and participant: grouping a
    million votes by pair is what made this the slowest query of every dashboard.
    """
    member = aliased(Idea)
    survivor = aliased(Idea)
    other = aliased(Idea)
    has_members = exists().where(other.merged_into_id == member.id)
    visible = (member.hidden.is_(False), member.status == "active")

    single = (
        select(
            member.id.label("survivor_id"),
            Vote.participant_id.label("participant_id"),
            Workshop.id.label("workshop_id"),
            _capped(Vote.dots).label("dots"),
        )
        .join(member, member.id == Vote.idea_id)
        .join(Workshop, Workshop.id == member.workshop_id)
        .where(*visible, member.merged_into_id.is_(None), ~has_members)
    )

    survivor_id = func.coalesce(member.merged_into_id, member.id)
    per_person = (
        select(
            survivor_id.label("survivor_id"),
            Vote.participant_id.label("participant_id"),
            func.sum(Vote.dots).label("dots"),
        )
        .join(member, member.id == Vote.idea_id)
        .where(*visible, or_(member.merged_into_id.is_not(None), has_members))
        .group_by(survivor_id, Vote.participant_id)
    )
    if workshop_ids is not None:
        single = single.where(Vote.workshop_id.in_(list(workshop_ids)))
        per_person = per_person.where(Vote.workshop_id.in_(list(workshop_ids)))
    if idea_ids is not None:
        single = single.where(member.id.in_(list(idea_ids)))
        per_person = per_person.where(survivor_id.in_(list(idea_ids)))
    grouped = per_person.subquery()
    merged = (
        select(
            grouped.c.survivor_id,
            grouped.c.participant_id,
            Workshop.id.label("workshop_id"),
            _capped(grouped.c.dots).label("dots"),
        )
        .join(survivor, survivor.id == grouped.c.survivor_id)
        .join(Workshop, Workshop.id == survivor.workshop_id)
        .where(survivor.hidden.is_(False), survivor.status == "active")
    )
    return union_all(single, merged).subquery()


def _capped(dots: SQLColumnExpression[int]) -> ColumnElement[int]:
    """Dots up to the workshop's per-idea cap (the caller joins Workshop)."""
    return case((dots > Workshop.dots_per_idea, Workshop.dots_per_idea), else_=dots)


# The three reads `support` makes, built once: a board asks on every refresh, and on SQLite
# building the select cost as much as running it. Expanding parameters send the very
# `IN (...)` the inline lists did; a condition only where ids were given, so each can use
# its index.
_KEPT = select(
    IdeaSupportByGroup.idea_id,
    IdeaSupportByGroup.stakeholder_group,
    IdeaSupportByGroup.dots,
    IdeaSupportByGroup.voters,
)
_BY_WORKSHOP = IdeaSupportByGroup.workshop_id.in_(bindparam("workshop_ids", expanding=True))
_BY_IDEA = IdeaSupportByGroup.idea_id.in_(bindparam("idea_ids", expanding=True))
_KEPT_FOR = {
    (True, False): _KEPT.where(_BY_WORKSHOP),
    (False, True): _KEPT.where(_BY_IDEA),
    (True, True): _KEPT.where(or_(_BY_WORKSHOP, _BY_IDEA)),
}


def support(
    session: Session,
    *,
    workshop_ids: Iterable[int] = (),
    idea_ids: Iterable[int] = (),
) -> dict[int, Support]:
    """Support per surviving idea of these workshops and of these (surviving) ideas.

    Read from the kept counts, a row per idea and group; ideas nobody voted for are absent.
    Only what is named is counted: every caller asks for one board or a page's ideas, and
    support over every workshop (433 k rows into 96 k objects at the benchmark's scale)
    is nothing any page shows.
    """
    workshops, ideas = list(workshop_ids), list(idea_ids)
    if not (workshops or ideas):
        return {}
    query = _KEPT_FOR[bool(workshops), bool(ideas)]
    params = {"workshop_ids": workshops, "idea_ids": ideas}
    # Plain rows on the Session's connection, fetched at once (iterating a Result fetches
    # row by row): a board's thousand rows through the ORM's result loading, then an
    # attribute update each, cost more than the read. Per idea first the two dicts (a row
    # per idea and group, the key unique), then the totals.
    dots_by: dict[int, dict[str, int]] = {}
    voters_by: dict[int, dict[str, int]] = {}
    for idea_id, group, dots, voters in session.connection().execute(query, params).all():
        by_group = dots_by.get(idea_id)
        if by_group is None:
            dots_by[idea_id] = {group: dots}
            voters_by[idea_id] = {group: voters}
        else:
            by_group[group] = dots
            voters_by[idea_id][group] = voters
    return {
        idea_id: Support(
            idea_id, sum(by_group.values()), sum(voters_by[idea_id].values()), by_group, voters_by[idea_id]
        )
        for idea_id, by_group in dots_by.items()
    }
