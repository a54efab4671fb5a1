"""Exported files read the ways a spreadsheet may read them, for the export tests.

A CSV is split on ",", ";" and tab, both by a reader that honours quotes (the csv module) and
by one that does not (a quote that falls mid-cell for it is just a character), because Excel
in Danish splits a comma file on ";" and the other way round. No cell any of them makes may
start like a formula. A workbook is opened with openpyxl: text cells hold the text as typed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell

from tests.factories import HOSTILE

# What people may type that a spreadsheet would run: each start a formula may hide behind.
FORMULAS = (
    '=HYPERLINK("http://x","y")',
    "+1",
    "-1+2",
    "@SUM(A1)",
    "x;=1+1",
    "x,=1+1",
    "x; -1+2",
    "=1+1\n",
    "Idéer:\n- bænke\n+ træer",
    "a\r\n=1+1",
    "=1+1\r",
    "＝1+1",
    "＋1",
    "－1+2",
    "＠SUM(A1)",
    "\t=1+1",
    "a\t@SUM(A1)",
    ' "=1+1"',
    'x,"=1+1"',
    "-2+3+cmd|' /C calc'!A0",
)
TEXTS = (HOSTILE, *FORMULAS)

# Written independently of the code under test: the characters that make a cell a formula.
_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")
_SEPARATORS = (",", ";", "\t")


def starts_formula(text: str) -> bool:
    return text.startswith(_STARTS)


def _live(cell: str) -> bool:
    """A cell a spreadsheet would run: a formula start, also behind white space or stripped quotes.

    Numbers are written bare and may be negative ("-1", "-2,5"); a reader that splits on the
    other separator can glue two of them ("-1;-2"): digits only, never a formula to fear.
    """
    start = cell.lstrip(' "\t\r\n')
    if not start.startswith(_STARTS):
        return False
    return not all(_NUMBER.fullmatch(part) for part in re.split("[,;]", start))


def csv_rows(data: bytes, delimiter: str) -> list[list[str]]:
    """The file as a spreadsheet that honours quotes reads it with `delimiter`."""
    assert data.startswith(b"\xef\xbb\xbf"), "a BOM, so Excel reads UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def live_csv_cells(data: bytes) -> list[str]:
    """Every cell that would start a formula, whichever separator and quoting a reader uses."""
    text = data.decode("utf-8-sig")
    live = []
    for delimiter in _SEPARATORS:
        quoted = [cell for row in csv_rows(data, delimiter) for cell in row]
        bare = [cell for line in re.split(r"\r\n|\r|\n", text) for cell in line.split(delimiter)]
        live += [cell for cell in quoted + bare if _live(cell)]
    return live


def shown_as(cell: str, typed: str) -> bool:
    """True if a CSV cell is the typed text with only apostrophes added (to keep it text)."""
    return cell.replace("'", "") == typed.replace("'", "")


def all_shown(typed: Iterable[str], cells: Iterable[str]) -> bool:
    """True if the cells are the typed texts, in any order, with only apostrophes added."""
    return sorted(t.replace("'", "") for t in typed) == sorted(c.replace("'", "") for c in cells)


def xlsx_cells(data: bytes) -> list[Cell]:
    """Every cell of every sheet, after checking that none of them is a formula."""
    book = load_workbook(io.BytesIO(data))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    return cells


def missing_xlsx_texts(data: bytes, typed: Iterable[str]) -> list[str]:
    """The typed texts not found as a text cell holding exactly them (line breaks as "\\n").

    A text that looks like a formula must also carry Excel's quote prefix, so that editing the
    cell in Excel keeps it text; the prefix is a style and shows no apostrophe.
    """
    cells = [c for c in xlsx_cells(data) if c.data_type == "s"]
    missing = []
    for text in typed:
        expected = text.replace("\r\n", "\n").replace("\r", "\n")
        found = [c for c in cells if c.value == expected]
        if not found or (expected.lstrip(" ").startswith(_STARTS) and not all(c.quotePrefix for c in found)):
            missing.append(text)
    return missing
