"""Tables as files: CSV in the user's Excel convention and Excel workbooks, both safe against formulas.

CSV: Danish and Norwegian Excel split a file on ";" (the comma is their decimal sign), English
Excel on ","; both need a byte-order mark to read UTF-8 (æøå). Whichever way a spreadsheet splits
the file, no cell it can make from user text starts like a formula. Excel: text goes in as text
cells, so "=1+1" shows as typed, with no apostrophe.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection),
# the full-width forms too (East Asian Excel takes them for their ASCII twins): user text must
# never become a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

# Where a spreadsheet may begin a new cell when it splits the file its own way: after either list
# separator (Danish Excel opens a comma file on ";"), a line break, a tab, or a quote it strips.
# A would-be cell start followed (after spaces, which some importers trim) by a formula start
# gets an apostrophe, the prefix spreadsheets read as "this is text".
_WOULD_BE_FORMULA = re.compile(r"(^|[,;\"\n\r\t])( *)(?=[" + re.escape("".join(_FORMULA_START)) + "])")

# (list separator, decimal sign) of Excel in each language's regional settings. Danish and
# Norwegian use the comma for decimals, so Excel there expects ";" between cells and reads "2,5"
# as a number; anything else gets the RFC 4180 comma and a decimal point.
_CSV_STYLES = {"da": (";", ","), "nb": (";", ","), "nn": (";", ",")}
_DEFAULT_STYLE = (",", ".")

Cell = str | int | float | date | datetime | bool | None


def _inert(text: str) -> str:
    """`text` with an apostrophe before every place a spreadsheet could start a formula from it."""
    return _WOULD_BE_FORMULA.sub(r"\1'\2", text)


def _csv_field(value: Cell, decimal: str) -> str:
    """Numbers and dates bare, so spreadsheets read them as such; all else quoted, inert text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value).replace(".", decimal)
    if isinstance(value, datetime):
        # With a space, not ISO's "T": Excel reads "2026-01-02 17:00" as a date and time.
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    # Every text field is quoted (OWASP): a separator inside it then never splits it for a
    # reader that honours quotes, and `_inert` covers readers for whom the quote falls mid-cell.
    return '"' + _inert(str(value)).replace('"', '""') + '"'


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Cell]], *, language: str) -> bytes:
    """A CSV for Excel in `language`: its list separator and decimal sign, ISO dates, UTF-8 with BOM."""
    delimiter, decimal = _CSV_STYLES.get(language, _DEFAULT_STYLE)
    lines = [delimiter.join(_csv_field(v, decimal) for v in row) for row in (headers, *rows)]
    return ("\ufeff" + "".join(line + "\r\n" for line in lines)).encode("utf-8")


def _xlsx_value(value: Cell) -> Cell:
    if not isinstance(value, str):
        return value
    # Excel keeps line breaks as "\n" (XML would turn a bare "\r" into one anyway), and a
    # workbook cannot hold other control characters: openpyxl refuses them.
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def append_row(sheet: Worksheet, values: Sequence[Cell]) -> None:
    """`values` as the sheet's next row: text as text cells (never formulas), numbers and dates as such."""
    sheet.append([_xlsx_value(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            # openpyxl writes a string starting with "=" as a formula: a string cell shows it as
            # typed, and the quote-prefix style keeps it text when someone edits the cell in Excel.
            cell.data_type = "s"
            if cell.value.lstrip(" ").startswith(_FORMULA_START):
                cell.quotePrefix = True
            if "\n" in cell.value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        elif isinstance(cell.value, datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(cell.value, date):
            cell.number_format = "yyyy-mm-dd"


def to_xlsx(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Cell]]]]) -> bytes:
    """A workbook with one sheet per (title, headers, rows): bold frozen heading row, filters, widths."""
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(_sheet_title(title))
        append_row(sheet, headers)
        for row in rows:
            append_row(sheet, row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="F1F3F5")
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
