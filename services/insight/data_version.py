"""The data version dashboards cache on: one counter every committed write moves, and the date.

Why a counter. Until 0006 the version was the newest id of each insert-only log. On
PostgreSQL ids are handed out at INSERT and committed in another order: with A (lower id)
still open and B (higher id) committed, a read cached B's id, and A's commit then moved
nothing, so its change stayed off the dashboards until the next one.

`data_version` is a single row that db.session bumps (`version = version + 1`) as the last
statement of every Session transaction that flushed a change or ran an INSERT, UPDATE or
DELETE. The bump takes the row's lock until COMMIT, so a second writer's bump waits and
reads the first one's committed value: the counter moves in commit order, by one per
writing transaction. A read that saw n has therefore seen every write numbered up to n,
and any later commit makes it n + 1 or more; no commit can land "behind" a version
already read. Doing it in db.session, for every Session, means no service can forget it
(a new table is covered without touching this module); bumping last keeps the shared
lock for the COMMIT only. One row rather than one per log or per workshop: counters
spread over rows would each need every write to pick the right one, and a reader to add
them up in one snapshot, for a lock that is held for a COMMIT anyway.

Dots move a counter of their own. A transaction that only spent or took back dots (db.session
tells by the tables it wrote) bumps `votes` instead of `version`. Figures that read no dots
(volunteer hours, initiatives, surveys) are marked `without_votes` and cached on `version`
alone, so during a live workshop a leader's visit recomputes only the figures with dots in
them, which read the kept counts (services.workshop.counts) and cost milliseconds. Why not
one version that dots leave alone: the dashboards show dots, and a figure must never be
older than the version it is cached on.

The date is part of it because "overdue" and "this month" move at midnight.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

import clock
from db.models import DataVersion

F = TypeVar("F", bound=Callable)


# Built once: every page run asks for the version first, and on SQLite the read itself
# takes less time than building the select and going through the ORM's result loading,
# so it runs as a Core statement on the Session's connection (plain rows, same SQL).
_VERSION = select(DataVersion.version, DataVersion.votes).where(DataVersion.id == 1)


def data_version(session: Session, today: date | None = None) -> tuple[int | str, ...]:
    """(writes, dots, today): moves whenever anything a dashboard reads has changed (one primary-key read)."""
    row = session.connection().execute(_VERSION).first()
    version, votes = row if row is not None else (0, 0)
    return (version, votes, (today or clock.today()).isoformat())


def without_votes(fn: F) -> F:
    """Mark an aggregate that reads nothing a dot changes: cached on the data version without dots."""
    fn.reads_votes = False  # type: ignore[attr-defined]
    return fn


def version_for(fn: Callable, version: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """The part of `version` that `fn`'s figures depend on: all of it, unless it is `without_votes`."""
    if getattr(fn, "reads_votes", True):
        return version
    writes, _votes, today = version
    return (writes, today)
