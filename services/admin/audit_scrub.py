"""Taking a person's name out of free text: audit details and notes, when they are anonymised.

The name is matched whole (not inside a longer word), in any letter case, with any spacing
between its words; each match becomes `REDACTED`. A short name that is also an everyday
word (Danish "Bo") is taken out where it is that word too: on this side the error is safe.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from db.models import AuditEvent
from services.common.text import plain

REDACTED = "[…]"


def name_pattern(name: str) -> re.Pattern[str] | None:
    """The pattern that finds `name` in text; None for an empty name (nothing to look for)."""
    words = name.split()
    if not words:
        return None
    body = r"\s+".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def may_hold(column: InstrumentedAttribute[str], name: str) -> ColumnElement[bool]:
    """SQL that keeps every row whose `column` may hold `name` (and some that do not).

    Only a cheap first cut: SQLite's lower() folds ASCII letters only, so the longest word
    is also looked for as typed, in lower case, upper case and capitalised. `name_pattern`
    decides.
    """
    # A prefix finds every row the whole word would, and keeps the LIKE pattern within what
    # SQLite accepts (50,000 bytes) for a name that long.
    word = max(name.split(), key=len)[:100]
    spellings = {word, word.lower(), word.upper(), word.capitalize()}
    return or_(func.lower(column).contains(word.lower()), *(column.contains(s) for s in spellings))


def scrub_text(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(REDACTED, text)


def scrub_column(session: Session, column: InstrumentedAttribute[str], name: str) -> int:
    """Take `name` out of one text column of a table; returns how many rows changed."""
    pattern = name_pattern(name)
    if pattern is None:
        return 0
    model = column.class_
    key = model.id
    changed = 0
    for row_id, text in session.execute(select(key, column).where(may_hold(column, name))).all():
        scrubbed = scrub_text(text, pattern)
        if scrubbed != text:
            session.execute(update(model).where(key == row_id).values({column: scrubbed}))
            changed += 1
    return changed


def _scrub_value(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return scrub_text(value, pattern)
    if isinstance(value, list):
        return [_scrub_value(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_value(v, pattern) for k, v in value.items()}
    return value


def scrub_audit_details(session: Session, name: str) -> int:
    """Take `name` out of every audit row's details (JSON), keeping who did what when.

    Details are parsed and written back the way `audit.record` writes them, so a name with
    a quote in it, escaped in the JSON, is found too.
    """
    name = plain(name)  # as stored: a lone surrogate cannot be in the text it is looked for in
    pattern = name_pattern(name)
    if pattern is None:
        return 0
    changed = 0
    rows = session.execute(
        select(AuditEvent.id, AuditEvent.detail).where(
            or_(may_hold(AuditEvent.detail, name), may_hold(AuditEvent.detail, json.dumps(name)[1:-1]))
        )
    ).all()
    for event_id, detail in rows:
        try:
            data = json.loads(detail)
        except (TypeError, ValueError):
            # Not written by audit.record (an old or hand-made row): scrubbed as plain text.
            text = scrub_text(detail or "", pattern)
        else:
            scrubbed = _scrub_value(data, pattern)
            text = detail
            if scrubbed != data:
                text = json.dumps(scrubbed, ensure_ascii=False, default=str, sort_keys=True)
        if text != detail:
            session.execute(update(AuditEvent).where(AuditEvent.id == event_id).values(detail=text))
            changed += 1
    return changed
