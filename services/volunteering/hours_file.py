"""The hours file people fill in: its columns (headers in Danish, Norwegian or English),
reading a CSV or the first sheet of an Excel workbook into a plain table of cells, what a
cell's text, date or count of volunteers says, and the downloadable template in both formats.
Checking and writing the rows is `hours_import`'s.
"""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from services.common.errors import InvalidInput

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
COLUMNS = ("date", "volunteer", "hours", "volunteers", "activity", "initiative", "process", "note")
REQUIRED = ("date", "hours")
# Headers people write in Danish, Norwegian (bokmål and nynorsk) and English, compared
# case-insensitively.
ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("date", "dato", "day", "dag"),
    "volunteer": ("volunteer", "frivillig", "name", "navn", "namn"),
    "hours": ("hours", "timer", "timar", "tid", "time"),
    "volunteers": (
        "volunteers",
        "number of volunteers",
        "antal frivillige",
        "antall frivillige",
        "tal på frivillige",
        "antal",
        "antall",
    ),
    "activity": ("activity", "aktivitet"),
    "initiative": ("initiative", "initiativ"),
    "process": ("process", "proces", "prosess", "forløb", "forløp"),
    "note": ("note", "notat", "bemærkning", "merknad", "comment", "kommentar"),
}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%d.%m.%y", "%d-%m-%y")


@dataclass(frozen=True)
class RawTable:
    """A file's header and rows as read, before any checks. Row n of `rows` is line n + 2."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def comparable(text: str) -> str:
    """A header or a name as it is compared: NFC, single spaces, case folded."""
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
    rows = [r for r in rows if any(cell_text(c) for c in r)] if rows else []
    if not rows:
        raise InvalidInput("error.import_empty")
    headers = tuple(cell_text(c) for c in rows[0])
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
    try:
        return [tuple(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error:  # a field over the csv module's 128 KiB limit is no hours file either
        raise InvalidInput("error.import_unreadable") from None


def cell_text(value: Any) -> str:
    """What a cell says, as text: empty for nothing, a whole number without its ".0"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def map_columns(headers: Iterable[str]) -> tuple[dict[str, int], tuple[str, ...]]:
    """Column name -> index for the known columns; the header texts that were not recognised."""
    lookup = {comparable(alias): column for column, aliases in ALIASES.items() for alias in aliases}
    found: dict[str, int] = {}
    unknown = []
    for index, header in enumerate(headers):
        column = lookup.get(comparable(header))
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
    text = cell_text(raw)
    if not text:
        raise InvalidInput("error.required", field=field)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InvalidInput("error.date_format", field=field, value=text[:40])


def parse_count(raw: Any) -> int:
    text = cell_text(raw)
    if not text:
        return 1
    try:
        value = int(text)
    except ValueError:
        raise InvalidInput("error.volunteers_format", value=text[:40]) from None
    return value


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


def template_csv(headers: dict[str, str], today: date, language: str) -> bytes:
    """A CSV template with the given header texts (per column), in `language`'s Excel convention."""
    from services.common.spreadsheet import to_csv

    return to_csv(
        [headers[c] for c in COLUMNS],
        [[row[c] for c in COLUMNS] for row in template_rows(today)],
        language=language,
    )


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
