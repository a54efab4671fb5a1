"""The one way a page runs a change: its own unit of work, then the outcome on screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from components.feedback import flash, show_error
from db.session import session_scope
from services.common.errors import DomainError

Result = TypeVar("Result")


def run(
    change: Callable[[Session], Result],
    done: str | Callable[[Result], str | None],
    *,
    page: str | None = None,
    query_params: dict[str, str] | None = None,
) -> bool:
    """Do `change(session)` in one transaction; flash `done` and rerun, or show why it was refused.

    A refusal (DomainError) rolls the whole change back and is shown in the user's language;
    on success the page reruns (or opens `page`) so every figure shows the new state.
    `done` may instead be worked out from what the change returned, once it is committed
    (the name as the service cleaned it, how many rows went in); when that gives None there
    is nothing to announce, and the page goes on to show the outcome itself.
    Returns False when refused and True when `done` gave None: a flashed success never
    returns, as the rerun ends the run.
    """
    try:
        with session_scope() as session:
            result = change(session)
    except DomainError as err:
        show_error(err)
        return False
    message = done(result) if callable(done) else done
    if message is not None:
        flash(message, page=page, query_params=query_params)
    return True
