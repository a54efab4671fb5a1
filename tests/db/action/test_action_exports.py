"""Catalogue and initiative exports, opened as a reader would: pypdf, openpyxl, the csv module."""

import io

import openpyxl
import pytest
from pypdf import PdfReader

import i18n
from services.action import catalogue_export, curation, initiative_actors, initiatives, lifecycle
from services.action.initiative_export import initiatives_csv, initiatives_xlsx
from services.admin.permissions import SYSTEM
from tests.factories import (
    HOSTILE,
    make_actor,
    make_idea,
    make_participant,
    make_process,
    make_vote,
    make_workshop,
)
from tests.spreadsheets import TEXTS, all_shown, csv_rows, live_csv_cells, missing_xlsx_texts
from tests.when import TODAY


def _pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def _book(session, entries=3):
    process = make_process(session, title="Sammen mod ensomhed – Ærø")
    workshop = make_workshop(
        session, process_id=process.id, phase="results", themes=["Fællesskab", "Transport"]
    )
    ideas = [
        make_idea(
            session,
            workshop,
            title=f"Idé {i}: Søndagsåbent på Ørkenvej {HOSTILE}",
            theme_id=workshop.themes[i % 2].id,
        )
        for i in range(entries)
    ]
    person, _ = make_participant(session, workshop, stakeholder_group="volunteer")
    make_vote(session, workshop, person, ideas[0], 3)
    curation.add_ideas(session, process.id, [i.id for i in ideas], by_user_id=SYSTEM)
    curation.set_intro(session, process.id, "Kære borgere i Æbeltoft, Øster Åby og Tromsø", by_user_id=SYSTEM)
    return process, ideas


def test_catalogue_pdf_has_cover_intro_sections_entries_and_page_numbers(session):
    i18n.set_language("da")
    process, ideas = _book(session)
    lifecycle.create_initiative(session, title="Spisning på Åen", idea_ids=[ideas[0].id], by_user_id=SYSTEM)
    steps = []
    data = catalogue_export.catalogue_pdf(
        session,
        process.id,
        municipality="Lindholt Kommune",
        today=TODAY,
        on_progress=lambda s, label: steps.append(s),
    )
    assert data.startswith(b"%PDF")
    pages, text = _pdf_text(data)
    assert pages >= 4  # cover, introduction, two sections
    for expected in (
        "Inspirationskatalog",
        "Sammen mod ensomhed – Ærø",
        "Kære borgere i Æbeltoft, Øster Åby og Tromsø",
        "Fællesskab",
        "Transport",
        "Søndagsåbent på Ørkenvej",
        "<script>alert(1)</script> **bold**",
        "3 prikker fra 1 deltager",
        "Frivillig 3",
        "Blev til: Spisning på Åen (Foreslået)",
        f"Side 2 af {pages}",
        "Lindholt Kommune",
    ):
        assert expected in text, expected
    assert steps[-1] == 1.0 and steps == sorted(steps)


def test_catalogue_pdf_in_english_and_when_empty(session):
    i18n.set_language("en")
    try:
        process = make_process(session, title="Empty")
        _, text = _pdf_text(catalogue_export.catalogue_pdf(session, process.id, municipality="Lindholt"))
        assert "Inspiration catalogue" in text and "The catalogue is empty" in text and "Page 2 of 2" in text
    finally:
        i18n.set_language("da")


def test_catalogue_excel_and_csv(session):
    i18n.set_language("da")
    process, ideas = _book(session)
    book = openpyxl.load_workbook(io.BytesIO(catalogue_export.catalogue_xlsx(session, process.id)))
    sheet = book["Inspirationskatalog"]
    rows = list(sheet.values)
    assert rows[0][:6] == ("Nr.", "Afsnit", "Titel", "Tekst", "Prikker", "Stemmer fra")
    assert len(rows) == 1 + len(ideas)
    assert rows[1][2] == ideas[0].title and rows[1][4] == 3
    assert book["Indledning"]["B2"].value == "Kære borgere i Æbeltoft, Øster Åby og Tromsø"

    data = catalogue_export.catalogue_csv(session, process.id)
    parsed = csv_rows(data, ";")  # Danish Excel's separator
    assert parsed[0][0] == "Nr." and len(parsed) == 1 + len(ideas)
    assert {r[2] for r in parsed[1:]} == {i.title for i in ideas}


@pytest.mark.parametrize(("language", "delimiter"), [("da", ";"), ("nb", ";"), ("en", ",")])
def test_catalogue_files_keep_hostile_text_inert(session, language, delimiter):
    i18n.set_language(language)  # the autouse fixture switches back to Danish
    process = make_process(session)
    workshop = make_workshop(session, process_id=process.id, phase="results")
    ideas = [make_idea(session, workshop, title=text, description=text) for text in TEXTS]
    curation.add_ideas(session, process.id, [i.id for i in ideas], by_user_id=SYSTEM)
    process.title = process.description = TEXTS[1]  # on the introduction sheet
    session.flush()
    data = catalogue_export.catalogue_csv(session, process.id)
    assert live_csv_cells(data) == []
    rows = csv_rows(data, delimiter)[1:]
    assert all_shown(TEXTS, [row[2] for row in rows])
    assert [row[3] for row in rows] == [row[2] for row in rows]  # each text in its own column
    assert missing_xlsx_texts(catalogue_export.catalogue_xlsx(session, process.id), TEXTS) == []


def test_initiative_exports_follow_the_filtered_list(session):
    i18n.set_language("da")
    made = lifecycle.create_initiative(
        session, title='=HYPERLINK("http://x") Gåture i Øst', by_user_id=SYSTEM
    )
    initiative_actors.add_actor(
        session, made.id, actor_id=make_actor(session, name="Klubben Å").id, role="lead", by_user_id=SYSTEM
    )
    rows = initiatives.list_initiatives(session)
    parsed = csv_rows(initiatives_csv(rows), ";")
    assert parsed[0][:3] == ["Titel", "Proces", "Status"]
    # A title that looks like a formula stays text.
    assert parsed[1][0] == '\'=HYPERLINK("http://x") Gåture i Øst'
    assert parsed[1][2] == "Foreslået" and parsed[1][6] == "Klubben Å"
    sheet = openpyxl.load_workbook(io.BytesIO(initiatives_xlsx(rows))).active
    assert sheet["A2"].value == '=HYPERLINK("http://x") Gåture i Øst'
    assert sheet["A2"].data_type == "s"


@pytest.mark.parametrize(("language", "delimiter"), [("da", ";"), ("en", ",")])
def test_initiative_files_keep_hostile_text_inert(session, language, delimiter):
    i18n.set_language(language)  # the autouse fixture switches back to Danish
    for n, text in enumerate(TEXTS):
        made = lifecycle.create_initiative(session, title=f"Initiativ {n}", by_user_id=SYSTEM)
        partner = make_actor(session, name=f"Klub {n}")
        initiative_actors.add_actor(session, made.id, actor_id=partner.id, role="partner", by_user_id=SYSTEM)
        # Straight into the rows: the export must hold even what validation refuses today.
        made.title = made.target_group = partner.name = text
        made.budget = 1500
    session.flush()
    rows = initiatives.list_initiatives(session)
    data = initiatives_csv(rows)
    assert live_csv_cells(data) == []
    header, *parsed = csv_rows(data, delimiter)
    budget = header.index(i18n.t("field.budget"))
    target = header.index(i18n.t("field.target_group"))
    partners = header.index(i18n.t("initiatives.partners"))
    assert all_shown(TEXTS, [row[0] for row in parsed])
    assert [(row[target], row[partners], row[budget]) for row in parsed] == [
        (row[0], row[0], "1500") for row in parsed
    ]
    book = initiatives_xlsx(rows)
    assert missing_xlsx_texts(book, TEXTS) == []
    sheet = openpyxl.load_workbook(io.BytesIO(book)).active
    assert {sheet.cell(row, budget + 1).value for row in range(2, 2 + len(TEXTS))} == {1500}
