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
    done: str | Callable[[Result], str | None] | None,
    *,
    page: str | None = None,
    query_params: dict[str, str] | Callable[[Result], dict[str, str]] | None = None,
) -> bool:
    """Do `change(session)` in one transaction; flash `done` and rerun, or show why it was refused.

    A refusal (DomainError) rolls the whole change back, is shown in the user's language,
    and `run` returns False. On success the page reruns (or opens `page`) so every figure
    shows the new state, and the rerun ends this run.

    When the message or the page to open depends on what the change made (a count, a new
    id, a participant's token), pass `done` or `query_params` as a function of what `change`
    returned; let `change` return plain data, as the unit of work is closed by then.
    - `done=None`: rerun (or open `page`) without a message.
    - `done` a function that returns None: no message and no rerun; `run` returns True and
      the page shows the outcome itself (problems listed in a table, a thank-you).
    """
    try:
        with session_scope() as session:
            result = change(session)
    except DomainError as err:
        show_error(err)
        return False
    if callable(done):
        message = done(result)
        if message is None:
            return True
    else:
        message = done
    params = query_params(result) if callable(query_params) else query_params
    flash(message, page=page, query_params=params)
    return True
