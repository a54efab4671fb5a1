"""The one counting rule for support: dots per idea, per stakeholder group, after merges.

An idea merged into another counts for its survivor (`merged_into_id`; merges are one
level deep, see board merging). A participant's dots on the ideas of one survivor count
at most the workshop's per-idea cap, so a merge never lets anyone exceed it. Hidden or
withdrawn ideas count nothing, and neither does a group whose survivor is hidden.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import Subquery

from db.models import Idea, Participant, Vote, Workshop


@dataclass
class Support:
    """What an idea (a survivor) got: capped dots and voters, in total and per group."""

    idea_id: int
    dots: int = 0
    voters: int = 0
    dots_by_group: dict[str, int] = field(default_factory=dict)
    voters_by_group: dict[str, int] = field(default_factory=dict)


def counted_dots(
    *,
    workshop_ids: Iterable[int] | None = None,
    idea_ids: Iterable[int] | None = None,
) -> Subquery:
    """The rule as a subquery: one row per (surviving idea, participant) with the dots that count.

    Columns `survivor_id`, `workshop_id`, `participant_id`, `dots` (capped). Every figure
    built on support (totals, shares by group, bridging) groups this, so all count alike.
    """
    member = aliased(Idea)
    survivor = aliased(Idea)
    survivor_id = func.coalesce(member.merged_into_id, member.id)
    per_person = (
        select(
            survivor_id.label("survivor_id"),
            Vote.participant_id.label("participant_id"),
            func.sum(Vote.dots).label("dots"),
        )
        .join(member, member.id == Vote.idea_id)
        .where(member.hidden.is_(False), member.status == "active")
        .group_by(survivor_id, Vote.participant_id)
    )
    if workshop_ids is not None:
        per_person = per_person.where(Vote.workshop_id.in_(list(workshop_ids)))
    if idea_ids is not None:
        per_person = per_person.where(survivor_id.in_(list(idea_ids)))
    per_person = per_person.subquery()

    capped = case(
        (per_person.c.dots > Workshop.dots_per_idea, Workshop.dots_per_idea), else_=per_person.c.dots
    )
    return (
        select(
            per_person.c.survivor_id,
            survivor.workshop_id,
            per_person.c.participant_id,
            capped.label("dots"),
        )
        .join(survivor, survivor.id == per_person.c.survivor_id)
        .join(Workshop, Workshop.id == survivor.workshop_id)
        .where(survivor.hidden.is_(False), survivor.status == "active")
        .subquery()
    )


def support(
    session: Session,
    *,
    workshop_ids: Iterable[int] | None = None,
    idea_ids: Iterable[int] | None = None,
) -> dict[int, Support]:
    """Support per surviving idea, for some workshops or some (surviving) ideas.

    One GROUP BY in the database; ideas nobody voted for are absent from the result.
    """
    counted = counted_dots(workshop_ids=workshop_ids, idea_ids=idea_ids)
    rows = session.execute(
        select(
            counted.c.survivor_id,
            Participant.stakeholder_group,
            func.sum(counted.c.dots),
            func.count(counted.c.participant_id),
        )
        .join(Participant, Participant.id == counted.c.participant_id)
        .group_by(counted.c.survivor_id, Participant.stakeholder_group)
    )
    result: dict[int, Support] = {}
    for idea_id, group, dots, voters in rows:
        entry = result.setdefault(idea_id, Support(idea_id))
        entry.dots += int(dots)
        entry.voters += voters
        entry.dots_by_group[group] = int(dots)
        entry.voters_by_group[group] = voters
    return result
