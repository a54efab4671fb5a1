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
    done: str | Callable[[Result], str] | None,
    *,
    page: str | None = None,
    query_params: dict[str, str] | Callable[[Result], dict[str, str]] | None = None,
) -> bool:
    """Do `change(session)` in one transaction; flash `done` and rerun, or show why it was refused.

    A refusal (DomainError) rolls the whole change back and is shown in the user's language;
    on success the page reruns (or opens `page`) so every figure shows the new state.
    When the message or the page to open depends on what the change made (a count, a new
    id, a participant's token), pass `done` or `query_params` as a function of what `change`
    returned; let `change` return plain data, as the unit of work is closed by then.
    `done=None` opens the page without a message, for pages that show no flash.
    Returns False when refused: a success never returns, as the rerun ends the run.
    """
    try:
        with session_scope() as session:
            result = change(session)
    except DomainError as err:
        show_error(err)
        return False
    message = done(result) if callable(done) else done
    params = query_params(result) if callable(query_params) else query_params
    flash(message, page=page, query_params=params)
    return True
