"""Importing hours from real CSV and Excel files: row-level problems, all or nothing, duplicates caught."""

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from db.models import AuditEvent, HoursEntry
from services.admin.permissions import SYSTEM
from services.common.errors import Conflict, InvalidInput
from services.volunteering import hours_file, hours_import
from tests.factories import make_activity, make_actor, make_initiative, make_process, make_volunteer
from tests.when import TODAY


@pytest.fixture
def world(session):
    actor = make_actor(session, name="Seniorforeningen")
    return {
        "grethe": make_volunteer(session, name="Grethe Nielsen", starts_on=date(2025, 1, 1)),
        "bent": make_volunteer(session, name="Bent Jørgensen", starts_on=date(2026, 6, 1)),
        "club": make_activity(session, actor, title="Onsdagsklubben"),
        "walk": make_activity(session, actor, title="Gå-holdet"),
        "process": make_process(session, title="Sammen mod ensomhed"),
    }


def _csv(path, rows, delimiter=";", encoding="utf-8-sig"):
    with path.open("w", newline="", encoding=encoding) as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def _xlsx(path, rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def _plan(session, path):
    return hours_import.plan_import(session, hours_file.read_table(path.name, path.read_bytes()), today=TODAY)


def _rows(session) -> int:
    return session.scalar(select(func.count()).select_from(HoursEntry))


GOOD = [
    ["Dato", "Frivillig", "Timer", "Antal frivillige", "Aktivitet", "Proces", "Note"],
    ["05.11.2026", "Grethe Nielsen", "2,5", "", "Onsdagsklubben", "Sammen mod ensomhed", ""],
    ["2026-11-06", "", "3", "6", "gå-holdet", "", "Tur i skoven"],
    ["12.11.2026", "bent  jørgensen", "1:30", "1", "Onsdagsklubben", "", ""],
]


def test_a_good_csv_imports_every_row_once_with_progress(session, world, tmp_path):
    plan = _plan(session, _csv(tmp_path / "timer.csv", GOOD))
    assert plan.problems == [] and plan.ok
    assert plan.rows == [2, 3, 4]
    assert plan.minutes == 150 + 6 * 180 + 90
    calls = []
    count = hours_import.run_import(
        session, plan, filename="timer.csv", by_user_id=SYSTEM, on_progress=lambda d, t: calls.append((d, t))
    )
    assert count == 3 and calls[-1] == (3, 3)
    columns = (HoursEntry.volunteer_id, HoursEntry.minutes, HoursEntry.volunteers, HoursEntry.activity_id)
    stored = session.execute(select(*columns, HoursEntry.process_id)).all()
    assert (world["grethe"].id, 150, 1, world["club"].id, world["process"].id) in stored
    assert (None, 1080, 6, world["walk"].id, None) in stored
    assert (world["bent"].id, 90, 1, world["club"].id, None) in stored
    assert session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "hours.import")).count(
        '"rows": 3'
    )

    # The same file again: every row is recognised, nothing is added.
    again = _plan(session, _csv(tmp_path / "timer-igen.csv", GOOD))
    assert [(p.row, p.error.key) for p in again.problems] == [
        (n, "error.import_already_imported") for n in (2, 3, 4)
    ]
    with pytest.raises(InvalidInput):
        hours_import.run_import(session, again, filename="timer-igen.csv", by_user_id=SYSTEM)
    assert _rows(session) == 3


def test_an_excel_file_with_real_dates_and_numbers(session, world, tmp_path):
    path = _xlsx(
        tmp_path / "timer.xlsx",
        [
            ["date", "volunteer", "hours", "volunteers", "activity"],
            [datetime(2026, 11, 5), "Grethe Nielsen", 2.5, None, "Onsdagsklubben"],
            [datetime(2026, 11, 6), None, 3, 6, "Gå-holdet"],
        ],
    )
    plan = _plan(session, path)
    assert plan.ok
    assert hours_import.run_import(session, plan, filename="timer.xlsx", by_user_id=SYSTEM) == 2
    assert session.scalar(select(func.sum(HoursEntry.minutes))) == 150 + 1080


def test_a_broken_file_imports_nothing_and_names_each_row(session, world, tmp_path):
    rows = [
        GOOD[0],
        ["05.11.2026", "Grethe Nielsen", "2,5", "", "Onsdagsklubben", "", ""],  # 2: fine
        ["31.02.2026", "Grethe Nielsen", "2", "", "", "", ""],  # 3: no such date
        ["06.11.2026", "Ukendt Person", "2", "", "", "", ""],  # 4: unknown volunteer
        ["07.11.2026", "", "-1", "3", "", "", ""],  # 5: negative
        ["08.11.2026", "", "9", "2", "Bingo", "", ""],  # 6: unknown activity
        ["01.12.2026", "", "2", "1", "", "", ""],  # 7: future
        ["05.11.2026", "Grethe Nielsen", "2,5", "", "Onsdagsklubben", "", ""],  # 8: same as row 2
        ["05.05.2026", "Bent Jørgensen", "2", "", "", "", ""],  # 9: before Bent started
        ["09.11.2026", "", "30", "1", "", "", ""],  # 10: over 24 hours
        ["10.11.2026", "Grethe Nielsen", "2", "3", "", "", ""],  # 11: named row for three people
        ["11.11.2026", "", "2", "to", "", "", ""],  # 12: not a number
        ["11.11.2026", "", "", "2", "", "", ""],  # 13: no hours
        ["12.11.2026", "", "2", "2", "", "Anden proces", ""],  # 14: unknown process
    ]
    plan = _plan(session, _csv(tmp_path / "broken.csv", rows))
    assert [(p.row, p.error.key) for p in plan.problems] == [
        (3, "error.date_format"),
        (4, "error.volunteer_unknown"),
        (5, "error.hours_positive"),
        (6, "error.activity_unknown"),
        (7, "error.date_in_future"),
        (8, "error.import_duplicate_row"),
        (9, "error.hours_outside_period"),
        (10, "error.hours_too_many"),
        (11, "error.named_group"),
        (12, "error.volunteers_format"),
        (13, "error.required"),
        (14, "error.process_unknown"),
    ]
    assert plan.problems[5].error.params == {"other": 2}
    assert plan.problems[1].error.params == {"name": "Ukendt Person"}
    assert not plan.ok
    with pytest.raises(InvalidInput) as err:
        hours_import.run_import(session, plan, filename="broken.csv", by_user_id=SYSTEM)
    assert err.value.params == {"count": 12}
    assert _rows(session) == 0


def test_missing_columns_and_unknown_columns(session, world, tmp_path):
    plan = _plan(session, _csv(tmp_path / "x.csv", [["Navn", "Telefon"], ["Grethe", "1234"]]))
    assert [(p.row, p.error.key, p.error.params) for p in plan.problems] == [
        (1, "error.import_missing_columns", {"columns": "date, hours"})
    ]
    plan = _plan(
        session, _csv(tmp_path / "y.csv", [["dato", "timer", "Telefon"], ["05.11.2026", "2", "1234"]])
    )
    assert plan.ok and plan.unknown_columns == ("Telefon",)


def test_day_limit_counts_the_file_and_what_is_stored(session, world, tmp_path):
    rows = [
        ["dato", "frivillig", "timer"],
        ["05.11.2026", "Grethe Nielsen", "14"],
        ["05.11.2026", "Grethe Nielsen", "11"],
    ]
    plan = _plan(session, _csv(tmp_path / "day.csv", rows))
    assert [(p.row, p.error.key) for p in plan.problems] == [(3, "error.hours_day_limit")]


def test_equal_names_need_the_number(session, world, tmp_path):
    twin = make_volunteer(session, name="Grethe Nielsen")
    rows = [
        ["dato", "frivillig", "timer"],
        ["05.11.2026", "Grethe Nielsen", "2"],
        ["05.11.2026", f"Grethe Nielsen (#{twin.id})", "2"],
    ]
    plan = _plan(session, _csv(tmp_path / "twins.csv", rows))
    assert [(p.row, p.error.key) for p in plan.problems] == [(2, "error.volunteer_ambiguous")]
    assert plan.drafts[0].volunteer_id == twin.id


def test_two_imports_of_the_same_rows_at_once_cannot_both_land(session, world, tmp_path):
    path = _csv(tmp_path / "timer.csv", GOOD)
    first, second = _plan(session, path), _plan(session, path)
    hours_import.run_import(session, first, filename="a.csv", by_user_id=SYSTEM)
    with pytest.raises(Conflict):
        hours_import.run_import(session, second, filename="b.csv", by_user_id=SYSTEM)
    assert _rows(session) == 3


def test_the_bulk_table_saves_all_or_nothing_and_skips_unused_lines(session, world):
    initiative = make_initiative(session, title="Fællesspisning")
    grethe = f"Grethe Nielsen (#{world['grethe'].id})"
    club = f"Onsdagsklubben (#{world['club'].id})"
    meals = f"Fællesspisning (#{initiative.id})"
    good = [
        {"date": date(2026, 11, 5), "volunteer": grethe, "hours": 2.0, "volunteers": 1, "activity": club},
        {"date": date(2026, 11, 20), "volunteer": None, "hours": None, "volunteers": 1, "activity": None},
        {"date": date(2026, 11, 6), "volunteer": None, "hours": 3.0, "volunteers": 4.0, "initiative": meals},
    ]
    bad = [*good, {"date": date(2026, 11, 7), "volunteer": None, "hours": float("nan"), "volunteers": 2}]
    plan = hours_import.save_table(session, bad, by_user_id=SYSTEM, today=TODAY)
    assert [(p.row, p.error.key) for p in plan.problems] == [(4, "error.required")]
    # Rows keep the numbers the table shows, even after lines were deleted in it.
    plan = hours_import.save_table(session, bad, by_user_id=SYSTEM, today=TODAY, numbers=[1, 2, 5, 9])
    assert [(p.row, p.error.key) for p in plan.problems] == [(9, "error.required")]
    assert _rows(session) == 0
    plan = hours_import.save_table(session, good, by_user_id=SYSTEM, today=TODAY)
    assert plan.ok and _rows(session) == 2
    assert session.scalar(select(func.sum(HoursEntry.minutes))) == 120 + 720
    assert session.scalar(select(HoursEntry.import_key).limit(1)) is None
    with pytest.raises(InvalidInput) as err:
        hours_import.save_table(session, [good[1]], by_user_id=SYSTEM, today=TODAY)
    assert err.value.key == "error.table_empty"


def test_csv_written_by_excel_in_danish(session, world, tmp_path):
    """Excel in Danish saves CSV as Windows-1252 with semicolons and decimal commas."""
    path = tmp_path / "excel.csv"
    path.write_bytes("Dato;Frivillig;Timer\r\n05-11-2026;Bent Jørgensen;1,75\r\n".encode("cp1252"))
    plan = _plan(session, path)
    assert plan.ok and plan.drafts[0].minutes == 105


def test_problem_rows_keep_their_file_numbers_after_blank_lines(session, world):
    table = hours_file.read_table(
        "t.csv", io.BytesIO(b"dato;timer\n\n05.11.2026;2\n;\n05.11.2026;x\n").getvalue()
    )
    plan = hours_import.plan_import(session, table, today=TODAY)
    # Blank lines are dropped when reading; rows are numbered as they come after the header.
    assert [(p.row, p.error.key) for p in plan.problems] == [(3, "error.hours_format")]
