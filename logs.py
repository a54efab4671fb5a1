"""The operations log: one JSON object per line on stderr, for the log collector and support.

Each line has `time` (ISO 8601, UTC), `level`, `event`, the id of the request (JSON
routes) or Streamlit session it belongs to, and the event's own fields. An unexpected
error also has its `reference` (the id the user is shown) and the `traceback`.

Only ids and counts go in: never a participant's name, a token, a password or a cookie.
`event()` takes fields by keyword so each call site says plainly what it writes, and the
formatter drops any field whose name says it is a secret, as a second line of defence.
"""

from __future__ import annotations

import json
import logging
import secrets
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

LOGGER_NAME = "samskab"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# Field names that must never reach the log, whoever passes them.
SECRET_FIELDS = frozenset({"name", "display_name", "token", "password", "cookie", "secret"})

_log = logging.getLogger(LOGGER_NAME)
# Who a line belongs to: {"request_id": ...} in a route, {"session_id": ...} in a script
# run. A context variable: routes run concurrently, and each Streamlit session's script
# runs in a thread of its own.
_scope: ContextVar[dict[str, str] | None] = ContextVar("log_scope", default=None)
_HANDLER_MARK = "_samskab_json"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "event": getattr(record, "event", None) or record.getMessage(),
        }
        line |= getattr(record, "scope", None) or {}
        fields = getattr(record, "fields", None) or {}
        line |= {k: v for k, v in fields.items() if k not in SECRET_FIELDS and k not in line}
        if record.exc_info:
            line["traceback"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


def configure(level: str = "INFO") -> None:
    """Send Samskab's log lines to stderr as JSON at `level`. Safe to call on every run."""
    wanted = logging.getLevelName(level if level in LEVELS else "INFO")
    if _log.level != wanted:
        # Only on a change: setLevel clears every logger's cache under logging's global lock.
        _log.setLevel(wanted)
    # Our lines are complete as they are; the root logger (Streamlit's) must not print them again.
    _log.propagate = False
    if not any(getattr(h, _HANDLER_MARK, False) for h in _log.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        setattr(handler, _HANDLER_MARK, True)
        _log.addHandler(handler)


def new_id() -> str:
    """A short random id (8 hex digits): a request's id, or an error's reference for support."""
    return secrets.token_hex(4)


def bind(**ids: str) -> None:
    """Mark every following line of this context (a script run) with `ids`."""
    _scope.set(ids)


@contextmanager
def scope(**ids: str) -> Iterator[None]:
    """Mark the lines written inside with `ids` (a request), then forget them."""
    token = _scope.set(ids)
    try:
        yield
    finally:
        _scope.reset(token)


def event(name: str, level: int = logging.INFO, **fields: Any) -> None:
    """One line: `name` and `fields` (ids and numbers; never names, tokens or passwords)."""
    _log.log(level, name, extra={"event": name, "scope": _scope.get(), "fields": fields})


def unexpected(error: BaseException, **fields: Any) -> str:
    """Log an unexpected error with its traceback; the reference to show the user instead."""
    reference = new_id()
    _log.error(
        "error.unexpected",
        exc_info=(type(error), error, error.__traceback__),
        extra={
            "event": "error.unexpected",
            "scope": _scope.get(),
            "fields": {"reference": reference, "error": type(error).__name__} | fields,
        },
    )
    return reference
