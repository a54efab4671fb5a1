"""CSV and Excel files for any table, opened as a spreadsheet would: per language, and hostile text."""

import csv
import io
from datetime import date, datetime

import openpyxl
import pytest

from services.common.spreadsheet import file_name, to_csv, to_xlsx
from tests.spreadsheets import TEXTS, csv_rows, live_csv_cells, missing_xlsx_texts, shown_as, starts_formula

HEADERS = ["Titel", "Prikker", "Timer", "Dato"]
ROWS = [
    ["Fællesspisning på Ærø", 3, 2.5, date(2026, 11, 23)],
    ["Gåtur", -1, -2.25, None],
    ["", 0, True, datetime(2026, 11, 23, 17, 30)],
]


@pytest.mark.parametrize("language", ["da", "nb", "nn"])
def test_danish_and_norwegian_csv_has_semicolons_decimal_commas_and_a_bom(language):
    data = to_csv(HEADERS, ROWS, language=language)
    assert data.startswith(b"\xef\xbb\xbf")
    assert csv_rows(data, ";") == [
        HEADERS,
        ["Fællesspisning på Ærø", "3", "2,5", "2026-11-23"],
        ["Gåtur", "-1", "-2,25", ""],
        ["", "0", "1", "2026-11-23 17:30"],
    ]
    # Numbers bare, so Excel reads them as numbers (quotes mark text): negative ones too.
    assert '"Gåtur";-1;-2,25;\r\n' in data.decode("utf-8-sig")


def test_english_csv_has_commas_and_decimal_points():
    data = to_csv(HEADERS, ROWS, language="en")
    assert data.startswith(b"\xef\xbb\xbf")
    assert csv_rows(data, ",")[1:3] == [
        ["Fællesspisning på Ærø", "3", "2.5", "2026-11-23"],
        ["Gåtur", "-1", "-2.25", ""],
    ]
    assert '"Gåtur",-1,-2.25,\r\n' in data.decode("utf-8-sig")


@pytest.mark.parametrize("language", ["da", "en"])
def test_no_csv_cell_starts_a_formula_whichever_way_excel_splits_the_file(language):
    data = to_csv(["Tekst", "Tal", "Mere"], [[text, -1, text] for text in TEXTS], language=language)
    assert live_csv_cells(data) == []
    # In the file's own convention every text stays in its column, gaining apostrophes only.
    delimiter = ";" if language == "da" else ","
    rows = csv_rows(data, delimiter)[1:]
    assert [len(row) for row in rows] == [3] * len(TEXTS)
    for text, row in zip(TEXTS, rows, strict=True):
        assert shown_as(row[0], text) and shown_as(row[2], text), (text, row)
        assert row[1] == "-1"
        assert row[0].startswith("'") == starts_formula(text)


def test_the_formula_check_catches_what_a_plain_csv_writer_lets_through():
    # The check above must be able to fail: the old comma writer quoted "x;=1+1" never, so
    # Danish Excel, splitting on ";", ran "=1+1".
    out = io.StringIO()
    csv.writer(out).writerows([["Tekst"], ["x;=1+1"], ["'=ok"]])
    assert set(live_csv_cells(("\ufeff" + out.getvalue()).encode())) == {"=1+1"}


def test_ordinary_text_is_left_as_typed():
    texts = ["Bænke, træer og 2-3 borde", "a@b.dk", "Kl. 10-12; alle er velkomne", 'Vi kalder det "Åen"']
    data = to_csv(["Tekst"], [[text] for text in texts], language="da")
    assert [row[0] for row in csv_rows(data, ";")[1:]] == texts


def test_excel_cells_hold_every_hostile_text_as_typed_and_numbers_as_numbers():
    rows = [[text, -1.5, date(2026, 11, 23)] for text in TEXTS]
    data = to_xlsx([("Idéer", ["Tekst", "Tal", "Dato"], rows)])
    assert missing_xlsx_texts(data, TEXTS) == []
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value == "Tekst" and sheet["A1"].font.b
    for row in sheet.iter_rows(min_row=2):
        assert (row[1].value, row[1].data_type) == (-1.5, "n")
        assert row[2].is_date and row[2].value.date() == date(2026, 11, 23)
    # Only text that looks like a formula carries the quote prefix.
    assert not sheet["A2"].quotePrefix  # HOSTILE: markup, no formula


def test_the_excel_check_catches_a_formula_cell_and_a_missing_quote_prefix():
    book = openpyxl.Workbook()
    book.active.append(["=1+1"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(AssertionError):
        missing_xlsx_texts(out.getvalue(), ["=1+1"])
    book.active["A1"].data_type = "s"
    out = io.BytesIO()
    book.save(out)
    assert missing_xlsx_texts(out.getvalue(), ["=1+1"]) == ["=1+1"]


def test_excel_replaces_characters_a_workbook_cannot_hold():
    data = to_xlsx([("S", ["a"], [["x\x0by\x00"]])])
    assert openpyxl.load_workbook(io.BytesIO(data)).active["A2"].value == "x\ufffdy\ufffd"


def test_file_names_and_sheet_titles():
    assert file_name("Inspirationskatalog", "Sammen mod ensomhed – Ærø/Å", ext="pdf") == (
        "inspirationskatalog-sammen-mod-ensomhed-aeroe-aa.pdf"
    )
    assert file_name("", ext="csv") == "export.csv"
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx([("Bad:/name?", ["x"], [["y"]])]))).active
    assert sheet.title == "Bad  name" and sheet["A2"].value == "y"
