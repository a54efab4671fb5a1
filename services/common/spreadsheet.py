"""Tables as files: CSV (UTF-8 with BOM, so Excel reads æøå) and Excel workbooks, safe against formulas."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

# A cell starting with one of these is run as a formula by spreadsheet programs
# (CSV injection): text from users must never become a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | date | datetime | bool | None


def _csv_value(value: Cell) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """Comma-separated, quoted where needed, ISO dates, with a byte-order mark for Excel."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Cell]]]]) -> bytes:
    """A workbook with one sheet per (title, headers, rows): bold frozen heading row, filters, widths."""
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(_sheet_title(title))
        sheet.append(list(headers))
        for row in rows:
            sheet.append([None if v is None else v for v in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="F1F3F5")
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, str):
                    # openpyxl writes a string starting with "=" as a formula: keep it text.
                    cell.data_type = "s"
                    if "\n" in cell.value:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
                elif isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
        for index, header in enumerate(headers, start=1):
            longest = max([len(str(header))] + [len(str(r[index - 1] or "")) for r in rows[:500]])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(10, longest + 2), 60)
        sheet.freeze_panes = "A2"
        if rows:
            sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return (cleaned or "Sheet")[:31]


def file_name(*parts: str, ext: str) -> str:
    """A download name from words: lower case, a–z/0–9 and dashes (æøå spelt out), with `ext`."""
    text = " ".join(parts).lower()
    for src, dst in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        text = text.replace(src, dst)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-") or "export"
    return f"{stem}.{ext}"
