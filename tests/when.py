"""The moment the tests live in: Monday 23 November 2026, 10:00 in the municipality's zone.

Every date a test writes down (a volunteer who started in January, a milestone overdue
since October, the twelve months a dashboard shows) is reckoned from TODAY. The autouse
`clock_at` fixture in tests/conftest.py stops Samskab's clock at NOW for every test, so
that what a service reads from the clock agrees with these dates on any real date.
"""

from __future__ import annotations

import threading
from datetime import date, datetime, time

import clock

TODAY = date(2026, 11, 23)

# Mid-morning: well away from midnight, so the local date and the UTC date agree unless a
# test travels to an hour where they do not.
MORNING = time(10, 0)
NOW = datetime.combine(TODAY, MORNING, clock.zone())


def local(when: date | datetime) -> datetime:
    """`when` as an aware moment in the municipality's zone: a date at MORNING, a naive
    datetime as the wall-clock time there."""
    if isinstance(when, datetime):
        return when if when.tzinfo is not None else when.replace(tzinfo=clock.zone())
    return datetime.combine(when, MORNING, clock.zone())


def pause(seconds: float) -> None:
    """Let real time pass in a test, as `time.sleep` would.

    Not time.sleep: CI runs the unit and database tests under faketime with the monotonic
    clock left real, and there Debian's libfaketime 0.9.10 makes Python 3.11's sleep fail
    with EINVAL. A timed wait on an event that is never set waits on the monotonic clock.
    """
    threading.Event().wait(seconds)
