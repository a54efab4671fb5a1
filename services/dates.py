"""The municipality's "today", so a date typed just after midnight is not "in the future" on a UTC server."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import config


def local_today(timezone: str | None = None) -> date:
    return datetime.now(ZoneInfo(timezone or config.load().timezone)).date()


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first of the month `months` after `day`'s month (negative goes back)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
