"""The inspiration catalogue of a process: curated ideas in sections, in order, with their support.

Entries keep a link to the idea they came from (its support follows merges), so the
wording can be edited for print without losing where an idea was born and who backed it.
Positions are one sequence per process; entries of a section are kept together, and
sections appear in the order of their first entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import CatalogueEntry, Cluster, Idea, Process, Theme, Workshop
from services.action.lineage import (
    InitiativeRef,
    initiatives_for_entries,
    initiatives_for_ideas,
    survivor_ids,
)
from services.admin import audit
from services.admin.permissions import can_curate_catalogue, require
from services.common.errors import Conflict, InvalidInput, NotFound
from services.common.text import clean_text, one_of
from services.workshop.processes import get_process
from services.workshop.tally import support

TITLE_MAX = 200
BODY_MAX = 3000
SECTION_MAX = 200
INTRO_MAX = 10_000
GROUPINGS = ("theme", "cluster")


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


def _visible_ideas(process_id: int):  # noqa: ANN202 - a SQLAlchemy select
    return (
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


def candidates(session: Session, process_id: int) -> list[Candidate]:
    """Every visible surviving idea of the process's workshops, most supported first."""
    get_process(session, process_id)
    rows = session.execute(_visible_ideas(process_id)).all()
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


def _ordered(session: Session, process_id: int) -> list[CatalogueEntry]:
    return list(
        session.scalars(
            select(CatalogueEntry)
            .where(CatalogueEntry.process_id == process_id)
            .order_by(CatalogueEntry.position, CatalogueEntry.id)
        )
    )


def _grouped(entries: list[CatalogueEntry]) -> list[tuple[str, list[CatalogueEntry]]]:
    """Entries in sections, sections in the order of their first entry."""
    sections: dict[str, list[CatalogueEntry]] = {}
    for entry in entries:
        sections.setdefault(entry.section, []).append(entry)
    return list(sections.items())


def catalogue(session: Session, process_id: int) -> Catalogue:
    """The whole catalogue of a process, ready to show, print or export."""
    process = get_process(session, process_id)
    entries = _ordered(session, process_id)
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
    for name, members in _grouped(entries):
        views = []
        for e in members:
            idea, workshop_title = ideas.get(e.idea_id, (None, ""))
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


# --- curating ----------------------------------------------------------------------------


def _renumber(session: Session, process_id: int, entries: list[CatalogueEntry] | None = None) -> None:
    """Positions 0..n-1 with each section's entries together (a section keeps its first place)."""
    entries = entries if entries is not None else _ordered(session, process_id)
    position = 0
    for _, members in _grouped(entries):
        for entry in members:
            entry.position = position
            position += 1
    session.flush()


def _section_of(theme: str | None, cluster: str | None, group_by: str) -> str:
    name = (cluster if group_by == "cluster" else theme) or theme or ""
    return name[:SECTION_MAX]


def add_ideas(
    session: Session,
    process_id: int,
    idea_ids: Iterable[int],
    *,
    group_by: str = "theme",
    by_user_id: int | None = None,
) -> list[CatalogueEntry]:
    """Put ideas into the catalogue in their original wording, grouped by theme or cluster."""
    require(session, by_user_id, can_curate_catalogue)
    get_process(session, process_id)
    group_by = one_of(group_by, GROUPINGS, field="group_by")
    wanted = list(dict.fromkeys(idea_ids))
    if not wanted:
        raise InvalidInput("error.pick_ideas")
    rows = {
        idea.id: (idea, theme, cluster)
        for idea, _, theme, cluster in session.execute(_visible_ideas(process_id).where(Idea.id.in_(wanted)))
    }
    if len(rows) != len(wanted):
        raise NotFound("error.idea_not_in_process")
    present = set(
        session.scalars(
            select(CatalogueEntry.idea_id).where(
                CatalogueEntry.process_id == process_id, CatalogueEntry.idea_id.in_(wanted)
            )
        )
    )
    if present:
        titles = ", ".join(rows[i][0].title for i in wanted if i in present)
        raise Conflict("error.already_in_catalogue", titles=titles)
    entries = _ordered(session, process_id)
    next_position = (entries[-1].position + 1) if entries else 0
    added = []
    for offset, idea_id in enumerate(wanted):
        idea, theme, cluster = rows[idea_id]
        entry = CatalogueEntry(
            process_id=process_id,
            idea_id=idea.id,
            title=idea.title[:TITLE_MAX],
            body=idea.description[:BODY_MAX],
            section=_section_of(theme, cluster, group_by),
            position=next_position + offset,
        )
        session.add(entry)
        added.append(entry)
    session.flush()
    _renumber(session, process_id, entries + added)
    audit.record(
        session,
        user_id=by_user_id,
        action="catalogue.add",
        entity="process",
        entity_id=process_id,
        ideas=wanted,
    )
    return added


def _clean_entry(title: str, body: str, section: str) -> dict[str, str]:
    return {
        "title": clean_text(title, field="title", max_len=TITLE_MAX),
        "body": clean_text(body, field="entry_text", max_len=BODY_MAX, required=False, multiline=True),
        "section": clean_text(section, field="section", max_len=SECTION_MAX, required=False),
    }


def add_entry(
    session: Session,
    process_id: int,
    *,
    title: str,
    body: str = "",
    section: str = "",
    by_user_id: int | None = None,
) -> CatalogueEntry:
    """An entry written by hand (an idea from a knowledge meeting, a letter, a phone call)."""
    require(session, by_user_id, can_curate_catalogue)
    get_process(session, process_id)
    values = _clean_entry(title, body, section)
    entries = _ordered(session, process_id)
    entry = CatalogueEntry(
        process_id=process_id, position=(entries[-1].position + 1) if entries else 0, **values
    )
    session.add(entry)
    session.flush()
    _renumber(session, process_id, [*entries, entry])
    audit.record(
        session,
        user_id=by_user_id,
        action="catalogue.add_entry",
        entity="catalogue_entry",
        entity_id=entry.id,
    )
    return entry


def get_entry(session: Session, entry_id: int) -> CatalogueEntry:
    entry = session.get(CatalogueEntry, entry_id)
    if entry is None:
        raise NotFound("error.entry_not_found")
    return entry


def update_entry(
    session: Session,
    entry_id: int,
    *,
    title: str,
    body: str = "",
    section: str = "",
    by_user_id: int | None = None,
) -> CatalogueEntry:
    """New wording for print; the original idea stays linked and unchanged."""
    require(session, by_user_id, can_curate_catalogue)
    entry = get_entry(session, entry_id)
    values = _clean_entry(title, body, section)
    moved = values["section"] != entry.section
    for key, value in values.items():
        setattr(entry, key, value)
    if moved:
        # Into an existing section: at its end. A new section: at the end of the catalogue.
        entries = [e for e in _ordered(session, entry.process_id) if e.id != entry.id]
        last = max((e.position for e in entries if e.section == entry.section), default=None)
        entry.position = (last + 0.5) if last is not None else (entries[-1].position + 1 if entries else 0)
        ordered = sorted([*entries, entry], key=lambda e: e.position)
        _renumber(session, entry.process_id, ordered)
    session.flush()
    audit.record(
        session, user_id=by_user_id, action="catalogue.edit", entity="catalogue_entry", entity_id=entry.id
    )
    return entry


def remove_entry(session: Session, entry_id: int, *, by_user_id: int | None = None) -> None:
    """Take an entry out of the catalogue; the idea itself and any initiative stay."""
    require(session, by_user_id, can_curate_catalogue)
    entry = get_entry(session, entry_id)
    process_id = entry.process_id
    audit.record(
        session,
        user_id=by_user_id,
        action="catalogue.remove",
        entity="catalogue_entry",
        entity_id=entry.id,
        title=entry.title,
    )
    session.delete(entry)
    session.flush()
    _renumber(session, process_id)


def move_entry(session: Session, entry_id: int, step: int, *, by_user_id: int | None = None) -> None:
    """Move an entry one place up (-1) or down (+1) within its section."""
    require(session, by_user_id, can_curate_catalogue)
    entry = get_entry(session, entry_id)
    members = [e for e in _ordered(session, entry.process_id) if e.section == entry.section]
    index = next(i for i, e in enumerate(members) if e.id == entry.id)
    other = index + (1 if step > 0 else -1)
    if not 0 <= other < len(members):
        return
    entry.position, members[other].position = members[other].position, entry.position
    session.flush()


def move_section(
    session: Session, process_id: int, section: str, step: int, *, by_user_id: int | None = None
) -> None:
    """Move a whole section one place up (-1) or down (+1)."""
    require(session, by_user_id, can_curate_catalogue)
    groups = _grouped(_ordered(session, process_id))
    names = [name for name, _ in groups]
    if section not in names:
        raise NotFound("error.section_not_found")
    index = names.index(section)
    other = index + (1 if step > 0 else -1)
    if not 0 <= other < len(groups):
        return
    groups[index], groups[other] = groups[other], groups[index]
    _renumber(session, process_id, [e for _, members in groups for e in members])


def regroup(session: Session, process_id: int, group_by: str, *, by_user_id: int | None = None) -> int:
    """Set every idea-based entry's section from its idea's theme or cluster; returns how many moved."""
    require(session, by_user_id, can_curate_catalogue)
    group_by = one_of(group_by, GROUPINGS, field="group_by")
    entries = _ordered(session, process_id)
    sources = {
        idea.id: (idea, theme, cluster)
        for idea, theme, cluster in session.execute(
            select(Idea, Theme.title, Cluster.name)
            .outerjoin(Theme, Theme.id == Idea.theme_id)
            .outerjoin(Cluster, Cluster.id == Idea.cluster_id)
            .where(Idea.id.in_([e.idea_id for e in entries if e.idea_id is not None]))
        )
    }
    moved = 0
    for entry in entries:
        if entry.idea_id in sources:
            _, theme, cluster = sources[entry.idea_id]
            section = _section_of(theme, cluster, group_by)
            if section != entry.section:
                entry.section = section
                moved += 1
    _renumber(session, process_id, entries)
    audit.record(
        session,
        user_id=by_user_id,
        action="catalogue.regroup",
        entity="process",
        entity_id=process_id,
        by=group_by,
    )
    return moved


def set_intro(session: Session, process_id: int, intro: str, *, by_user_id: int | None = None) -> Process:
    require(session, by_user_id, can_curate_catalogue)
    process = get_process(session, process_id)
    process.catalogue_intro = clean_text(
        intro, field="catalogue_intro", max_len=INTRO_MAX, required=False, multiline=True
    )
    session.flush()
    audit.record(
        session, user_id=by_user_id, action="catalogue.intro", entity="process", entity_id=process_id
    )
    return process


def set_published(
    session: Session, process_id: int, published: bool, *, by_user_id: int | None = None
) -> Process:
    """Open or close the public "you said, we did" page of a process."""
    require(session, by_user_id, can_curate_catalogue)
    process = get_process(session, process_id)
    process.public_page_published = bool(published)
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="catalogue.publish" if published else "catalogue.unpublish",
        entity="process",
        entity_id=process_id,
    )
    return process
