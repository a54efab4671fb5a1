"""The one way a page runs a change: its own unit of work, then the outcome on screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from components.feedback import flash, show_error
from db.session import session_scope
from services.common.errors import DomainError

Made = TypeVar("Made")


def run(
    change: Callable[[Session], Made],
    done: str | None,
    *,
    page: str | None = None,
    query_params: dict[str, str] | Callable[[Made], dict[str, str]] | None = None,
) -> bool:
    """Do `change(session)` in one transaction; flash `done` and rerun, or show why it was refused.

    A refusal (DomainError) rolls the whole change back and is shown in the user's language;
    on success the page reruns (or opens `page`) so every figure shows the new state.
    To open the page of what the change made, `query_params` may be a function of what
    `change` returned (return plain values, such as a new id or token). `done=None` opens
    the page without a message, for pages that show no flash.
    Returns False when refused: a success never returns, as the rerun ends the run.
    """
    try:
        with session_scope() as session:
            made = change(session)
    except DomainError as err:
        show_error(err)
        return False
    if callable(query_params):
        query_params = query_params(made)
    flash(done, page=page, query_params=query_params)
    return True
