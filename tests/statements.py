"""The SQL statements sent while a block runs, as the database receives them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


@contextmanager
def statements_sent() -> Iterator[list[str]]:
    """Every statement any engine of this process sends inside the block, in order."""
    sent: list[str] = []

    def heard(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        sent.append(statement)

    event.listen(Engine, "before_cursor_execute", heard)
    try:
        yield sent
    finally:
        event.remove(Engine, "before_cursor_execute", heard)
