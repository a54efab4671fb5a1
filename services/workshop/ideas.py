"""Ideas and comments on a workshop board: adding, editing, withdrawing, moderating, finding look-alikes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

import clock
from db.models import Comment, Idea, Participant, Theme, User, Workshop
from services.admin import audit
from services.admin.permissions import ByUser, can_run_workshops, require, user_id_of
from services.common.errors import Conflict, NotAllowed, NotFound
from services.common.text import clean_text
from services.workshop.counts import lock_for_recount, recount
from services.workshop.phases import ensure_open, ensure_phase, phase_when
from services.workshop.workshops import get_workshop, touch_board

TITLE_MAX = 120
DESCRIPTION_MAX = 1000
COMMENT_MAX = 500
REASON_MAX = 200
COMMENT_PHASES = ("collect", "cluster", "vote")
# A facilitator types in ideas for people without a tablet while ideas are still gathered and grouped.
ENTER_FOR_PHASES = ("collect", "cluster")
SIMILAR_THRESHOLD = 70


def _clean(title: str | None, description: str | None) -> tuple[str, str]:
    return (
        clean_text(title, field="idea_title", max_len=TITLE_MAX),
        clean_text(
            description, field="idea_description", max_len=DESCRIPTION_MAX, required=False, multiline=True
        ),
    )


def _theme_of(session: Session, workshop: Workshop, theme_id: int | None) -> int | None:
    if theme_id is None:
        if workshop.themes:
            raise NotFound("error.theme_not_found")
        return None
    theme = session.get(Theme, theme_id)
    if theme is None or theme.workshop_id != workshop.id:
        raise NotFound("error.theme_not_found")
    return theme.id


def get_idea(session: Session, idea_id: int) -> Idea:
    idea = session.get(Idea, idea_id)
    if idea is None:
        raise NotFound("error.idea_not_found")
    return idea


def visible_idea(session: Session, idea_id: int, workshop_id: int) -> Idea:
    """An idea of this workshop that participants can see: active, not hidden, not merged away."""
    idea = session.get(Idea, idea_id)
    if idea is None or idea.workshop_id != workshop_id or idea.hidden or idea.status != "active":
        raise NotFound("error.idea_not_found")
    return idea


def add_idea(
    session: Session,
    participant: Participant,
    *,
    theme_id: int | None,
    title: str,
    description: str = "",
    sent_at: datetime | None = None,
) -> Idea:
    """A participant's idea; only while ideas are being collected.

    `sent_at`: when the tablet's request reached the server. An idea sent while ideas were
    being collected is taken even if the facilitator moved on while it waited for its turn
    to be written (seconds, in a room of hundreds): its person tapped in time, and what
    they wrote is not lost. A closed workshop takes nothing.
    """
    workshop = get_workshop(session, participant.workshop_id)
    ensure_open(workshop)
    if sent_at is None or phase_when(session, workshop, sent_at) != "collect":
        ensure_phase(workshop, "collect")
    title, description = _clean(title, description)
    idea = Idea(
        workshop_id=workshop.id,
        theme_id=_theme_of(session, workshop, theme_id),
        participant_id=participant.id,
        title=title,
        description=description,
    )
    session.add(idea)
    session.flush()
    touch_board(session, workshop.id)
    return idea


def add_idea_for(
    session: Session,
    workshop_id: int,
    *,
    theme_id: int | None,
    title: str,
    description: str = "",
    participant_id: int | None = None,
    by_user_id: ByUser,
) -> Idea:
    """The facilitator enters an idea for someone without a tablet (marked as such)."""
    require(session, by_user_id, can_run_workshops)
    workshop = get_workshop(session, workshop_id)
    ensure_phase(workshop, *ENTER_FOR_PHASES)
    title, description = _clean(title, description)
    if participant_id is not None:
        author = session.get(Participant, participant_id)
        if author is None or author.workshop_id != workshop.id or not author.is_proxy:
            raise NotFound("error.proxy_not_found")
    idea = Idea(
        workshop_id=workshop.id,
        theme_id=_theme_of(session, workshop, theme_id),
        participant_id=participant_id,
        entered_by_user_id=user_id_of(by_user_id),
        title=title,
        description=description,
    )
    session.add(idea)
    session.flush()
    touch_board(session, workshop.id)
    audit.record(session, user_id=by_user_id, action="idea.enter_for", entity="idea", entity_id=idea.id)
    return idea


def _own_idea(session: Session, participant: Participant, idea_id: int) -> tuple[Idea, Workshop]:
    idea = visible_idea(session, idea_id, participant.workshop_id)
    if idea.participant_id != participant.id:
        raise NotAllowed("error.not_your_idea")
    if idea.merged_into_id is not None:
        raise Conflict("error.idea_merged")
    workshop = get_workshop(session, idea.workshop_id)
    ensure_phase(workshop, "collect")
    return idea, workshop


def edit_idea(
    session: Session, participant: Participant, idea_id: int, *, title: str, description: str = ""
) -> Idea:
    idea, workshop = _own_idea(session, participant, idea_id)
    idea.title, idea.description = _clean(title, description)
    touch_board(session, workshop.id)
    return idea


def withdraw_idea(session: Session, participant: Participant, idea_id: int) -> Idea:
    idea, workshop = _own_idea(session, participant, idea_id)
    survivor_id = lock_for_recount(session, idea)
    idea.status = "withdrawn"
    recount(session, [survivor_id])  # its dots no longer count, for it or its survivor
    touch_board(session, workshop.id)
    return idea


def add_comment(session: Session, participant: Participant, idea_id: int, body: str) -> Comment:
    """A participant builds on an idea, if the workshop allows comments."""
    workshop = get_workshop(session, participant.workshop_id)
    ensure_phase(workshop, *COMMENT_PHASES)
    if not workshop.comments_enabled:
        raise NotAllowed("error.comments_off")
    idea = visible_idea(session, idea_id, workshop.id)
    target = idea.merged_into_id or idea.id
    comment = Comment(
        idea_id=target,
        participant_id=participant.id,
        body=clean_text(body, field="comment", max_len=COMMENT_MAX, multiline=True),
    )
    session.add(comment)
    session.flush()
    touch_board(session, workshop.id)
    return comment


# --- moderation ------------------------------------------------------------------------


def _set_hidden(item: Idea | Comment, hidden: bool, reason: str, by_user_id: ByUser) -> None:
    item.hidden = hidden
    item.hidden_reason = (
        clean_text(reason, field="reason", max_len=REASON_MAX, required=False) if hidden else ""
    )
    item.hidden_by_user_id = user_id_of(by_user_id) if hidden else None
    item.hidden_at = clock.utcnow() if hidden else None


def hide_idea(session: Session, idea_id: int, *, hidden: bool, reason: str = "", by_user_id: ByUser) -> Idea:
    """Hide (or show again) an idea: it is kept for the audit list, but never shown or counted."""
    require(session, by_user_id, can_run_workshops)
    idea = get_idea(session, idea_id)
    ensure_open(get_workshop(session, idea.workshop_id))
    survivor_id = lock_for_recount(session, idea)
    _set_hidden(idea, hidden, reason, by_user_id)
    recount(session, [survivor_id])  # a hidden idea's dots count for nobody
    touch_board(session, idea.workshop_id)
    audit.record(
        session,
        user_id=by_user_id,
        action="idea.hide" if hidden else "idea.show",
        entity="idea",
        entity_id=idea.id,
        reason=idea.hidden_reason,
    )
    return idea


def hide_comment(
    session: Session, comment_id: int, *, hidden: bool, reason: str = "", by_user_id: ByUser
) -> Comment:
    require(session, by_user_id, can_run_workshops)
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound("error.comment_not_found")
    idea = get_idea(session, comment.idea_id)
    ensure_open(get_workshop(session, idea.workshop_id))
    _set_hidden(comment, hidden, reason, by_user_id)
    touch_board(session, idea.workshop_id)
    audit.record(
        session,
        user_id=by_user_id,
        action="comment.hide" if hidden else "comment.show",
        entity="comment",
        entity_id=comment.id,
        reason=comment.hidden_reason,
    )
    return comment


@dataclass(frozen=True)
class HiddenItem:
    kind: str  # "idea" or "comment"
    id: int
    text: str
    reason: str
    hidden_by: str
    hidden_at: datetime | None


def hidden_items(session: Session, workshop_id: int) -> list[HiddenItem]:
    """Everything moderated away in a workshop, newest first: the audit list."""
    ideas = session.execute(
        select(Idea, User.display_name)
        .outerjoin(User, User.id == Idea.hidden_by_user_id)
        .where(Idea.workshop_id == workshop_id, Idea.hidden.is_(True))
    ).all()
    comments = session.execute(
        select(Comment, User.display_name)
        .join(Idea, Idea.id == Comment.idea_id)
        .outerjoin(User, User.id == Comment.hidden_by_user_id)
        .where(Idea.workshop_id == workshop_id, Comment.hidden.is_(True))
    ).all()
    items = [HiddenItem("idea", i.id, i.title, i.hidden_reason, who or "", i.hidden_at) for i, who in ideas]
    items += [
        HiddenItem("comment", c.id, c.body, c.hidden_reason, who or "", c.hidden_at) for c, who in comments
    ]
    return sorted(items, key=lambda item: item.hidden_at or datetime.min, reverse=True)


# What a facilitator picks in the console's tables, in one unit of work: all of it or none.


def hide_ideas(session: Session, idea_ids: Iterable[int], *, reason: str, by_user_id: ByUser) -> None:
    require(session, by_user_id, can_run_workshops)
    for idea_id in idea_ids:
        hide_idea(session, idea_id, hidden=True, reason=reason, by_user_id=by_user_id)


def hide_comments(session: Session, comment_ids: Iterable[int], *, reason: str, by_user_id: ByUser) -> None:
    require(session, by_user_id, can_run_workshops)
    for comment_id in comment_ids:
        hide_comment(session, comment_id, hidden=True, reason=reason, by_user_id=by_user_id)


def show_again(session: Session, items: Iterable[HiddenItem], *, by_user_id: ByUser) -> None:
    require(session, by_user_id, can_run_workshops)
    for item in items:
        hide = hide_idea if item.kind == "idea" else hide_comment
        hide(session, item.id, hidden=False, by_user_id=by_user_id)


# --- look-alikes -----------------------------------------------------------------------


def visible_titles(session: Session, workshop_id: int) -> list[tuple[int, str]]:
    """(id, title) of the ideas participants can see: what a new title is compared with."""
    return list(
        session.execute(
            select(Idea.id, Idea.title).where(
                Idea.workshop_id == workshop_id,
                Idea.status == "active",
                Idea.hidden.is_(False),
                Idea.merged_into_id.is_(None),
            )
        ).all()
    )


def similar_titles(
    text: str, candidates: Iterable[tuple[int, str]], *, limit: int = 3, threshold: int = SIMILAR_THRESHOLD
) -> list[tuple[int, str, int]]:
    """Ideas whose titles resemble `text`: (id, title, score 0-100), best first.

    token_set_ratio ignores word order and extra words, so "Fællesspisning for ældre"
    finds "Fællesspisning hver torsdag på aktivitetscentret".
    """
    text = (text or "").strip()
    if len(text) < 4:
        return []
    choices = dict(candidates)
    matches = process.extract(
        text,
        choices,
        scorer=fuzz.token_set_ratio,
        processor=str.casefold,
        limit=limit,
        score_cutoff=threshold,
    )
    return [(idea_id, title, round(score)) for title, score, idea_id in matches]
