"""Samskab's one clock: every "now" and "today" in services and pages is read here.

"Today" is the municipality's date, not the server's: a date typed just after midnight in
Copenhagen is not "in the future" on a UTC server. Stored timestamps are naive UTC, since
SQLite keeps no zone. Tests set this clock with time-machine, which moves what
`datetime.now` answers, so no test depends on the real date.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import config

_zone: ZoneInfo | None = None


def set_timezone(name: str) -> None:
    """The municipality's zone (SAMSKAB_TIMEZONE), set once at start-up."""
    global _zone
    _zone = ZoneInfo(name)


def zone() -> ZoneInfo:
    if _zone is None:
        set_timezone(config.load().timezone)
    assert _zone is not None
    return _zone


def now() -> datetime:
    """The municipality's wall-clock time, zone-aware."""
    return datetime.now(zone())


def today() -> date:
    """The municipality's date."""
    return now().date()


def utcnow() -> datetime:
    """Naive UTC, as every timestamp is stored."""
    return datetime.now(UTC).replace(tzinfo=None)


def day_start_utc(day: date, zone_name: str | None = None) -> datetime:
    """Local midnight at the start of `day`, as the naive UTC the database stores."""
    local = ZoneInfo(zone_name) if zone_name else zone()
    return datetime.combine(day, time(), local).astimezone(UTC).replace(tzinfo=None)
