"""Workshops: creation, join codes, listing, and the board version tablets poll."""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import BoardEvent, Idea, Participant, Process, Theme, Workshop
from services import audit
from services.errors import InvalidInput, NotFound, WorkshopClosed
from services.text import clean_text

# No look-alikes: 0/O/D/Q, 1/I/L, 2/Z, 5/S, 8/B, U/V are left out, so a code read off a
# projector at the back of the room is typed right the first time.
CODE_ALPHABET = "ACEFGHJKMNPRTWXY34679"
CODE_LENGTH = 6
MAX_THEMES = 20


def new_code(session: Session) -> str:
    """An unguessable join code (secrets, 21^6 ≈ 86 million) not used by any workshop."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(Workshop.id).where(Workshop.code == code)) is None:
            return code


def normalise_code(raw: str | None) -> str:
    """What the participant typed, as a code: upper case, without spaces or dashes."""
    code = unicodedata.normalize("NFKC", raw or "").upper()
    code = "".join(ch for ch in code if ch not in " -\t")
    if not code:
        raise InvalidInput("error.required", field="join_code")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        raise InvalidInput("error.code_format", length=CODE_LENGTH)
    return code


def workshop_by_code(session: Session, raw: str | None) -> Workshop:
    """The open workshop a join code names; closed workshops take no new participants."""
    code = normalise_code(raw)
    workshop = session.scalar(select(Workshop).where(Workshop.code == code))
    if workshop is None:
        raise NotFound("error.code_unknown", code=code)
    if workshop.phase == "closed":
        raise WorkshopClosed("error.workshop_closed", title=workshop.title)
    return workshop


def get_workshop(session: Session, workshop_id: int) -> Workshop:
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound("error.workshop_not_found")
    return workshop


def _clean_settings(dot_budget: int, dots_per_idea: int) -> None:
    if not 1 <= dot_budget <= 50:
        raise InvalidInput("error.dot_budget", min=1, max=50)
    if not 1 <= dots_per_idea <= dot_budget:
        raise InvalidInput("error.dots_per_idea", max=dot_budget)


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
    by_user_id: int | None = None,
) -> Workshop:
    if session.get(Process, process_id) is None:
        raise NotFound("error.process_not_found")
    title = clean_text(title, field="title", max_len=200)
    place = clean_text(place, field="place", max_len=200, required=False)
    theme_titles = [clean_text(th, field="theme", max_len=200) for th in themes if (th or "").strip()]
    if len(theme_titles) > MAX_THEMES:
        raise InvalidInput("error.too_many_themes", max=MAX_THEMES)
    if len({th.casefold() for th in theme_titles}) != len(theme_titles):
        raise InvalidInput("error.duplicate_themes")
    _clean_settings(dot_budget, dots_per_idea)
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
    touch_board(session, workshop.id, "created")
    audit.record(
        session, user_id=by_user_id, action="workshop.create", entity="workshop", entity_id=workshop.id
    )
    return workshop


def touch_board(session: Session, workshop_id: int, kind: str) -> None:
    """Note a change on a workshop's board, so every tablet polling the version re-reads it."""
    session.add(BoardEvent(workshop_id=workshop_id, kind=kind))
    session.flush()


def board_version(session: Session, workshop_id: int) -> int:
    """The newest change id of a workshop's board: one index lookup, cheap to poll."""
    return session.scalar(select(func.max(BoardEvent.id)).where(BoardEvent.workshop_id == workshop_id)) or 0


@dataclass(frozen=True)
class WorkshopRow:
    id: int
    process_id: int
    process_title: str
    title: str
    starts_at: datetime | None
    place: str
    code: str
    phase: str
    participants: int
    ideas: int


def list_workshops(session: Session, process_id: int | None = None) -> list[WorkshopRow]:
    participants = (
        select(func.count(Participant.id)).where(Participant.workshop_id == Workshop.id).scalar_subquery()
    )
    ideas = (
        select(func.count(Idea.id))
        .where(Idea.workshop_id == Workshop.id, Idea.status == "active", Idea.hidden.is_(False))
        .scalar_subquery()
    )
    query = (
        select(Workshop, Process.title, participants, ideas)
        .join(Process, Process.id == Workshop.process_id)
        .order_by(Workshop.starts_at.desc().nulls_first(), Workshop.id.desc())
    )
    if process_id is not None:
        query = query.where(Workshop.process_id == process_id)
    return [
        WorkshopRow(
            id=w.id,
            process_id=w.process_id,
            process_title=process_title,
            title=w.title,
            starts_at=w.starts_at,
            place=w.place,
            code=w.code,
            phase=w.phase,
            participants=n_participants,
            ideas=n_ideas,
        )
        for w, process_title, n_participants, n_ideas in session.execute(query)
    ]
