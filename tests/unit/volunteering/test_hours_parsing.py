"""What people type and what spreadsheets hold: hours, dates, headers in three languages, file formats."""

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

import i18n
from services.common.errors import InvalidInput
from services.volunteering.hours_file import (
    COLUMNS,
    map_columns,
    parse_date,
    read_table,
    template_csv,
    template_xlsx,
)
from services.volunteering.hours_rules import parse_hours
from tests.spreadsheets import csv_rows


@pytest.mark.parametrize(
    ("raw", "minutes"),
    [(2, 120), (2.5, 150), ("2,5", 150), (" 2.25 ", 135), ("1:30", 90), ("0:45", 45), (0.1, 6), ("10", 600)],
)
def test_hours_in_every_usual_form(raw, minutes):
    assert parse_hours(raw) == minutes


BAD_HOURS = [
    ("", "error.required"),
    (None, "error.required"),
    (float("nan"), "error.required"),
    ("to timer", "error.hours_format"),
    ("1:75", "error.hours_format"),
    ("nan", "error.hours_format"),
    ("inf", "error.hours_format"),
    ([2], "error.hours_format"),
    (True, "error.hours_format"),
    (0, "error.hours_positive"),
    ("-1", "error.hours_positive"),
]


@pytest.mark.parametrize(("raw", "key"), BAD_HOURS)
def test_bad_hours_are_refused_with_a_reason(raw, key):
    with pytest.raises(InvalidInput) as err:
        parse_hours(raw)
    assert err.value.key == key


@pytest.mark.parametrize(
    "raw",
    [
        "2026-03-05",
        "05-03-2026",
        "05.03.2026",
        "5.3.2026",
        "05/03/2026",
        datetime(2026, 3, 5, 0, 0),
        date(2026, 3, 5),
    ],
)
def test_dates_in_danish_norwegian_and_iso_forms(raw):
    assert parse_date(raw) == date(2026, 3, 5)


def test_an_unreadable_date_names_the_value():
    with pytest.raises(InvalidInput) as err:
        parse_date("i går")
    assert err.value.key == "error.date_format"
    assert err.value.params["value"] == "i går"


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_the_template_headers_of_every_language_are_recognised(language):
    i18n.set_language(language)
    headers = [i18n.t(f"import.column.{c}") for c in COLUMNS]
    columns, unknown = map_columns(headers)
    assert set(columns) == set(COLUMNS)
    assert unknown == ()


def test_unknown_headers_are_reported_and_case_is_ignored():
    columns, unknown = map_columns(["DATO", " Timer ", "Frivillig", "Telefon"])
    assert columns == {"date": 0, "hours": 1, "volunteer": 2}
    assert unknown == ("Telefon",)


def test_csv_with_semicolons_bom_and_windows_encoding():
    text = "dato;timer;frivillig\r\n05.03.2026;2,5;Søren Ærø\r\n\r\n;;\r\n"
    utf8 = read_table("timer.csv", ("\ufeff" + text).encode("utf-8"))
    cp1252 = read_table("TIMER.CSV", text.encode("cp1252"))
    for table in (utf8, cp1252):
        assert table.headers == ("dato", "timer", "frivillig")
        assert table.rows == (("05.03.2026", "2,5", "Søren Ærø"),)


def test_csv_with_commas():
    table = read_table("hours.csv", b"date,hours,volunteers\n2026-03-05,3,6\n")
    assert table.rows == (("2026-03-05", "3", "6"),)


def test_excel_first_sheet_with_real_dates_and_numbers():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Dato", "Timer", "Antal frivillige"])
    sheet.append([datetime(2026, 3, 5), 2.5, 4])
    sheet.append([None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table("timer.xlsx", buffer.getvalue())
    assert table.headers == ("Dato", "Timer", "Antal frivillige")
    assert table.rows == ((datetime(2026, 3, 5), 2.5, 4),)


@pytest.mark.parametrize(
    ("name", "data", "key"),
    [
        ("timer.pdf", b"%PDF-1.4", "error.import_file_type"),
        ("timer.xlsx", b"this is not a workbook", "error.import_unreadable"),
        ("timer.csv", b"", "error.import_empty"),
        ("timer.csv", b"\x00\x01\x02binary", "error.import_unreadable"),
        ("timer.csv", b"x" * (5 * 1024 * 1024 + 1), "error.import_too_large"),
        ("timer.csv", b"dato;timer\n" + b"05.03.2026;2\n" * 5001, "error.import_too_many_rows"),
    ],
)
def test_files_that_cannot_be_read_say_why(name, data, key):
    with pytest.raises(InvalidInput) as err:
        read_table(name, data)
    assert err.value.key == key


@pytest.mark.parametrize(
    ("language", "delimiter", "hours"),
    [("da", ";", "2,5"), ("nb", ";", "2,5"), ("nn", ";", "2,5"), ("en", ",", "2.5")],
)
def test_templates_are_real_files_that_read_back(language, delimiter, hours):
    i18n.set_language(language)
    headers = {c: i18n.t(f"import.column.{c}") for c in COLUMNS}
    today = date(2026, 11, 23)
    data = template_csv(headers, today, language)
    # In the separator and decimal sign of the user's Excel, so it opens in columns there.
    assert csv_rows(data, delimiter)[0] == [headers[c] for c in COLUMNS]
    csv_table = read_table("t.csv", data)
    xlsx_table = read_table("t.xlsx", template_xlsx(headers, today))
    for table in (csv_table, xlsx_table):
        assert list(table.headers) == [headers[c] for c in COLUMNS]
        assert len(table.rows) == 2
        assert parse_date(table.rows[0][0]) == date(2026, 11, 16)
    assert csv_table.rows[0][2] == hours
    assert xlsx_table.rows[0][2] == 2.5
