"""The trail from ideas to action, both ways: idea ↔ catalogue entry ↔ initiative, with the votes behind."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from db.models import (
    CatalogueEntry,
    Cluster,
    Idea,
    Initiative,
    Theme,
    Workshop,
    initiative_catalogue_entry,
    initiative_idea,
)
from services.workshop.tally import support


@dataclass(frozen=True)
class InitiativeRef:
    id: int
    title: str
    status: str
    progress: int


@dataclass(frozen=True)
class OriginIdea:
    """An idea an initiative came from, with where it was born and the support it got."""

    id: int
    title: str
    description: str
    workshop_id: int
    workshop_title: str
    theme: str
    cluster: str
    hidden: bool
    status: str
    merged_into_id: int | None
    dots: int
    voters: int
    dots_by_group: dict[str, int] = field(default_factory=dict)
    voters_by_group: dict[str, int] = field(default_factory=dict)
    other_initiatives: list[InitiativeRef] = field(default_factory=list)


def survivor_ids(session: Session, idea_ids: Iterable[int]) -> dict[int, int]:
    """For each idea, the idea whose support it counts for (itself, or what it was merged into)."""
    ids = list(idea_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(Idea.id, func.coalesce(Idea.merged_into_id, Idea.id)).where(Idea.id.in_(ids))
    )
    return dict(rows.all())


def initiatives_for_ideas(session: Session, idea_ids: Iterable[int]) -> dict[int, list[InitiativeRef]]:
    """The initiatives each idea led to: directly, or through an idea merged into it (or it into)."""
    ids = set(idea_ids)
    if not ids:
        return {}
    member = aliased(Idea)
    owner = func.coalesce(member.merged_into_id, member.id)
    rows = session.execute(
        select(member.id, owner, Initiative.id, Initiative.title, Initiative.status, Initiative.progress)
        .select_from(initiative_idea)
        .join(member, member.id == initiative_idea.c.idea_id)
        .join(Initiative, Initiative.id == initiative_idea.c.initiative_id)
        .where(owner.in_(ids) | member.id.in_(ids))
        .order_by(Initiative.title, Initiative.id)
    )
    result: dict[int, list[InitiativeRef]] = {}
    for idea_id, owner_id, initiative_id, title, status, progress in rows:
        for key in {idea_id, owner_id} & ids:
            refs = result.setdefault(key, [])
            if all(r.id != initiative_id for r in refs):
                refs.append(InitiativeRef(initiative_id, title, status, progress))
    return result


def initiatives_for_entries(session: Session, entry_ids: Iterable[int]) -> dict[int, list[InitiativeRef]]:
    """The initiatives each catalogue entry led to, directly or through its idea."""
    ids = list(entry_ids)
    if not ids:
        return {}
    result: dict[int, list[InitiativeRef]] = {}
    direct = session.execute(
        select(
            initiative_catalogue_entry.c.catalogue_entry_id,
            Initiative.id,
            Initiative.title,
            Initiative.status,
            Initiative.progress,
        )
        .join(Initiative, Initiative.id == initiative_catalogue_entry.c.initiative_id)
        .where(initiative_catalogue_entry.c.catalogue_entry_id.in_(ids))
    )
    for entry_id, initiative_id, title, status, progress in direct:
        result.setdefault(entry_id, []).append(InitiativeRef(initiative_id, title, status, progress))
    entry_ideas = {
        entry_id: idea_id
        for entry_id, idea_id in session.execute(
            select(CatalogueEntry.id, CatalogueEntry.idea_id).where(
                CatalogueEntry.id.in_(ids), CatalogueEntry.idea_id.is_not(None)
            )
        )
        if idea_id is not None  # the query's filter, told to the type checker
    }
    via_idea = initiatives_for_ideas(session, set(entry_ideas.values()))
    for entry_id, idea_id in entry_ideas.items():
        refs = result.setdefault(entry_id, [])
        for ref in via_idea.get(idea_id, []):
            if all(r.id != ref.id for r in refs):
                refs.append(ref)
    return {k: sorted(v, key=lambda r: (r.title, r.id)) for k, v in result.items() if v}


def origins(session: Session, initiative_id: int) -> list[OriginIdea]:
    """The ideas an initiative came from, with workshop, theme, support and sibling initiatives."""
    rows = session.execute(
        select(Idea, Workshop.title, Theme.title, Cluster.name)
        .select_from(initiative_idea)
        .join(Idea, Idea.id == initiative_idea.c.idea_id)
        .join(Workshop, Workshop.id == Idea.workshop_id)
        .outerjoin(Theme, Theme.id == Idea.theme_id)
        .outerjoin(Cluster, Cluster.id == Idea.cluster_id)
        .where(initiative_idea.c.initiative_id == initiative_id)
        .order_by(Workshop.starts_at, Idea.id)
    ).all()
    ideas = [row[0] for row in rows]
    owners = {i.id: i.merged_into_id or i.id for i in ideas}
    counted = support(session, idea_ids=set(owners.values()))
    siblings = initiatives_for_ideas(session, [i.id for i in ideas])
    result = []
    for idea, workshop_title, theme, cluster in rows:
        s = counted.get(owners[idea.id])
        result.append(
            OriginIdea(
                id=idea.id,
                title=idea.title,
                description=idea.description,
                workshop_id=idea.workshop_id,
                workshop_title=workshop_title,
                theme=theme or "",
                cluster=cluster or "",
                hidden=idea.hidden,
                status=idea.status,
                merged_into_id=idea.merged_into_id,
                dots=s.dots if s else 0,
                voters=s.voters if s else 0,
                dots_by_group=dict(s.dots_by_group) if s else {},
                voters_by_group=dict(s.voters_by_group) if s else {},
                other_initiatives=[r for r in siblings.get(idea.id, []) if r.id != initiative_id],
            )
        )
    return result
