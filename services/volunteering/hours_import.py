"""Importing volunteer hours, from a file or the bulk-entry table: check every row, then write all
rows or none. Every row is checked with the same rules as the forms (plus: known volunteer,
activity, initiative and process names; no row twice; no row that was imported before), and
only a file without a single problem is written. Each written row carries an `import_key`, a
fingerprint of its content, so the same file imported twice is caught (the database's unique
index catches it even when two people import at the same moment). Reading the file is
`hours_file`'s.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import clock
from db.models import Activity, HoursEntry, Initiative, Process, Volunteer
from services.admin import audit
from services.admin.permissions import ByUser, can_log_hours, require
from services.common.errors import Conflict, DomainError, InvalidInput
from services.volunteering.hours import insert_entries
from services.volunteering.hours_file import (
    REQUIRED,
    RawTable,
    cell_text,
    comparable,
    map_columns,
    parse_count,
    parse_date,
)
from services.volunteering.hours_rules import (
    EntryDraft,
    Target,
    check_entry,
    check_worked_on,
    day_minutes,
    parse_hours,
)

# A name may end in its id, "Gå-holdet (#12)", to tell apart two with the same name.
_ID_SUFFIX = re.compile(r"\(?#(\d+)\)?\s*$")


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one row (1 is the header row), as an error key and its params."""

    row: int
    error: DomainError


@dataclass
class ImportPlan:
    drafts: list[EntryDraft] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # file row of each draft
    problems: list[RowProblem] = field(default_factory=list)
    unknown_columns: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.drafts)

    @property
    def minutes(self) -> int:
        return sum(d.minutes for d in self.drafts)


class _Lookup:
    """Names in a file matched to rows: case and spacing ignored, ambiguity refused."""

    def __init__(self, pairs: Iterable[tuple[int, str]], unknown: str, ambiguous: str) -> None:
        self.ids = {i for i, _ in pairs}
        self.by_name: dict[str, list[int]] = {}
        for i, name in pairs:
            self.by_name.setdefault(comparable(name), []).append(i)
        self.unknown, self.ambiguous = unknown, ambiguous

    def find(self, raw: Any) -> int | None:
        text = cell_text(raw)
        if not text:
            return None
        suffix = _ID_SUFFIX.search(text)
        if suffix and int(suffix.group(1)) in self.ids:
            return int(suffix.group(1))
        matches = self.by_name.get(comparable(text), [])
        if not matches:
            raise InvalidInput(self.unknown, name=text[:120])
        if len(matches) > 1:
            raise InvalidInput(self.ambiguous, name=text[:120])
        return matches[0]


# A table line counts as used once one of these is filled in; a prefilled date or a
# default count of one alone does not make it a row.
_CONTENT = ("volunteer", "hours", "activity", "initiative", "process", "note")


def _blank(row: dict[str, Any]) -> bool:
    return not any(cell_text(row.get(k)) for k in _CONTENT) and cell_text(row.get("volunteers")) in (
        "",
        "1",
    )


def import_key(draft: EntryDraft) -> str:
    """A fingerprint of what a row says, so the same row imported again is recognised."""
    parts = (
        draft.worked_on.isoformat() if draft.worked_on else "",
        str(draft.volunteer_id or ""),
        str(draft.minutes),
        str(draft.volunteers),
        str(draft.target.process_id or ""),
        str(draft.target.initiative_id or ""),
        str(draft.target.activity_id or ""),
        comparable(draft.note),
    )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def plan_rows(
    session: Session,
    rows: Iterable[dict[str, Any]],
    *,
    today: date | None = None,
    first_row: int = 2,
    keyed: bool = True,
    skip_blank: bool = False,
    numbers: Sequence[int] | None = None,
) -> ImportPlan:
    """Check rows given as {column: value} dicts; nothing is written.

    `first_row` is the number the first row has for the user (2 in a file with a header,
    1 in the bulk-entry table). With `keyed`, each row gets an import key and a row that
    was imported before is a problem. With `skip_blank`, a row with nothing but a date and
    a count is an unused line and is passed over (its number stays taken). `numbers` gives each row
    the number the user sees, when that is not simply consecutive (a table with deleted
    lines).
    """
    today = today or clock.today()
    volunteers = _Lookup(
        session.execute(select(Volunteer.id, Volunteer.name).where(Volunteer.anonymised.is_(False))).all(),
        "error.volunteer_unknown",
        "error.volunteer_ambiguous",
    )
    activities = _Lookup(
        session.execute(select(Activity.id, Activity.title)).all(),
        "error.activity_unknown",
        "error.activity_ambiguous",
    )
    initiatives = _Lookup(
        session.execute(select(Initiative.id, Initiative.title)).all(),
        "error.initiative_unknown",
        "error.initiative_ambiguous",
    )
    processes = _Lookup(
        session.execute(select(Process.id, Process.title)).all(),
        "error.process_unknown",
        "error.process_ambiguous",
    )
    plan = ImportPlan()
    seen: dict[str, int] = {}
    day_totals: dict[tuple[int, date], int] = {}
    rows = list(rows)
    labels = list(numbers) if numbers is not None else list(range(first_row, first_row + len(rows)))
    for number, row in zip(labels, rows, strict=True):
        if skip_blank and _blank(row):
            continue
        try:
            worked_on = check_worked_on(parse_date(row.get("date")), today)
            count = parse_count(row.get("volunteers"))
            per_person = parse_hours(row.get("hours"))
            draft = EntryDraft(
                worked_on=worked_on,
                minutes=per_person * count if isinstance(count, int) and count > 0 else per_person,
                volunteers=count,
                volunteer_id=volunteers.find(row.get("volunteer")),
                target=Target(
                    process_id=processes.find(row.get("process")),
                    initiative_id=initiatives.find(row.get("initiative")),
                    activity_id=activities.find(row.get("activity")),
                ),
                note=cell_text(row.get("note")),
            )
            draft = check_entry(session, draft, today=today)
            if draft.volunteer_id is not None:
                key = (draft.volunteer_id, worked_on)
                total = day_totals.get(key)
                if total is None:
                    total = day_minutes(session, *key)
                day_totals[key] = total + draft.minutes
                if day_totals[key] > 24 * 60:
                    raise InvalidInput("error.hours_day_limit", date=worked_on, max=24)
            fingerprint = import_key(draft)
            if fingerprint in seen:
                raise InvalidInput("error.import_duplicate_row", other=seen[fingerprint])
            seen[fingerprint] = number
            if keyed:
                if session.scalar(select(HoursEntry.id).where(HoursEntry.import_key == fingerprint)):
                    raise Conflict("error.import_already_imported")
                draft = replace(draft, import_key=fingerprint)
        except DomainError as err:
            plan.problems.append(RowProblem(number, err))
            continue
        plan.drafts.append(draft)
        plan.rows.append(number)
    return plan


def plan_import(session: Session, table: RawTable, *, today: date | None = None) -> ImportPlan:
    """Check every row of a file read with `read_table`; nothing is written."""
    columns, unknown = map_columns(table.headers)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        plan = ImportPlan(unknown_columns=unknown)
        plan.problems.append(
            RowProblem(1, InvalidInput("error.import_missing_columns", columns=", ".join(missing)))
        )
        return plan
    rows = (
        {column: (cells[index] if index < len(cells) else None) for column, index in columns.items()}
        for cells in table.rows
    )
    plan = plan_rows(session, rows, today=today)
    plan.unknown_columns = unknown
    if not plan.drafts and not plan.problems:
        plan.problems.append(RowProblem(1, InvalidInput("error.import_empty")))
    return plan


def run_import(
    session: Session,
    plan: ImportPlan,
    *,
    filename: str,
    by_user_id: ByUser,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write a plan without problems, all rows or none; the number of rows written."""
    require(session, by_user_id, can_log_hours)
    if not plan.ok:
        raise InvalidInput("error.import_has_problems", count=len(plan.problems))
    try:
        with session.begin_nested():
            entries = insert_entries(session, plan.drafts, by_user_id=by_user_id, on_progress=on_progress)
    except IntegrityError:
        # Someone imported the same rows between the check and this write.
        raise Conflict("error.import_already_imported") from None
    audit.record(
        session,
        user_id=by_user_id,
        action="hours.import",
        entity="hours_entry",
        file=filename[:200],
        rows=len(entries),
        minutes=plan.minutes,
    )
    return len(entries)


def save_table(
    session: Session,
    rows: Iterable[dict[str, Any]],
    *,
    by_user_id: ByUser,
    today: date | None = None,
    numbers: Sequence[int] | None = None,
) -> ImportPlan:
    """The bulk-entry table: check every filled-in row, write them all only if none has a problem.

    Row numbers count from 1, as the table shows them; lines with nothing but the prefilled
    date and count are unused and left out.
    """
    require(session, by_user_id, can_log_hours)
    rows = list(rows)
    if all(_blank(r) for r in rows):
        raise InvalidInput("error.table_empty")
    plan = plan_rows(session, rows, today=today, first_row=1, keyed=False, skip_blank=True, numbers=numbers)
    if plan.ok:
        insert_entries(session, plan.drafts, by_user_id=by_user_id)
        audit.record(
            session,
            user_id=by_user_id,
            action="hours.table",
            entity="hours_entry",
            rows=len(plan.drafts),
            minutes=plan.minutes,
        )
    return plan
