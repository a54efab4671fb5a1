"""The workshop export, opened as real CSV and Excel files."""

import csv
import io

import pytest
from openpyxl import load_workbook

import i18n
from services.workshop import votes, workshop_export
from tests.factories import HOSTILE, make_idea, make_participant, make_workshop
from tests.spreadsheets import TEXTS, all_shown, csv_rows, live_csv_cells, missing_xlsx_texts
from vocabulary import STAKEHOLDER_GROUPS

HEADERS = {
    "id": "No.", "theme": "Theme", "cluster": "Cluster", "title": "Idea", "description": "Description",
    "dots": "Dots", "voters": "People", "merged": "Merged in", "merged_into": "Merged into", "group": "Group",
    "participants": "Participants", "proxies": "Proxies", "sheet.ideas": "Ideas", "sheet.merged": "Merged",
    "sheet.participants": "Participants",
} | {f"group.{g}": g.title() for g in STAKEHOLDER_GROUPS}  # fmt: skip


def test_the_pages_translate_every_header_the_export_needs():
    assert set(workshop_export.HEADER_KEYS) == {k for k in HEADERS if not k.startswith("group.")}
    assert {f"export.{k}" for k in workshop_export.HEADER_KEYS} <= set(i18n.catalogue("en"))


def _workshop_with_votes(session, *, revealed: bool = True):
    w = make_workshop(session, phase="vote", dot_budget=5, dots_per_idea=3, hide_votes_until_reveal=True)
    formula = make_idea(session, w, title='=HYPERLINK("http://evil","click")', description="-2+3")
    plain = make_idea(session, w, title="Fællesspisning æøå ÆØÅ", description=HOSTILE)
    citizen, _ = make_participant(session, w, stakeholder_group="citizen")
    business, _ = make_participant(session, w, stakeholder_group="business")
    for person, idea, n in ((citizen, plain, 3), (business, plain, 1), (business, formula, 2)):
        for _ in range(n):
            votes.add_dot(session, person.id, idea.id)
    if revealed:
        w.phase = "results"
        session.flush()
    return w


def test_before_a_hidden_vote_is_revealed_the_export_gives_no_ranking_away(session):
    w = _workshop_with_votes(session, revealed=False)
    ideas, _, participants = workshop_export.sheets(session, w.id, HEADERS)
    assert "Dots" not in ideas.header and "People" not in ideas.header
    assert not set(ideas.header) & {g.title() for g in STAKEHOLDER_GROUPS}
    ids = [row[0] for row in ideas.rows]
    assert ids == sorted(ids)  # the order they arrived in, not by dots
    assert participants.header == ["Group", "Participants"]
    data = workshop_export.to_csv(ideas, "da").decode("utf-8-sig")
    assert "4" not in {cell for line in data.splitlines()[1:] for cell in line.split(";")[5:]}


def test_csv_has_every_idea_with_support_by_group_and_no_formulas(session):
    w = _workshop_with_votes(session)
    data = workshop_export.to_csv(workshop_export.sheets(session, w.id, HEADERS)[0], "da")
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    by_title = {r["Idea"]: r for r in rows}
    top = by_title["Fællesspisning æøå ÆØÅ"]
    assert (top["Dots"], top["People"], top["Citizen"], top["Business"]) == ("4", "2", "3", "1")
    assert top["Description"] == HOSTILE
    assert '\'=HYPERLINK("http://evil","click")' in by_title
    assert by_title['\'=HYPERLINK("http://evil","click")']["Description"] == "'-2+3"
    assert rows[0]["Idea"] == "Fællesspisning æøå ÆØÅ"  # ranked


def test_excel_has_three_sheets_and_keeps_text_as_text(session):
    w = _workshop_with_votes(session)
    book = load_workbook(io.BytesIO(workshop_export.to_excel(workshop_export.sheets(session, w.id, HEADERS))))
    assert book.sheetnames == ["Ideas", "Merged", "Participants"]
    ideas = list(book["Ideas"].iter_rows(values_only=True))
    assert ideas[0][:4] == ("No.", "Theme", "Cluster", "Idea")
    titles = [row[3] for row in ideas[1:]]
    assert "Fællesspisning æøå ÆØÅ" in titles
    formula_cells = [c for row in book["Ideas"].iter_rows() for c in row if c.data_type == "f"]
    assert formula_cells == []
    groups = {row[0]: row[1:] for row in book["Participants"].iter_rows(min_row=2, values_only=True)}
    assert groups["Citizen"] == (1, 3)
    assert groups["Business"] == (1, 3)


@pytest.mark.parametrize(("language", "delimiter"), [("da", ";"), ("nb", ";"), ("en", ",")])
def test_hostile_ideas_stay_inert_text_in_both_files(session, language, delimiter):
    w = make_workshop(session, phase="vote", themes=[TEXTS[1]])
    ideas = [make_idea(session, w, title=text, description=text) for text in TEXTS]
    person, _ = make_participant(session, w, stakeholder_group="citizen")
    votes.add_dot(session, person.id, ideas[0].id)
    w.phase = "results"
    session.flush()
    tables = workshop_export.sheets(session, w.id, HEADERS)

    data = workshop_export.to_csv(tables[0], language)
    assert live_csv_cells(data) == []
    header, *rows = csv_rows(data, delimiter)
    title, description, dots = header.index("Idea"), header.index("Description"), header.index("Dots")
    assert all_shown(TEXTS, [row[title] for row in rows])
    assert [row[description] for row in rows] == [row[title] for row in rows]  # each in its own column
    assert sorted(row[dots] for row in rows) == ["0"] * (len(TEXTS) - 1) + ["1"]

    assert missing_xlsx_texts(workshop_export.to_excel(tables), TEXTS) == []
