"""The resource map: sums, ratio, value, months and breakdown per scope; the Excel file as users open it."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from services.admin.permissions import SYSTEM
from services.common.errors import InvalidInput
from services.volunteering import hours, resources, staff_time
from services.volunteering.hours_rules import Target
from services.volunteering.resources import Scope
from tests.factories import make_activity, make_initiative, make_process, make_volunteer
from tests.spreadsheets import TEXTS, missing_xlsx_texts
from tests.when import TODAY

LABEL_KEYS = ("month", "volunteer_hours", "staff_hours", "value", "initiative", "activity")


@pytest.fixture
def mapped(session):
    process = make_process(session)
    initiative = make_initiative(session, title="Fællesspisning")  # not yet part of a process
    activity = make_activity(session, title="Gå-holdet")
    v = make_volunteer(session)
    log = dict(today=TODAY)
    hours.log_hours(
        session,
        worked_on=date(2026, 10, 5),
        minutes=120,
        volunteer_id=v.id,
        target=Target(initiative_id=initiative.id),
        **log,
        by_user_id=SYSTEM,
    )
    hours.log_hours(
        session,
        worked_on=date(2026, 11, 5),
        minutes=600,
        volunteers=5,
        target=Target(activity_id=activity.id),
        **log,
        by_user_id=SYSTEM,
    )
    hours.log_hours(
        session,
        worked_on=date(2026, 11, 6),
        minutes=60,
        volunteer_id=v.id,
        target=Target(process_id=process.id),
        **log,
        by_user_id=SYSTEM,
    )
    hours.log_hours(
        session, worked_on=date(2024, 1, 6), minutes=60, volunteer_id=None, **log, by_user_id=SYSTEM
    )  # outside the period
    lene = {"staff_name": "Lene", **log}
    staff_time.log_staff_time(
        session,
        worked_on=date(2026, 10, 7),
        minutes=60,
        kind="coordination",
        target=Target(initiative_id=initiative.id),
        **lene,
        by_user_id=SYSTEM,
    )
    staff_time.log_staff_time(
        session,
        worked_on=date(2026, 11, 7),
        minutes=30,
        kind="training",
        target=Target(activity_id=activity.id),
        **lene,
        by_user_id=SYSTEM,
    )
    # The initiative joins the process later: its time follows it.
    initiative.process_id = process.id
    session.flush()
    return process, initiative, activity


def test_everything_in_the_last_twelve_months(session, mapped):
    rmap = resources.resource_map(session, hour_value=200, today=TODAY)
    assert (rmap.start, rmap.end) == (date(2025, 12, 1), TODAY)
    assert (rmap.volunteer_minutes, rmap.staff_minutes) == (780, 90)
    assert rmap.ratio == pytest.approx(780 / 90)
    assert rmap.value == 780 / 60 * 200 == 2600
    assert rmap.named_volunteers == 1
    assert len(rmap.months) == 12
    by_month = {m.month: (m.volunteer_minutes, m.staff_minutes) for m in rmap.months}
    assert by_month[date(2026, 10, 1)] == (120, 60)
    assert by_month[date(2026, 11, 1)] == (660, 30)
    assert by_month[date(2026, 1, 1)] == (0, 0)
    ratios = {m.month: m.ratio for m in rmap.months}
    assert (ratios[date(2026, 11, 1)], ratios[date(2026, 1, 1)]) == (22, None)
    assert rmap.value_of(120) == 400  # October's volunteer time
    assert rmap.staff_by_kind == {"coordination": 60, "training": 30}
    where = {(t.initiative, t.activity): (t.volunteer_minutes, t.staff_minutes) for t in rmap.breakdown}
    assert where == {("Fællesspisning", ""): (120, 60), ("", "Gå-holdet"): (600, 30), ("", ""): (60, 0)}


def test_per_process_initiative_and_activity(session, mapped):
    process, initiative, activity = mapped
    by_process = resources.resource_map(session, Scope(process_id=process.id), hour_value=200, today=TODAY)
    assert (by_process.volunteer_minutes, by_process.staff_minutes) == (180, 60)
    by_initiative = resources.resource_map(
        session, Scope(initiative_id=initiative.id), hour_value=0, today=TODAY
    )
    assert (by_initiative.volunteer_minutes, by_initiative.staff_minutes, by_initiative.value) == (120, 60, 0)
    by_activity = resources.resource_map(session, Scope(activity_id=activity.id), hour_value=200, today=TODAY)
    assert (by_activity.volunteer_minutes, by_activity.staff_minutes) == (600, 30)
    assert by_activity.named_volunteers == 0


def test_a_chosen_period_and_a_wrong_one(session, mapped):
    october = resources.resource_map(session, hour_value=200, start=date(2026, 10, 1), end=date(2026, 10, 31))
    assert (october.volunteer_minutes, october.staff_minutes, len(october.months)) == (120, 60, 1)
    everything = resources.resource_map(session, hour_value=200, start=date(2020, 1, 1), end=TODAY)
    assert everything.volunteer_minutes == 840
    with pytest.raises(InvalidInput):
        resources.resource_map(session, hour_value=200, start=date(2026, 10, 1), end=date(2026, 9, 1))
    empty = resources.resource_map(session, hour_value=200, start=date(2023, 1, 1), end=date(2023, 3, 31))
    assert (empty.volunteer_minutes, empty.ratio) == (0, None)


def test_the_excel_export_opens_with_the_figures(session, mapped):
    rmap = resources.resource_map(session, hour_value=200, today=TODAY)
    labels = {
        "month": "Måned",
        "volunteer_hours": "Frivillige timer",
        "staff_hours": "Medarbejdertimer",
        "value": "Værdi",
        "initiative": "Initiativ",
        "activity": "Aktivitet",
        "months_sheet": "Pr. måned",
        "breakdown_sheet": "Pr. initiativ og aktivitet",
    }
    workbook = load_workbook(io.BytesIO(resources.resource_workbook(rmap, labels)))
    assert workbook.sheetnames == ["Pr. måned", "Pr. initiativ og aktivitet"]
    months = list(workbook["Pr. måned"].iter_rows(values_only=True))
    assert months[0] == ("Måned", "Frivillige timer", "Medarbejdertimer", "Værdi")
    assert len(months) == 13
    november = months[-1]
    assert november[0].date() == date(2026, 11, 1)
    assert november[1:] == (11, 0.5, 2200)
    where = list(workbook["Pr. initiativ og aktivitet"].iter_rows(values_only=True))
    assert ("", "Gå-holdet", 10, 0.5) in where or (None, "Gå-holdet", 10, 0.5) in where


def test_the_excel_export_keeps_hostile_names_as_text(session):
    for text in TEXTS:
        initiative = make_initiative(session)
        activity = make_activity(session)
        # Straight into the rows: the export must hold even what validation refuses today.
        initiative.title = activity.title = text
        for target in (Target(initiative_id=initiative.id), Target(activity_id=activity.id)):
            hours.log_hours(
                session,
                worked_on=date(2026, 11, 5),
                minutes=90,
                target=target,
                today=TODAY,
                by_user_id=SYSTEM,
            )
    rmap = resources.resource_map(session, hour_value=200, today=TODAY)
    labels = dict.fromkeys(LABEL_KEYS, "x") | {"months_sheet": "Months", "breakdown_sheet": "Where"}
    data = resources.resource_workbook(rmap, labels)
    assert missing_xlsx_texts(data, TEXTS) == []
    hours_cells = [row[2] for row in load_workbook(io.BytesIO(data))["Where"].iter_rows(min_row=2)]
    assert {(c.value, c.data_type) for c in hours_cells} == {(1.5, "n")}
