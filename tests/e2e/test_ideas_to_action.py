"""In a real Chromium: curate the catalogue and download its PDF, an initiative from two ideas with the
lineage on both sides, the exports, and the public page without a login.
"""

import csv
import io

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from db.models import Initiative, Process
from db.session import read_scope
from tests.e2e.conftest import main_text, wait_ready
from tests.e2e.test_login_and_join import _sign_in

pytestmark = pytest.mark.e2e


def _pick(page, label, option):
    """Choose the option containing `option` in the Streamlit multiselect or selectbox named `label`."""
    box = page.locator("[data-testid='stMultiSelect'], [data-testid='stSelectbox']").filter(
        has=page.get_by_text(label, exact=True)
    )
    box.locator("input").first.click()
    box.locator("input").first.fill(option)
    page.get_by_role("option").filter(has_text=option).first.click()
    page.keyboard.press("Escape")


def _download(page, name):
    wait_ready(page)  # a click landing mid-rerun is lost under load
    with page.expect_download() as info:
        page.get_by_role("button", name=name).click()
    return info.value


def test_curate_the_catalogue_and_download_the_pdf(desktop, server):
    page = desktop
    _sign_in(page, server, "facilitator", "demo-facilitator-2026")
    page.goto(f"{server.url}/catalogue")
    page.get_by_role("heading", name="Inspirationskatalog").wait_for()
    wait_ready(page)
    page.get_by_role("tab", name="Vælg idéer").click()
    wait_ready(page)
    _pick(page, "Idéer, der skal med", "Kaffe-vagten")
    page.get_by_role("button", name="Tilføj til kataloget").click()
    page.get_by_text("1 idé er tilføjet kataloget.").wait_for()
    wait_ready(page)

    page.get_by_role("tab", name="Formulering og rækkefølge").click()
    wait_ready(page)
    _pick(page, "Idé i kataloget", "Besøg og nærvær › Kaffe-vagten")
    wait_ready(page)
    title = page.get_by_label("Titel", exact=True).first
    title.fill("Kaffevagt på plejecentret – æøå <b>ikke fed</b>")
    page.get_by_role("button", name="Gem formuleringen").click()
    page.get_by_text("Idéen er gemt.").wait_for()
    wait_ready(page)

    page.get_by_role("tab", name="Forhåndsvisning").click()
    wait_ready(page)
    assert "Kaffevagt på plejecentret – æøå <b>ikke fed</b>" in main_text(page)

    page.get_by_role("tab", name="Eksport").click()
    wait_ready(page)
    page.get_by_role("button", name="Lav PDF").click()
    page.get_by_text("PDF'en er klar.").wait_for()
    download = _download(page, "Hent PDF")
    assert download.suggested_filename == "inspirationskatalog-sammen-mod-ensomhed.pdf"
    reader = PdfReader(download.path())
    text = "\n".join(p.extract_text() for p in reader.pages)
    for expected in (
        "Inspirationskatalog",
        "Sammen mod ensomhed",
        "Kaffevagt på plejecentret – æøå <b>ikke fed</b>",
        "Nabohjælp i boligforeningen",
        "Når man mister sin ægtefælle",
        "Mødesteder i lokalområdet",
        f"Side 3 af {len(reader.pages)}",
    ):
        assert expected in text, expected

    excel = _download(page, "Hent Excel")
    assert excel.suggested_filename.endswith(".xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(excel.path().read_bytes()))
    titles = [row[2] for row in workbook["Inspirationskatalog"].iter_rows(min_row=2, values_only=True)]
    assert "Kaffevagt på plejecentret – æøå <b>ikke fed</b>" in titles
    # A Danish page exports for Danish Excel: semicolons between cells.
    csv_text = _download(page, "Hent CSV").path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_text), delimiter=";"))
    assert rows[0][:3] == ["Nr.", "Afsnit", "Titel"] and len(rows) == len(titles) + 1


def test_initiative_from_two_ideas_shows_the_lineage_both_ways(desktop, server):
    page = desktop
    _sign_in(page, server, "leader", "demo-leader-2026")
    page.goto(f"{server.url}/initiatives")
    page.get_by_role("heading", name="Initiativer", exact=True).wait_for()
    wait_ready(page)
    _pick(page, "Fra idéerne", "Lektiehjælp fra pensionister")
    _pick(page, "Fra idéerne", "Sangeftermiddag med kendte sange")
    page.get_by_label("Titel", exact=True).fill("Eftermiddage på tværs af generationer")
    page.get_by_role("button", name="Opret initiativ").click()
    page.get_by_role("heading", name="Eftermiddage på tværs af generationer").wait_for()
    wait_ready(page)
    assert "Initiativet Eftermiddage på tværs af generationer er oprettet." in main_text(page)
    page.get_by_role("tab", name="Oprindelse").click()
    wait_ready(page)  # a tab switch reruns the page
    origin = page.locator("[data-testid='stTable']").filter(has_text="Lektiehjælp fra pensionister")
    origin.wait_for()
    text = origin.inner_text()
    assert "Lektiehjælp fra pensionister" in text and "Sangeftermiddag med kendte sange" in text
    with read_scope(server.database_url) as s:
        assert s.scalar(
            select(Initiative.id).where(Initiative.title == "Eftermiddage på tværs af generationer")
        )

    # The other way: the ideas on the catalogue page name the initiative they led to.
    page.goto(f"{server.url}/catalogue")
    page.get_by_role("heading", name="Inspirationskatalog").wait_for()
    # A new tab signs in from the cookie a run late: wait for the catalogue itself to be
    # drawn (an idea names the initiative it led to) before clicking, not for a rerun.
    link = page.get_by_role("link", name="Eftermiddage på tværs af generationer").first
    link.wait_for()
    wait_ready(page)
    link.click()
    page.get_by_role("heading", name="Eftermiddage på tværs af generationer").wait_for()

    # The list exports follow the filters.
    page.goto(f"{server.url}/initiatives")
    wait_ready(page)
    # A Danish page exports for Danish Excel: semicolons between cells.
    csv_text = _download(page, "Hent CSV").path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_text), delimiter=";"))
    assert "Eftermiddage på tværs af generationer" in [r[0] for r in rows[1:]]


@pytest.mark.parametrize("size", ["desktop", "tablet"])
def test_public_page_without_login(request, server, size):
    page = request.getfixturevalue(size)
    with read_scope(server.database_url) as s:
        # The demo's own process: other tests on this server publish processes of their own.
        slug = s.get(Process, server.demo.process_id).public_slug
    page.goto(f"{server.url}/?follow={slug}")
    page.get_by_role("heading", name="Sammen mod ensomhed").wait_for()
    wait_ready(page)
    text = main_text(page)
    assert "Vi gjorde: initiativer" in text and "I sagde: inspirationskataloget" in text
    assert "Torsdagsspisning på Lindholt Aktivitetscenter" in text
    assert "Inger Thomsen" not in text  # a contact person
    assert page.get_by_role("button", name="Log ind").count() == 0
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
    page.goto(f"{server.url}/follow?follow=wrong")
    page.get_by_text("Siden findes ikke eller er ikke offentliggjort").wait_for()
