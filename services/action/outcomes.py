"""The public "you said, we did" page of a process: what became of the ideas, with no personal data.

Everything here is built from fields that carry no person: curated catalogue texts,
aggregated support, initiative texts and statuses, and the names of organisations.
Participant names, contact persons, emails, notes, timelines and checklists never leave
this module, because they are never read into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Actor, Idea, Initiative, InitiativeActor, Participant, Process, Workshop
from services.action.catalogue import catalogue
from services.action.idea_outcomes import workshop_outcomes
from services.common.errors import NotFound
from services.common.text import plain
from services.workshop.influence import influence_of_workshop

# What is happening now comes first; stopped initiatives stay visible (at the end), so a
# participant sees that their idea was taken up even where it went no further.
STATUS_ORDER = ("in_progress", "planned", "proposed", "paused", "completed", "stopped")


@dataclass(frozen=True)
class PublicInitiativeRef:
    title: str
    status: str


@dataclass(frozen=True)
class PublicEntry:
    title: str
    body: str
    dots: int
    voters: int
    initiatives: list[PublicInitiativeRef] = field(default_factory=list)


@dataclass(frozen=True)
class PublicSection:
    name: str
    entries: list[PublicEntry]


@dataclass(frozen=True)
class PublicInitiative:
    title: str
    description: str
    target_group: str
    status: str
    progress: int
    starts_on: date | None
    ends_on: date | None
    lead: str
    partners: list[str]
    origins: list[str]


@dataclass(frozen=True)
class PublicIdea:
    """An idea of a workshop and what became of it (services.action.idea_outcomes), without its author."""

    title: str
    theme: str
    outcome: str
    reason: str
    merged_into: str
    initiatives: list[str]


@dataclass(frozen=True)
class PublicWorkshop:
    id: int
    title: str
    starts_at: datetime | None
    level: str | None
    promise: str
    outcomes_published: bool
    ideas: list[PublicIdea]


@dataclass(frozen=True)
class PublicPage:
    title: str
    description: str
    intro: str
    workshops: int
    participants: int
    ideas: int
    sections: list[PublicSection]
    initiatives: list[PublicInitiative]
    level: str | None = None
    promise: str = ""
    outcomes: list[PublicWorkshop] = field(default_factory=list)

    @property
    def entries(self) -> int:
        return sum(len(s.entries) for s in self.sections)


def process_by_slug(session: Session, slug: str | None) -> Process:
    """The published process a public link names; unknown and unpublished look the same."""
    slug = plain(slug).strip()
    process = (
        session.scalar(select(Process).where(Process.public_slug == slug)) if 0 < len(slug) <= 32 else None
    )
    if process is None or not process.public_page_published:
        raise NotFound("error.public_page_not_found")
    return process


def public_page(session: Session, slug: str | None) -> PublicPage:
    process = process_by_slug(session, slug)
    book = catalogue(session, process.id)
    # Entries whose idea was hidden by moderation are left out of the public page.
    sections = [
        PublicSection(
            s.name,
            [
                PublicEntry(
                    e.title,
                    e.body,
                    e.dots,
                    e.voters,
                    [PublicInitiativeRef(r.title, r.status) for r in e.initiatives],
                )
                for e in s.entries
                if e.idea_state != "hidden"
            ],
        )
        for s in book.sections
    ]
    workshops, participants = session.execute(
        select(func.count(func.distinct(Workshop.id)), func.count(Participant.id))
        .select_from(Workshop)
        .outerjoin(Participant, Participant.workshop_id == Workshop.id)
        .where(Workshop.process_id == process.id, Workshop.phase != "draft")
    ).one()
    ideas = session.scalar(
        select(func.count(Idea.id))
        .join(Workshop, Workshop.id == Idea.workshop_id)
        .where(
            Workshop.process_id == process.id,
            Idea.status == "active",
            Idea.hidden.is_(False),
            Idea.merged_into_id.is_(None),
        )
    )
    return PublicPage(
        title=process.title,
        description=process.description,
        intro=process.catalogue_intro,
        workshops=workshops,
        participants=participants,
        ideas=ideas or 0,
        sections=[s for s in sections if s.entries],
        initiatives=_initiatives(session, process.id),
        level=process.influence_level,
        promise=process.influence_promise if process.influence_level else "",
        outcomes=_workshop_outcomes(session, process.id),
    )


def _workshop_outcomes(session: Session, process_id: int) -> list[PublicWorkshop]:
    """Every idea of every workshop held (drafts left out) with its outcome, oldest workshop first."""
    held = session.scalars(
        select(Workshop)
        .where(Workshop.process_id == process_id, Workshop.phase != "draft")
        .order_by(Workshop.starts_at.nulls_last(), Workshop.id)
    ).all()
    result = []
    for workshop in held:
        said = influence_of_workshop(session, workshop.id)
        result.append(
            PublicWorkshop(
                id=workshop.id,
                title=workshop.title,
                starts_at=workshop.starts_at,
                level=said.level,
                promise=said.promise,
                outcomes_published=workshop.outcomes_published_at is not None,
                ideas=[
                    PublicIdea(
                        title=o.title,
                        theme=o.theme,
                        outcome=o.outcome,
                        reason=o.reason,
                        merged_into=o.merged_into,
                        initiatives=[r.title for r in o.initiatives],
                    )
                    for o in workshop_outcomes(session, workshop.id)
                ],
            )
        )
    return result


def _initiatives(session: Session, process_id: int) -> list[PublicInitiative]:
    initiatives = list(session.scalars(select(Initiative).where(Initiative.process_id == process_id)))
    if not initiatives:
        return []
    names: dict[int, list[tuple[str, str]]] = {}
    for initiative_id, role, name in session.execute(
        select(InitiativeActor.initiative_id, InitiativeActor.role, Actor.name)
        .join(Actor, Actor.id == InitiativeActor.actor_id)
        .where(InitiativeActor.initiative_id.in_([i.id for i in initiatives]))
        .order_by(func.lower(Actor.name))
    ):
        names.setdefault(initiative_id, []).append((role, name))
    result = []
    for i in initiatives:
        # What it came from, in the catalogue's words where there is an entry, else the idea's.
        origins = [e.title for e in i.catalogue_entries]
        covered = {e.idea_id for e in i.catalogue_entries}
        origins += [idea.title for idea in i.ideas if idea.id not in covered and not idea.hidden]
        roles = names.get(i.id, [])
        result.append(
            PublicInitiative(
                title=i.title,
                description=i.description,
                target_group=i.target_group,
                status=i.status,
                progress=i.progress,
                starts_on=i.starts_on,
                ends_on=i.ends_on,
                lead=next((n for r, n in roles if r == "lead"), ""),
                partners=[n for r, n in roles if r == "partner"],
                origins=list(dict.fromkeys(origins)),
            )
        )
    result.sort(key=lambda p: (STATUS_ORDER.index(p.status), p.title.lower()))
    return result
