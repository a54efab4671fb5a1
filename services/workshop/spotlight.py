"""The spotlight: one idea the facilitator puts on the projector, big, for the room to discuss.

The choice is stored on the workshop (`Workshop.spotlight_idea_id`), so every projector
tab of the workshop shows it and it survives a reload. It is read defensively: an idea
hidden, withdrawn or deleted since is simply not shown, and one merged since is shown as
the idea it was merged into, which carries its words on.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Idea, Theme
from services.admin import audit, permissions
from services.workshop.ideas import visible_idea
from services.workshop.phases import ensure_open
from services.workshop.workshops import get_workshop


@dataclass(frozen=True)
class Spotlit:
    """What the projector shows of the idea in the spotlight."""

    id: int
    title: str
    description: str
    theme: str
    # The theme's place among the workshop's themes (its colour on the wall); None without one.
    theme_index: int | None
    merged_titles: tuple[str, ...]


def put_in_spotlight(
    session: Session, workshop_id: int, idea_id: int, *, by_user_id: permissions.ByUser
) -> int:
    """Show `idea_id` on the projector; an idea merged away puts its survivor there. The id shown."""
    permissions.require(session, by_user_id, permissions.can_run_workshops)
    workshop = get_workshop(session, workshop_id)
    ensure_open(workshop)
    idea = visible_idea(session, idea_id, workshop.id)
    if idea.merged_into_id is not None:
        idea = visible_idea(session, idea.merged_into_id, workshop.id)
    workshop.spotlight_idea_id = idea.id
    audit.record(
        session,
        user_id=by_user_id,
        action="workshop.spotlight",
        entity="workshop",
        entity_id=workshop.id,
        idea_id=idea.id,
    )
    return idea.id


def clear_spotlight(session: Session, workshop_id: int, *, by_user_id: permissions.ByUser) -> None:
    """Take the idea off the projector (the room's screen goes back to the phase's view).

    Clearing an empty spotlight changes nothing and writes nothing; a closed workshop may
    still be cleared, so the screen never stays stuck on one idea.
    """
    permissions.require(session, by_user_id, permissions.can_run_workshops)
    workshop = get_workshop(session, workshop_id)
    if workshop.spotlight_idea_id is None:
        return
    was = workshop.spotlight_idea_id
    workshop.spotlight_idea_id = None
    audit.record(
        session,
        user_id=by_user_id,
        action="workshop.spotlight_cleared",
        entity="workshop",
        entity_id=workshop.id,
        idea_id=was,
    )


def in_spotlight(session: Session, workshop_id: int) -> Spotlit | None:
    """The idea on the projector now, or None (none chosen, or it left the board since)."""
    workshop = get_workshop(session, workshop_id)
    if workshop.spotlight_idea_id is None:
        return None
    idea = session.get(Idea, workshop.spotlight_idea_id)
    if idea is not None and idea.merged_into_id is not None:
        idea = session.get(Idea, idea.merged_into_id)
    if idea is None or idea.workshop_id != workshop.id or idea.hidden or idea.status != "active":
        return None
    themes = [th.id for th in workshop.themes]
    theme = session.get(Theme, idea.theme_id) if idea.theme_id is not None else None
    merged = session.scalars(
        select(Idea.title)
        .where(Idea.merged_into_id == idea.id, Idea.hidden.is_(False), Idea.status == "active")
        .order_by(Idea.id)
    )
    return Spotlit(
        id=idea.id,
        title=idea.title,
        description=idea.description,
        theme=theme.title if theme else "",
        theme_index=themes.index(theme.id) if theme and theme.id in themes else None,
        merged_titles=tuple(merged),
    )
