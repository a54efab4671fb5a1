"""The inspiration catalogue of a process as it is shown, printed and exported: curated entries in
sections, in order, each with the support of the idea it came from (support follows merges, and
an entry says when its idea was hidden, withdrawn or merged), the ideas that could still go in,
and entry counts per process. Positions are one sequence per process; entries of a section are
kept together, and sections appear in the order of their first entry. Changing the catalogue is
`curation`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from db.models import CatalogueEntry, Cluster, Idea, Theme, Workshop
from services.action.lineage import (
    InitiativeRef,
    initiatives_for_entries,
    initiatives_for_ideas,
    survivor_ids,
)
from services.workshop.processes import get_process
from services.workshop.tally import support


@dataclass(frozen=True)
class Candidate:
    """An idea of the process that could go into the catalogue."""

    id: int
    workshop_id: int
    workshop_title: str
    theme: str
    cluster: str
    title: str
    description: str
    dots: int
    voters: int
    dots_by_group: dict[str, int]
    entry_id: int | None
    initiatives: list[InitiativeRef]


@dataclass(frozen=True)
class Entry:
    id: int
    title: str
    body: str
    section: str
    position: int
    idea_id: int | None
    idea_title: str
    idea_description: str
    workshop_title: str
    # "ok", or why the original idea no longer stands on its own: hidden, withdrawn, merged.
    idea_state: str | None
    dots: int
    voters: int
    dots_by_group: dict[str, int] = field(default_factory=dict)
    voters_by_group: dict[str, int] = field(default_factory=dict)
    initiatives: list[InitiativeRef] = field(default_factory=list)


@dataclass(frozen=True)
class Section:
    name: str
    entries: list[Entry]


@dataclass(frozen=True)
class Catalogue:
    process_id: int
    process_title: str
    process_description: str
    intro: str
    published: bool
    public_slug: str
    workshops: list[str]
    sections: list[Section]

    @property
    def entries(self) -> list[Entry]:
        return [e for s in self.sections for e in s.entries]


# --- reading -----------------------------------------------------------------------------


def visible_ideas(process_id: int) -> Select[Idea, str, str | None, str | None]:
    """The ideas that may go into the catalogue (active, shown, not merged away) with their places."""
    query = (
        select(Idea, Workshop.title, Theme.title, Cluster.name)
        .join(Workshop, Workshop.id == Idea.workshop_id)
        .outerjoin(Theme, Theme.id == Idea.theme_id)
        .outerjoin(Cluster, Cluster.id == Idea.cluster_id)
        .where(
            Workshop.process_id == process_id,
            Idea.status == "active",
            Idea.hidden.is_(False),
            Idea.merged_into_id.is_(None),
        )
    )
    # The theme and the cluster come through outer joins, so they are None for an idea without
    # one; SQLAlchemy types a selected column as declared (NOT NULL), whatever the join.
    return cast("Select[Idea, str, str | None, str | None]", query)


def candidates(session: Session, process_id: int) -> list[Candidate]:
    """Every visible surviving idea of the process's workshops, most supported first."""
    get_process(session, process_id)
    rows = session.execute(visible_ideas(process_id)).all()
    counted = support(session, idea_ids=[idea.id for idea, *_ in rows]) if rows else {}
    in_catalogue = dict(
        session.execute(
            select(CatalogueEntry.idea_id, CatalogueEntry.id).where(
                CatalogueEntry.process_id == process_id, CatalogueEntry.idea_id.is_not(None)
            )
        ).all()
    )
    led_to = initiatives_for_ideas(session, [idea.id for idea, *_ in rows])
    result = []
    for idea, workshop_title, theme, cluster in rows:
        s = counted.get(idea.id)
        result.append(
            Candidate(
                id=idea.id,
                workshop_id=idea.workshop_id,
                workshop_title=workshop_title,
                theme=theme or "",
                cluster=cluster or "",
                title=idea.title,
                description=idea.description,
                dots=s.dots if s else 0,
                voters=s.voters if s else 0,
                dots_by_group=dict(s.dots_by_group) if s else {},
                entry_id=in_catalogue.get(idea.id),
                initiatives=led_to.get(idea.id, []),
            )
        )
    result.sort(key=lambda c: (-c.dots, -c.voters, c.workshop_id, c.id))
    return result


def ordered_entries(session: Session, process_id: int) -> list[CatalogueEntry]:
    """The process's entries in catalogue order."""
    return list(
        session.scalars(
            select(CatalogueEntry)
            .where(CatalogueEntry.process_id == process_id)
            .order_by(CatalogueEntry.position, CatalogueEntry.id)
        )
    )


def grouped_by_section(entries: list[CatalogueEntry]) -> list[tuple[str, list[CatalogueEntry]]]:
    """Entries in sections, sections in the order of their first entry."""
    sections: dict[str, list[CatalogueEntry]] = {}
    for entry in entries:
        sections.setdefault(entry.section, []).append(entry)
    return list(sections.items())


def catalogue(session: Session, process_id: int) -> Catalogue:
    """The whole catalogue of a process, ready to show, print or export."""
    process = get_process(session, process_id)
    entries = ordered_entries(session, process_id)
    idea_ids = [e.idea_id for e in entries if e.idea_id is not None]
    owners = survivor_ids(session, idea_ids)
    counted = support(session, idea_ids=set(owners.values())) if owners else {}
    ideas = {
        idea.id: (idea, workshop_title)
        for idea, workshop_title in session.execute(
            select(Idea, Workshop.title)
            .join(Workshop, Workshop.id == Idea.workshop_id)
            .where(Idea.id.in_(idea_ids))
        )
    }
    # A hidden survivor hides its whole group: the entry is flagged, and counts nothing.
    hidden_owners = set(
        session.scalars(select(Idea.id).where(Idea.id.in_(set(owners.values())), Idea.hidden.is_(True)))
    )
    led_to = initiatives_for_entries(session, [e.id for e in entries])
    workshops = list(
        session.scalars(
            select(Workshop.title)
            .where(Workshop.id.in_({idea.workshop_id for idea, _ in ideas.values()}))
            .order_by(Workshop.starts_at, Workshop.id)
        )
    )
    sections = []
    for name, members in grouped_by_section(entries):
        views = []
        for e in members:
            known = ideas.get(e.idea_id) if e.idea_id is not None else None
            idea, workshop_title = known or (None, "")
            state = None
            s = None
            if idea is not None:
                owner = owners[idea.id]
                if idea.hidden or owner in hidden_owners:
                    state = "hidden"
                elif idea.status != "active":
                    state = "withdrawn"
                elif idea.merged_into_id is not None:
                    state = "merged"
                else:
                    state = "ok"
                s = counted.get(owner) if state in ("ok", "merged") else None
            views.append(
                Entry(
                    id=e.id,
                    title=e.title,
                    body=e.body,
                    section=e.section,
                    position=e.position,
                    idea_id=e.idea_id,
                    idea_title=idea.title if idea else "",
                    idea_description=idea.description if idea else "",
                    workshop_title=workshop_title,
                    idea_state=state,
                    dots=s.dots if s else 0,
                    voters=s.voters if s else 0,
                    dots_by_group=dict(s.dots_by_group) if s else {},
                    voters_by_group=dict(s.voters_by_group) if s else {},
                    initiatives=led_to.get(e.id, []),
                )
            )
        sections.append(Section(name, views))
    return Catalogue(
        process_id=process.id,
        process_title=process.title,
        process_description=process.description,
        intro=process.catalogue_intro,
        published=process.public_page_published,
        public_slug=process.public_slug,
        workshops=workshops,
        sections=sections,
    )


def entry_counts(session: Session) -> dict[int, int]:
    """Catalogue entries per process."""
    return dict(
        session.execute(
            select(CatalogueEntry.process_id, func.count(CatalogueEntry.id)).group_by(
                CatalogueEntry.process_id
            )
        ).all()
    )
