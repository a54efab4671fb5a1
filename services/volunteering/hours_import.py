"""Importing volunteer hours from CSV or Excel: read, check every row, then write all rows or none.

A file is read into a plain table, every row is checked with the same rules as the forms
(plus: known volunteer, activity, initiative and process names; no row twice; no row that
was imported before), and only a file without a single problem is written. Each written
row carries an `import_key`, a fingerprint of its content, so the same file imported
twice is caught (the database's unique index catches it even when two people import at
the same moment).
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import clock
from db.models import Activity, HoursEntry, Initiative, Process, Volunteer
from services.admin import audit
from services.common.errors import Conflict, DomainError, InvalidInput
from services.volunteering.hours import (
    EntryDraft,
    Target,
    check_entry,
    check_worked_on,
    day_minutes,
    insert_entries,
    parse_hours,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
COLUMNS = ("date", "volunteer", "hours", "volunteers", "activity", "initiative", "process", "note")
REQUIRED = ("date", "hours")
# Headers people write in Danish, Norwegian and English, compared case-insensitively.
ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("date", "dato", "day", "dag"),
    "volunteer": ("volunteer", "frivillig", "name", "navn"),
    "hours": ("hours", "timer", "tid", "time"),
    "volunteers": (
        "volunteers",
        "number of volunteers",
        "antal frivillige",
        "antall frivillige",
        "antal",
        "antall",
    ),
    "activity": ("activity", "aktivitet"),
    "initiative": ("initiative", "initiativ"),
    "process": ("process", "proces", "prosess", "forløb", "forløp"),
    "note": ("note", "notat", "bemærkning", "merknad", "comment", "kommentar"),
}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%d.%m.%y", "%d-%m-%y")
_ID_SUFFIX = re.compile(r"\(?#(\d+)\)?\s*$")


@dataclass(frozen=True)
class RawTable:
    """A file's header and rows as read, before any checks. Row n of `rows` is line n + 2."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


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


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).split()).casefold()


def read_table(filename: str, data: bytes) -> RawTable:
    """The first sheet of an .xlsx file, or a CSV (comma or semicolon, UTF-8 or Windows-1252)."""
    if len(data) > MAX_BYTES:
        raise InvalidInput("error.import_too_large", max=MAX_BYTES // (1024 * 1024))
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _read_excel(data)
    elif name.endswith((".csv", ".txt")):
        rows = _read_csv(data)
    else:
        raise InvalidInput("error.import_file_type")
    rows = [r for r in rows if any(_cell_text(c) for c in r)] if rows else []
    if not rows:
        raise InvalidInput("error.import_empty")
    headers = tuple(_cell_text(c) for c in rows[0])
    body = rows[1:]
    if len(body) > MAX_ROWS:
        raise InvalidInput("error.import_too_many_rows", max=MAX_ROWS)
    return RawTable(headers, tuple(tuple(r) for r in body))


def _read_excel(data: bytes) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not a workbook
        raise InvalidInput("error.import_unreadable") from None
    try:
        sheet = workbook.worksheets[0]
        return [tuple(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _read_csv(data: bytes) -> list[tuple[Any, ...]]:
    if b"\x00" in data[:4096]:
        raise InvalidInput("error.import_unreadable")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    # Danish and Norwegian spreadsheets write semicolons (the comma is the decimal sign).
    delimiter = ";" if first.count(";") > first.count(",") else ("\t" if "\t" in first else ",")
    return [tuple(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _cell_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def map_columns(headers: Iterable[str]) -> tuple[dict[str, int], tuple[str, ...]]:
    """Column name -> index for the known columns; the header texts that were not recognised."""
    lookup = {_norm(alias): column for column, aliases in ALIASES.items() for alias in aliases}
    found: dict[str, int] = {}
    unknown = []
    for index, header in enumerate(headers):
        column = lookup.get(_norm(header))
        if column is None or column in found:
            if header:
                unknown.append(header)
            continue
        found[column] = index
    return found, tuple(unknown)


def parse_date(raw: Any, *, field: str = "worked_on") -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = _cell_text(raw)
    if not text:
        raise InvalidInput("error.required", field=field)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InvalidInput("error.date_format", field=field, value=text[:40])


def parse_count(raw: Any) -> int:
    text = _cell_text(raw)
    if not text:
        return 1
    try:
        value = int(text)
    except ValueError:
        raise InvalidInput("error.volunteers_format", value=text[:40]) from None
    return value


class _Lookup:
    """Names in a file matched to rows: case and spacing ignored, ambiguity refused."""

    def __init__(self, pairs: Iterable[tuple[int, str]], unknown: str, ambiguous: str) -> None:
        self.ids = {i for i, _ in pairs}
        self.by_name: dict[str, list[int]] = {}
        for i, name in pairs:
            self.by_name.setdefault(_norm(name), []).append(i)
        self.unknown, self.ambiguous = unknown, ambiguous

    def find(self, raw: Any) -> int | None:
        text = _cell_text(raw)
        if not text:
            return None
        suffix = _ID_SUFFIX.search(text)
        if suffix and int(suffix.group(1)) in self.ids:
            return int(suffix.group(1))
        matches = self.by_name.get(_norm(text), [])
        if not matches:
            raise InvalidInput(self.unknown, name=text[:120])
        if len(matches) > 1:
            raise InvalidInput(self.ambiguous, name=text[:120])
        return matches[0]


# A table line counts as used once one of these is filled in; a prefilled date or a
# default count of one alone does not make it a row.
_CONTENT = ("volunteer", "hours", "activity", "initiative", "process", "note")


def _blank(row: dict[str, Any]) -> bool:
    return not any(_cell_text(row.get(k)) for k in _CONTENT) and _cell_text(row.get("volunteers")) in (
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
        _norm(draft.note),
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
                note=_cell_text(row.get("note")),
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
    by_user_id: int | None,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write a plan without problems, all rows or none; the number of rows written."""
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
    by_user_id: int | None,
    today: date | None = None,
    numbers: Sequence[int] | None = None,
) -> ImportPlan:
    """The bulk-entry table: check every filled-in row, write them all only if none has a problem.

    Row numbers count from 1, as the table shows them; lines with nothing but the prefilled
    date and count are unused and left out.
    """
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


def template_rows(today: date) -> list[dict[str, Any]]:
    """Example rows for the downloadable template, dated last week (made-up, in the demo's style)."""
    return [
        {
            "date": today - timedelta(days=7),
            "volunteer": "Grethe Nielsen",
            "hours": 2.5,
            "volunteers": 1,
            "activity": "Onsdagsklubben",
            "initiative": "",
            "process": "",
            "note": "",
        },
        {
            "date": today - timedelta(days=6),
            "volunteer": "",
            "hours": 3,
            "volunteers": 6,
            "activity": "Gå-holdet",
            "initiative": "",
            "process": "",
            "note": "Tur i skoven",
        },
    ]


def _csv_cell(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def template_csv(headers: dict[str, str], today: date) -> bytes:
    """A CSV template with the given header texts (per column), semicolon-separated, UTF-8 with BOM."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([headers[c] for c in COLUMNS])
    for row in template_rows(today):
        writer.writerow([_csv_cell(row[c]) for c in COLUMNS])
    # The BOM makes Excel open the file as UTF-8 (æ, ø, å intact).
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(headers: dict[str, str], today: date) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = headers["hours"][:31]
    sheet.append([headers[c] for c in COLUMNS])
    for row in template_rows(today):
        sheet.append([row[c] for c in COLUMNS])
    for column in "ABCDEFGH":
        sheet.column_dimensions[column].width = 18
    for cell in sheet["A"][1:]:
        cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
