"""The level of influence (IAP2) and the plain-language promise that say what participants' say is worth.

Set per process by the facilitator; a workshop may override it (a concretising workshop
can offer more say than the idea workshops before it). Participants see it when they
join, on their board and on the projector; the public page and the politicians' summary
repeat it, so the promise can be held against what happened.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from services.admin import audit, permissions
from services.admin.permissions import ByUser
from services.common.errors import InvalidInput
from services.common.text import clean_text, one_of
from services.workshop.processes import get_process
from services.workshop.workshops import get_workshop, touch_board
from vocabulary import INFLUENCE_LEVELS

PROMISE_MAX = 500


@dataclass(frozen=True)
class Influence:
    """The level in effect and its promise; `own` when the workshop sets its own."""

    level: str | None
    promise: str
    own: bool = False


def _clean(level: str | None, promise: str | None) -> tuple[str, str]:
    chosen = one_of(level, INFLUENCE_LEVELS, field="influence_level")
    text = clean_text(promise, field="influence_promise", max_len=PROMISE_MAX, multiline=True)
    return chosen, text


def set_process_influence(
    session: Session, process_id: int, *, level: str | None, promise: str | None, by_user_id: ByUser
) -> Influence:
    """The process's level and promise; both are required, since a level without a promise says little."""
    permissions.require(session, by_user_id, permissions.can_manage_processes)
    process = get_process(session, process_id)
    chosen, text = _clean(level, promise)
    process.influence_level, process.influence_promise = chosen, text
    session.flush()
    # Tablets and projectors of the process's open workshops show the promise: they re-read.
    for workshop in process.workshops:
        if workshop.influence_level is None:
            touch_board(session, workshop.id)
    audit.record(
        session,
        user_id=by_user_id,
        action="process.influence",
        entity="process",
        entity_id=process.id,
        level=chosen,
    )
    return Influence(chosen, text)


def set_workshop_influence(
    session: Session,
    workshop_id: int,
    *,
    level: str | None,
    promise: str | None,
    by_user_id: ByUser,
) -> Influence:
    """The workshop's own level and promise; no level means it follows its process again."""
    permissions.require(session, by_user_id, permissions.can_run_workshops)
    workshop = get_workshop(session, workshop_id)
    if level in (None, ""):
        if (promise or "").strip():
            raise InvalidInput("error.influence_promise_without_level")
        workshop.influence_level, workshop.influence_promise = None, ""
    else:
        workshop.influence_level, workshop.influence_promise = _clean(level, promise)
    session.flush()
    touch_board(session, workshop.id)
    audit.record(
        session,
        user_id=by_user_id,
        action="workshop.influence",
        entity="workshop",
        entity_id=workshop.id,
        level=workshop.influence_level,
    )
    return influence_of_workshop(session, workshop.id)


def influence_of_workshop(session: Session, workshop_id: int) -> Influence:
    """The level in effect for a workshop: its own, else its process's (level None: not chosen)."""
    workshop = get_workshop(session, workshop_id)
    if workshop.influence_level is not None:
        return Influence(workshop.influence_level, workshop.influence_promise, own=True)
    process = workshop.process
    return Influence(process.influence_level, process.influence_promise if process.influence_level else "")


def influence_of_process(session: Session, process_id: int) -> Influence:
    process = get_process(session, process_id)
    return Influence(process.influence_level, process.influence_promise if process.influence_level else "")
