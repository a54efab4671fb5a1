"""Volunteer time kept per month, not recomputed: `hours_month` and `volunteer_month`.

`hours_month` holds the minutes and entries of every (month, process, initiative,
activity) with time (0 for a target the entry has none of), `volunteer_month` the entries
of every named volunteer in every month they worked. Both change in the transaction of
the write that changes hour entries, so the dashboards sum a few thousand rows instead of
a year of entries (services.volunteering.hours_sums reads them).

One way to keep them, for every write: the entries it touches are taken out of the kept
rows before it (`remove`) and put back after it (`add`), both computed from the entries
themselves. Adding entries only adds; deleting one only removes; deleting an initiative or
an activity, which sets the entries' column to NULL through the foreign key, goes through
`moving`, which does both around it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import ColumnElement, Date, cast, delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import HoursEntry, HoursMonth, VolunteerMonth
from services.common.dates import month_start

_CHUNK = 500  # ids per IN list: SQLite's limit of bound parameters is far above


def _month_sql(session: Session) -> ColumnElement:
    """The first day of an entry's month, computed by the database."""
    if session.get_bind().dialect.name == "sqlite":
        return func.substr(HoursEntry.worked_on, 1, 7).concat("-01")
    return cast(func.date_trunc("month", HoursEntry.worked_on), Date)


def _upsert(
    session: Session, model: type[HoursMonth] | type[VolunteerMonth], keys: tuple[str, ...], rows: list[dict]
) -> None:
    if not rows:
        return
    table = model.__table__
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    counters = [c for c in ("minutes", "entries") if c in table.c]
    session.execute(
        statement.on_conflict_do_update(
            index_elements=list(keys),
            set_={c: table.c[c] + statement.excluded[c] for c in counters},
        ),
        rows,
    )


def _change(session: Session, entry_ids: list[int], sign: int) -> None:
    """Add (sign 1) or take out (sign -1) these entries' time, as they are now."""
    session.flush()
    targets: dict[tuple[date, int, int, int], list[int]] = {}
    named: dict[tuple[int, date], int] = {}
    for start in range(0, len(entry_ids), _CHUNK):
        rows = session.execute(
            select(
                HoursEntry.worked_on,
                HoursEntry.process_id,
                HoursEntry.initiative_id,
                HoursEntry.activity_id,
                HoursEntry.volunteer_id,
                HoursEntry.minutes,
            ).where(HoursEntry.id.in_(entry_ids[start : start + _CHUNK]))
        )
        for worked_on, process_id, initiative_id, activity_id, volunteer_id, minutes in rows:
            month = month_start(worked_on)
            key = (month, process_id or 0, initiative_id or 0, activity_id or 0)
            sums = targets.setdefault(key, [0, 0])
            sums[0] += sign * minutes
            sums[1] += sign
            if volunteer_id is not None:
                named[(volunteer_id, month)] = named.get((volunteer_id, month), 0) + sign
    _upsert(
        session,
        HoursMonth,
        ("month", "process_id", "initiative_id", "activity_id"),
        [
            {
                "month": m,
                "process_id": p,
                "initiative_id": i,
                "activity_id": a,
                "minutes": s[0],
                "entries": s[1],
            }
            for (m, p, i, a), s in targets.items()
        ],
    )
    _upsert(
        session,
        VolunteerMonth,
        ("volunteer_id", "month"),
        [{"volunteer_id": v, "month": m, "entries": n} for (v, m), n in named.items()],
    )
    if sign < 0:
        # Rows whose last entry went: the readers may then count a row as "time there".
        for m in {key[0] for key in targets}:
            session.execute(delete(HoursMonth).where(HoursMonth.month == m, HoursMonth.entries <= 0))
        for v, m in named:
            session.execute(
                delete(VolunteerMonth).where(
                    VolunteerMonth.volunteer_id == v, VolunteerMonth.month == m, VolunteerMonth.entries <= 0
                )
            )


def add(session: Session, entry_ids: Iterable[int]) -> None:
    """After entries were written (or changed): their time goes into the kept rows."""
    _change(session, list(entry_ids), 1)


def remove(session: Session, entry_ids: Iterable[int]) -> None:
    """Before entries are deleted (or changed): their time comes out of the kept rows."""
    _change(session, list(entry_ids), -1)


@contextmanager
def moving(session: Session, *conditions: ColumnElement[bool]) -> Iterator[None]:
    """Around a write that changes the entries matching `conditions` (deleting the
    initiative or activity they are on, say): out before, back in as they are after."""
    session.flush()
    ids = list(session.scalars(select(HoursEntry.id).where(*conditions)))
    remove(session, ids)
    yield
    session.flush()
    add(session, ids)  # ids whose entry went with the write are simply not found


def recount_all(session: Session) -> None:
    """Both tables again from every hour entry (migration 0014 does the same in SQL; the
    demo and the benchmark's generated data write entries directly)."""
    month = _month_sql(session)
    session.execute(delete(HoursMonth))
    session.execute(delete(VolunteerMonth))
    process, initiative, activity = (
        func.coalesce(HoursEntry.process_id, 0),
        func.coalesce(HoursEntry.initiative_id, 0),
        func.coalesce(HoursEntry.activity_id, 0),
    )
    session.execute(
        insert(HoursMonth).from_select(
            ["month", "process_id", "initiative_id", "activity_id", "minutes", "entries"],
            select(month, process, initiative, activity, func.sum(HoursEntry.minutes), func.count()).group_by(
                month, process, initiative, activity
            ),
        )
    )
    session.execute(
        insert(VolunteerMonth).from_select(
            ["volunteer_id", "month", "entries"],
            select(HoursEntry.volunteer_id, month, func.count())
            .where(HoursEntry.volunteer_id.is_not(None))
            .group_by(HoursEntry.volunteer_id, month),
        )
    )
