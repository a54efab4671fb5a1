"""Ids and whole numbers from outside (a URL, a JSON body, a board action, a file), bounded once.

Every id column is a PostgreSQL `integer`; SQLite holds 64 bits. A bigger number reaching a
query raises OverflowError (SQLite) or DataError (PostgreSQL) instead of "not found", so
pages, routes and imports pass what they are sent through `parse_id` before a service
sees it, and numbers a user types through `bounded`.
"""

from __future__ import annotations

from services.common.errors import InvalidInput, NotFound

ID_MAX = 2**31 - 1  # the largest PostgreSQL `integer`, the type of every id column


def parse_id(raw: object) -> int:
    """`raw` as an id (a whole number 1..ID_MAX, or its digits), else NotFound.

    An id from outside that is no id cannot name anything, so it is "not found", never an
    error of its own: the same answer as a well-formed id of a deleted row.
    """
    if isinstance(raw, bool):
        raise NotFound("input.not_found")
    if isinstance(raw, str):
        text = raw.strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 10):
            raise NotFound("input.not_found")
        raw = int(text)
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if not isinstance(raw, int) or not 1 <= raw <= ID_MAX:
        raise NotFound("input.not_found")
    return raw


def optional_id(raw: object) -> int | None:
    """None for nothing sent (None or ""), else `parse_id`."""
    return None if raw is None or raw == "" else parse_id(raw)


def bounded(value: int, *, field: str, low: int, high: int) -> int:
    """`value` if low <= value <= high, else InvalidInput naming `field` and the range."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput("input.out_of_range", field=field, min=low, max=high)
    return value
