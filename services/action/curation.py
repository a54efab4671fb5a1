"""Curating a process's inspiration catalogue: putting ideas in (in their original wording,
grouped by theme or cluster) or writing entries by hand, rewording an entry for print while its
idea stays linked and unchanged, taking entries out, moving entries and whole sections,
regrouping, the introduction, and opening or closing the public page. Every change renumbers the
positions, so a section's entries stay together.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CatalogueEntry, Cluster, Idea, Process, Theme
from services.action.catalogue import grouped_by_section, ordered_entries, visible_ideas
from services.admin import audit
from services.admin.permissions import ByUser, can_curate_catalogue, require
from services.common.errors import Conflict, InvalidInput, NotFound
from services.common.text import clean_text, one_of
from services.workshop.processes import get_process

TITLE_MAX = 200
BODY_MAX = 3000
SECTION_MAX = 200
INTRO_MAX = 10_000
GROUPINGS = ("theme", "cluster")


# --- curating ----------------------------------------------------------------------------


def _renumber(session: Session, process_id: int, entries: list[CatalogueEntry] | None = None) -> None:
    """Positions 0..n-1 with each section's entries together (a section keeps its first place)."""
    entries = entries if entries is not None else ordered_entries(session, process_id)
    position = 0
    for _, members in grouped_by_section(entries):
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
    by_user_id: ByUser,
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
        for idea, _, theme, cluster in session.execute(visible_ideas(process_id).where(Idea.id.in_(wanted)))
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
    entries = ordered_entries(session, process_id)
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
    by_user_id: ByUser,
) -> CatalogueEntry:
    """An entry written by hand (an idea from a knowledge meeting, a letter, a phone call)."""
    require(session, by_user_id, can_curate_catalogue)
    get_process(session, process_id)
    values = _clean_entry(title, body, section)
    entries = ordered_entries(session, process_id)
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
    by_user_id: ByUser,
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
        entries = [e for e in ordered_entries(session, entry.process_id) if e.id != entry.id]
        last = max((e.position for e in entries if e.section == entry.section), default=None)
        place = (last + 0.5) if last is not None else (entries[-1].position + 1 if entries else 0)
        ordered = sorted([*entries, entry], key=lambda e: place if e is entry else e.position)
        _renumber(session, entry.process_id, ordered)
    session.flush()
    audit.record(
        session, user_id=by_user_id, action="catalogue.edit", entity="catalogue_entry", entity_id=entry.id
    )
    return entry


def remove_entry(session: Session, entry_id: int, *, by_user_id: ByUser) -> None:
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


def move_entry(session: Session, entry_id: int, step: int, *, by_user_id: ByUser) -> None:
    """Move an entry one place up (-1) or down (+1) within its section."""
    require(session, by_user_id, can_curate_catalogue)
    entry = get_entry(session, entry_id)
    members = [e for e in ordered_entries(session, entry.process_id) if e.section == entry.section]
    index = next(i for i, e in enumerate(members) if e.id == entry.id)
    other = index + (1 if step > 0 else -1)
    if not 0 <= other < len(members):
        return
    entry.position, members[other].position = members[other].position, entry.position
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="catalogue.move_entry",
        entity="catalogue_entry",
        entity_id=entry.id,
    )


def move_section(session: Session, process_id: int, section: str, step: int, *, by_user_id: ByUser) -> None:
    """Move a whole section one place up (-1) or down (+1)."""
    require(session, by_user_id, can_curate_catalogue)
    groups = grouped_by_section(ordered_entries(session, process_id))
    names = [name for name, _ in groups]
    if section not in names:
        raise NotFound("error.section_not_found")
    index = names.index(section)
    other = index + (1 if step > 0 else -1)
    if not 0 <= other < len(groups):
        return
    groups[index], groups[other] = groups[other], groups[index]
    _renumber(session, process_id, [e for _, members in groups for e in members])
    audit.record(
        session,
        user_id=by_user_id,
        action="catalogue.move_section",
        entity="process",
        entity_id=process_id,
        section=section,
    )


def regroup(session: Session, process_id: int, group_by: str, *, by_user_id: ByUser) -> int:
    """Set every idea-based entry's section from its idea's theme or cluster; returns how many moved."""
    require(session, by_user_id, can_curate_catalogue)
    group_by = one_of(group_by, GROUPINGS, field="group_by")
    entries = ordered_entries(session, process_id)
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


def set_intro(session: Session, process_id: int, intro: str, *, by_user_id: ByUser) -> Process:
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


def set_published(session: Session, process_id: int, published: bool, *, by_user_id: ByUser) -> Process:
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
