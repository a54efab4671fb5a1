"""A new workshop: created blank, or from the settings of a past one (its template)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from db.models import Process, Theme, Workshop
from services.admin import audit
from services.admin.permissions import ByUser, can_run_workshops, require
from services.common.errors import NotFound
from services.common.text import clean_text
from services.workshop.join_codes import new_code
from services.workshop.themes import clean_theme_titles
from services.workshop.workshops import check_dot_rules, get_workshop, touch_board


def create_workshop(
    session: Session,
    *,
    process_id: int,
    title: str,
    starts_at: datetime | None = None,
    place: str = "",
    themes: list[str] | tuple[str, ...] = (),
    dot_budget: int = 5,
    dots_per_idea: int = 3,
    anonymous_ideas: bool = True,
    comments_enabled: bool = True,
    hide_votes_until_reveal: bool = True,
    by_user_id: ByUser,
) -> Workshop:
    require(session, by_user_id, can_run_workshops)
    if session.get(Process, process_id) is None:
        raise NotFound("error.process_not_found")
    title = clean_text(title, field="title", max_len=200)
    place = clean_text(place, field="place", max_len=200, required=False)
    theme_titles = clean_theme_titles(themes)
    check_dot_rules(dot_budget, dots_per_idea)
    workshop = Workshop(
        process_id=process_id,
        title=title,
        starts_at=starts_at,
        place=place,
        code=new_code(session),
        phase="draft",
        dot_budget=dot_budget,
        dots_per_idea=dots_per_idea,
        anonymous_ideas=anonymous_ideas,
        comments_enabled=comments_enabled,
        hide_votes_until_reveal=hide_votes_until_reveal,
        themes=[Theme(title=th, position=i) for i, th in enumerate(theme_titles)],
    )
    session.add(workshop)
    session.flush()
    touch_board(session, workshop.id)
    audit.record(
        session, user_id=by_user_id, action="workshop.create", entity="workshop", entity_id=workshop.id
    )
    return workshop


@dataclass(frozen=True)
class WorkshopTemplate:
    """The settings of a past workshop, to start a new one from."""

    process_id: int
    place: str
    themes: tuple[str, ...]
    dot_budget: int
    dots_per_idea: int
    anonymous_ideas: bool
    comments_enabled: bool
    hide_votes_until_reveal: bool


def template_from(session: Session, workshop_id: int) -> WorkshopTemplate:
    w = get_workshop(session, workshop_id)
    return WorkshopTemplate(
        process_id=w.process_id,
        place=w.place,
        themes=tuple(th.title for th in w.themes),
        dot_budget=w.dot_budget,
        dots_per_idea=w.dots_per_idea,
        anonymous_ideas=w.anonymous_ideas,
        comments_enabled=w.comments_enabled,
        hide_votes_until_reveal=w.hide_votes_until_reveal,
    )
