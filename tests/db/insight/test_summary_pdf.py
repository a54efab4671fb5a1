"""The one-page summary PDF, opened with pypdf as a reader would: one A4 page whatever users typed."""

import io
from dataclasses import replace
from datetime import date, datetime

import pytest
from pypdf import PdfReader

import i18n
from db.models import HoursEntry
from services.admin.permissions import SYSTEM
from services.insight import summary, summary_pdf
from services.insight.bridging import RankedIdea
from services.insight.representation import Gap
from services.workshop import influence
from tests.factories import HOSTILE, make_idea, make_initiative, make_participant, make_process, make_workshop
from tests.when import TODAY

A4 = (595.28, 841.89)  # points


def _read(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def _is_a4(reader: PdfReader) -> bool:
    box = reader.pages[0].mediabox
    return abs(float(box.width) - A4[0]) < 1 and abs(float(box.height) - A4[1]) < 1


@pytest.fixture(autouse=True)
def _language():
    yield
    i18n.set_language("da")


def test_the_pdf_of_a_process(session):
    process = make_process(session, title="Sammen mod ensomhed")
    workshop = make_workshop(session, process_id=process.id)
    for group in ("citizen", "citizen", "volunteer"):
        participant, _ = make_participant(session, workshop, stakeholder_group=group)
        participant.joined_at = datetime(2026, 10, 1, 12, 0)
    make_idea(session, workshop, created_at=datetime(2026, 10, 1, 13, 0))
    running = make_initiative(session, process_id=process.id)
    running.status, running.starts_on, running.progress = "in_progress", date(2026, 9, 1), 35
    session.add(HoursEntry(worked_on=date(2026, 10, 3), minutes=600, volunteers=5, process_id=process.id))
    session.add(HoursEntry(worked_on=date(2025, 10, 3), minutes=300, volunteers=1, process_id=process.id))
    session.commit()

    data = summary_pdf.summary_pdf(
        session,
        process_id=process.id,
        hour_value=250,
        today=TODAY,
        timezone="Europe/Copenhagen",
        municipality="Lindholt Kommune",
        language="en",
    )
    reader, text = _read(data)
    assert len(reader.pages) == 1 and _is_a4(reader)
    assert "Summary for politicians" in text and "Sammen mod ensomhed" in text
    assert "Lindholt Kommune · 23 Nov 2026" in text
    lines = [" ".join(line.split()) for line in text.splitlines()]
    # 3 participants (new), 2 of 7 groups, 1 idea, 1 launched / 0 completed,
    # 15 hours (10 this year, 5 the year before: +100 %), 15 × 250 = 3,750 kr.
    for label, value in [
        ("Participants", "3"),
        ("Groups reached", "2 of 7"),
        ("Ideas", "1"),
        ("Initiatives launched / completed", "1 / 0"),
        ("Volunteer hours", "15"),
        ("Estimated value", "3,750 kr."),
    ]:
        assert lines[lines.index(label) + 1] == value, label
    assert "+100 % vs previous 12 months" in text and "new" in text
    # The initiative's title exactly as typed (markup is text, never rendered).
    flat = " ".join(text.split())
    assert f"1. {running.title}" in flat
    assert "In progress · 35 % · lead: no lead yet" in text
    assert "Volunteer hours per month" in text and "Month" in text and "Hours" in text
    assert "Oct 26" in text


def _crowded() -> summary.Summary:
    long = "Et meget langt forslag om fællesspisning, transport og besøgsvenner " * 4
    figure = summary.Headline(123456, summary.Trend(99999, 88888))
    return summary.Summary(
        process_id=1,
        process_title=f"{HOSTILE} {long}",
        today=TODAY,
        period_start=date(2025, 12, 1),
        participants=figure,
        groups=summary.Headline(7, summary.Trend(7, 3)),
        groups_of=7,
        ideas=figure,
        launched=figure,
        completed=figure,
        volunteer_minutes=summary.Headline(987654321, summary.Trend(98765432, 1)),
        hour_value=99999,
        key_initiatives=tuple(
            summary.KeyInitiative(n, f"{HOSTILE} {n} {long}", "in_progress", 50, f"{HOSTILE} {long}", None)
            for n in range(12)
        ),
        more_initiatives=250,
        top_ideas=tuple(
            RankedIdea(
                idea_id=n,
                title=f"{HOSTILE} {n} {long}"[:120],
                workshop_title=long,
                dots=100000,
                voters=50000,
                groups=7,
                bridging=0.9,
            )
            for n in range(12)
        ),
        not_reached=tuple(Gap("area", f"{HOSTILE} område {n} {long}"[:60], 3, 0.1) for n in range(40)),
        hours_by_month=tuple((date(2025 + (m > 0), (m + 11) % 12 + 1, 1), 60 * 10**m) for m in range(12)),
    )


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_long_texts_and_many_rows_stay_on_one_page(language):
    i18n.set_language(language)
    reader, text = _read(summary_pdf.render_pdf(_crowded(), municipality="Lindholt Kommune"))
    assert len(reader.pages) == 1 and _is_a4(reader)
    assert "…" in text
    assert "<script>alert(1)</script>" in text  # the start of every title, as typed
    assert text.count("<script>alert(1)</script>") >= 10  # ideas and initiatives are listed, cut to fit


def test_an_empty_summary_is_one_page_with_explanations(session):
    process = make_process(session, title="Ny proces")
    session.commit()
    i18n.set_language("en")
    sm = summary.summary(session, process_id=process.id, hour_value=0, today=TODAY, timezone="UTC")
    reader, text = _read(summary_pdf.render_pdf(sm, municipality="Lindholt Kommune"))
    assert len(reader.pages) == 1
    assert "not set" in text
    assert "No volunteer hours logged in the last 12 months." in text
    assert "No initiative is running or recently completed yet." in text


def test_the_level_of_influence_and_its_promise_are_on_the_page(session):
    process = make_process(session, title="Sammen mod ensomhed")
    promise = f"Vi svarer alle senest 1. marts {HOSTILE}"
    influence.set_process_influence(session, process.id, level="consult", promise=promise, by_user_id=SYSTEM)
    session.commit()
    data = summary_pdf.summary_pdf(
        session,
        process_id=process.id,
        today=TODAY,
        timezone="Europe/Copenhagen",
        municipality="Lindholt Kommune",
        language="da",
    )
    reader, text = _read(data)
    assert len(reader.pages) == 1
    flat = " ".join(text.split())
    assert "Grad af indflydelse: Høre – Jeres idéer bliver hørt og vejet" in flat
    assert f"Løftet til deltagerne: “{promise}”" in flat  # as typed, markup and all
    # Above the figures, where a politician reads first.
    assert flat.index("Grad af indflydelse") < flat.index("Deltagere")


def test_all_processes_have_no_one_level(session):
    i18n.set_language("da")
    sm = summary.summary(session, process_id=None, hour_value=0, today=TODAY, timezone="UTC")
    _, text = _read(summary_pdf.render_pdf(sm, municipality="Lindholt Kommune"))
    assert "Grad af indflydelse" not in text


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_a_long_promise_on_a_crowded_page_stays_on_one_page(language):
    i18n.set_language(language)
    promise = f"{HOSTILE} " + "Vi lover at læse hver eneste idé og svare inden sommerferien. " * 8
    crowded = replace(_crowded(), influence_level="empower", influence_promise=promise)
    reader, text = _read(summary_pdf.render_pdf(crowded, municipality="Lindholt Kommune"))
    assert len(reader.pages) == 1 and _is_a4(reader)
    assert HOSTILE in " ".join(text.split())
    assert i18n.t("influence.empower") in text
    # The chart keeps its room below the rest.
    assert i18n.t("summary.chart_title") in text and i18n.t("chart.month") in text
