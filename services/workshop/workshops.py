"""Workshops: creation, join codes, listing, and the board version tablets poll."""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

import clock
import logs
from db.models import BoardEvent, Idea, Participant, Process, Theme, Vote, Workshop
from services.admin import audit
from services.admin.permissions import ByUser, can_run_workshops, require, user_id_of
from services.common.errors import InvalidInput, NotFound, WorkshopClosed, WrongPhase
from services.common.text import clean_text, one_of, plain
from vocabulary import PHASES

# No look-alikes: 0/O/D/Q, 1/I/L, 2/Z, 5/S, 8/B, U/V are left out, so a code read off a
# projector at the back of the room is typed right the first time.
CODE_ALPHABET = "ACEFGHJKMNPRTWXY34679"
CODE_LENGTH = 6
# Told to whoever types one of them, so they look again at the screen rather than retype.
NEVER_IN_CODES = ", ".join(ch for ch in "BDILOQSUVZ012589" if ch not in CODE_ALPHABET)
MAX_THEMES = 20
DOT_BUDGET_MAX = 50


def new_code(session: Session) -> str:
    """An unguessable join code (secrets, 21^6 ≈ 86 million) not used by any workshop."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(Workshop.id).where(Workshop.code == code)) is None:
            return code


def normalise_code(raw: str | None) -> str:
    """What the participant typed, as a code: upper case, without spaces or dashes."""
    code = unicodedata.normalize("NFKC", plain(raw)).upper()
    code = "".join(ch for ch in code if ch not in " -\t")
    if not code:
        raise InvalidInput("error.required", field="join_code")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        raise InvalidInput("error.code_format", length=CODE_LENGTH, never=NEVER_IN_CODES)
    return code


def workshop_by_code(session: Session, raw: str | None) -> Workshop:
    """The open workshop a join code names; closed workshops take no new participants."""
    code = normalise_code(raw)
    workshop = session.scalar(select(Workshop).where(Workshop.code == code))
    if workshop is None:
        raise NotFound("error.code_unknown", code=code)
    if not accepts_participants(workshop.phase):
        raise WorkshopClosed("error.workshop_closed", title=workshop.title)
    return workshop


def accepts_participants(phase: str) -> bool:
    """Anyone with the code may join until the workshop is closed (so its join link is worth showing)."""
    return phase != "closed"


def is_running(phase: str) -> bool:
    """The room is at work: past preparing, not yet closed. What a console or projector opens first."""
    return phase not in ("draft", "closed")


def get_workshop(session: Session, workshop_id: int) -> Workshop:
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound("error.workshop_not_found")
    return workshop


def _clean_settings(dot_budget: int, dots_per_idea: int) -> None:
    if not 1 <= dot_budget <= DOT_BUDGET_MAX:
        raise InvalidInput("error.dot_budget", min=1, max=DOT_BUDGET_MAX)
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
    by_user_id: ByUser,
) -> Workshop:
    require(session, by_user_id, can_run_workshops)
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


# The counter each channel of a board moves; "votes" apart, so hidden votes move nothing tablets see.
VERSION_COLUMNS = {"board": Workshop.board_version, "votes": Workshop.votes_version}


def touch_board(session: Session, workshop_id: int, kind: str, channel: str = "board") -> int:
    """Note a change on a workshop's board, so every tablet polling the version re-reads it.

    One UPDATE bumps the channel's counter on the workshop row, in the transaction of the
    change, and returns the new value. The row stays locked until that transaction ends,
    so a second change waits and takes the next number only once the first has committed:
    the counter moves in commit order, and a poll that read n has seen every change up to
    n. Callers touch the board at the end of their change (an audit row may follow), so
    the lock is held for little more than the COMMIT. The `board_event` row is the log of
    what changed.
    """
    session.add(BoardEvent(workshop_id=workshop_id, kind=kind, channel=channel))
    column = VERSION_COLUMNS[channel]
    return session.execute(
        update(Workshop)
        .where(Workshop.id == workshop_id)
        .values({column: column + 1})
        .returning(column)
        # A Workshop loaded in this session shows the value the database handed out.
        .execution_options(synchronize_session="fetch")
    ).scalar_one()


def board_version(session: Session, workshop_id: int, channel: str = "board") -> int:
    """The counter of one channel of a workshop's board: one primary-key read."""
    return session.scalar(select(VERSION_COLUMNS[channel]).where(Workshop.id == workshop_id)) or 0


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


# --- running a workshop ----------------------------------------------------------------

TIMER_MAX_MINUTES = 240


def ensure_open(workshop: Workshop) -> None:
    """A closed workshop is read-only: refuse any change but reopening it."""
    if workshop.phase == "closed":
        raise WorkshopClosed("error.workshop_read_only", title=workshop.title)


def ensure_phase(workshop: Workshop, *phases: str) -> None:
    ensure_open(workshop)
    if workshop.phase not in phases:
        raise WrongPhase(f"error.phase_{phases[0]}", phase=workshop.phase)


def is_going_back(current: str, target: str) -> bool:
    return PHASES.index(target) < PHASES.index(current)


def neighbour_phases(phase: str) -> tuple[str | None, str | None]:
    """The phases just before and just after `phase` (None at either end): one step back or on."""
    i = PHASES.index(phase)
    return (PHASES[i - 1] if i > 0 else None, PHASES[i + 1] if i + 1 < len(PHASES) else None)


def dot_rules_frozen(workshop: Workshop, *, dots_cast: bool = False) -> bool:
    """Once voting has begun, the dot budget and the cap per idea stay as the room voted with them.

    That holds after going back from voting too, once anyone has cast a dot (`dots_cast`):
    a lower budget would leave participants over it, with fewer than no dots left.
    """
    return dots_cast or not is_going_back("vote", workshop.phase)


def dots_cast(session: Session, workshop_id: int) -> bool:
    """Whether anyone has spent a dot in the workshop (one index seek)."""
    return session.scalar(select(Vote.id).where(Vote.workshop_id == workshop_id).limit(1)) is not None


def move_phase(session: Session, workshop_id: int, phase: str, *, by_user_id: ByUser) -> Workshop:
    """Move a workshop to `phase` (any direction; the console confirms going back).

    A running timer belongs to the phase it was started in, so it stops.
    """
    require(session, by_user_id, can_run_workshops)
    workshop = get_workshop(session, workshop_id)
    one_of(phase, PHASES, field="phase")
    if phase == workshop.phase:
        return workshop
    old = workshop.phase
    workshop.phase = phase
    workshop.phase_changed_at = clock.utcnow()
    workshop.timer_ends_at = None
    touch_board(session, workshop.id, "phase")
    audit.record(
        session,
        user_id=by_user_id,
        action="workshop.phase",
        entity="workshop",
        entity_id=workshop.id,
        old=old,
        new=phase,
    )
    logs.event(
        "workshop.phase",
        workshop_id=workshop.id,
        from_phase=old,
        to_phase=phase,
        user_id=user_id_of(by_user_id),
    )
    return workshop


def start_timer(session: Session, workshop_id: int, minutes: int, *, by_user_id: ByUser) -> Workshop:
    require(session, by_user_id, can_run_workshops)
    workshop = get_workshop(session, workshop_id)
    ensure_open(workshop)
    if not 1 <= minutes <= TIMER_MAX_MINUTES:
        raise InvalidInput("error.timer_minutes", max=TIMER_MAX_MINUTES)
    workshop.timer_ends_at = clock.utcnow() + timedelta(minutes=minutes)
    touch_board(session, workshop.id, "timer")
    audit.record(
        session,
        user_id=by_user_id,
        action="workshop.timer",
        entity="workshop",
        entity_id=workshop.id,
        minutes=minutes,
    )
    return workshop


def stop_timer(session: Session, workshop_id: int, *, by_user_id: ByUser) -> Workshop:
    require(session, by_user_id, can_run_workshops)
    workshop = get_workshop(session, workshop_id)
    if workshop.timer_ends_at is not None:
        workshop.timer_ends_at = None
        touch_board(session, workshop.id, "timer")
        audit.record(
            session,
            user_id=by_user_id,
            action="workshop.timer_stop",
            entity="workshop",
            entity_id=workshop.id,
        )
    return workshop


@dataclass(frozen=True)
class WorkshopSettings:
    """What a facilitator may change while a workshop runs: the keyword arguments of update_settings."""

    title: str
    starts_at: datetime | None
    place: str
    dot_budget: int
    dots_per_idea: int
    anonymous_ideas: bool
    comments_enabled: bool
    hide_votes_until_reveal: bool


def settings_of(workshop: Workshop) -> WorkshopSettings:
    # Each setting is the workshop's column of the same name.
    return WorkshopSettings(**{f.name: getattr(workshop, f.name) for f in fields(WorkshopSettings)})


def update_settings(
    session: Session,
    workshop_id: int,
    *,
    title: str,
    starts_at: datetime | None,
    place: str,
    dot_budget: int,
    dots_per_idea: int,
    anonymous_ideas: bool,
    comments_enabled: bool,
    hide_votes_until_reveal: bool,
    by_user_id: ByUser,
) -> Workshop:
    """Change a workshop's settings; the dot rules are frozen once voting has begun or a dot is cast."""
    require(session, by_user_id, can_run_workshops)
    workshop = get_workshop(session, workshop_id)
    ensure_open(workshop)
    title = clean_text(title, field="title", max_len=200)
    place = clean_text(place, field="place", max_len=200, required=False)
    _clean_settings(dot_budget, dots_per_idea)
    changed = (dot_budget, dots_per_idea) != (workshop.dot_budget, workshop.dots_per_idea)
    if changed and dot_rules_frozen(workshop, dots_cast=dots_cast(session, workshop.id)):
        raise WrongPhase("error.dots_frozen")
    workshop.title, workshop.starts_at, workshop.place = title, starts_at, place
    workshop.dot_budget, workshop.dots_per_idea = dot_budget, dots_per_idea
    workshop.anonymous_ideas = anonymous_ideas
    workshop.comments_enabled = comments_enabled
    workshop.hide_votes_until_reveal = hide_votes_until_reveal
    touch_board(session, workshop.id, "settings")
    audit.record(
        session, user_id=by_user_id, action="workshop.settings", entity="workshop", entity_id=workshop.id
    )
    return workshop


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
    touch_board(session, workshop.id, "theme")
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
    touch_board(session, workshop.id, "theme")
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
