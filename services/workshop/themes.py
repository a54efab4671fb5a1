"""A workshop's themes: the headings ideas are written under, set at creation and added or renamed later."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from db.models import Theme
from services.admin import audit
from services.admin.permissions import ByUser, can_run_workshops, require
from services.common.errors import InvalidInput, NotFound
from services.common.text import clean_text
from services.workshop.phases import ensure_open
from services.workshop.workshops import get_workshop, touch_board

MAX_THEMES = 20


def clean_theme_titles(themes: Iterable[str]) -> list[str]:
    """A new workshop's theme titles, cleaned: blank ones dropped, at most MAX_THEMES, none twice."""
    titles = [clean_text(th, field="theme", max_len=200) for th in themes if (th or "").strip()]
    if len(titles) > MAX_THEMES:
        raise InvalidInput("error.too_many_themes", max=MAX_THEMES)
    if len({th.casefold() for th in titles}) != len(titles):
        raise InvalidInput("error.duplicate_themes")
    return titles


def add_theme(session: Session, workshop_id: int, title: str, *, by_user_id: ByUser) -> Theme:
    require(session, by_user_id, can_run_workshops)
    workshop = get_workshop(session, workshop_id)
    ensure_open(workshop)
    title = clean_text(title, field="theme", max_len=200)
    if any(th.title.casefold() == title.casefold() for th in workshop.themes):
        raise InvalidInput("error.duplicate_themes")
    if len(workshop.themes) >= MAX_THEMES:
        raise InvalidInput("error.too_many_themes", max=MAX_THEMES)
    theme = Theme(workshop_id=workshop.id, title=title, position=len(workshop.themes))
    session.add(theme)
    session.flush()
    touch_board(session, workshop.id)
    audit.record(
        session, user_id=by_user_id, action="theme.create", entity="theme", entity_id=theme.id, title=title
    )
    return theme


def rename_theme(session: Session, theme_id: int, title: str, *, by_user_id: ByUser) -> Theme:
    require(session, by_user_id, can_run_workshops)
    theme = session.get(Theme, theme_id)
    if theme is None:
        raise NotFound("error.theme_not_found")
    workshop = get_workshop(session, theme.workshop_id)
    ensure_open(workshop)
    title = clean_text(title, field="theme", max_len=200)
    if any(th.id != theme.id and th.title.casefold() == title.casefold() for th in workshop.themes):
        raise InvalidInput("error.duplicate_themes")
    old = theme.title
    theme.title = title
    touch_board(session, workshop.id)
    audit.record(
        session,
        user_id=by_user_id,
        action="theme.rename",
        entity="theme",
        entity_id=theme.id,
        old=old,
        new=title,
    )
    return theme
