"""A whole workshop in real browsers: a facilitator on a laptop, two tablets, live updates, reveal."""

import re

import pytest
from sqlalchemy import select

from db.models import Workshop
from db.session import read_scope
from tests.e2e.conftest import DESKTOP, TABLET, wait_ready

pytestmark = pytest.mark.e2e

# Live updates must arrive within 3 s; allow the browser some slack on a busy CI machine.
LIVE = 6_000
IDEA_A = "Bænke med snakkeskilt i parken"
IDEA_B = "Kørsel til <b>arrangementer</b> **nu**"


def _console_click(page, name):
    page.get_by_role("button", name=name).click()
    wait_ready(page)


def _join(page, server, code, group):
    page.goto(f"{server.url}/?code={code}")
    page.get_by_role("radio", name=group).click()
    page.get_by_role("button", name="Deltag", exact=True).click()
    page.get_by_role("heading", name="E2E-værksted").wait_for()


def _add_idea(page, title):
    page.get_by_label("Din idé med få ord", exact=True).fill(title)
    page.get_by_role("button", name="Tilføj idé").click()
    page.get_by_text("Din idé er på tavlen.").wait_for()


def test_a_whole_workshop(browser, server, request):
    contexts = []

    def new_page(viewport):
        context = browser.new_context(viewport=viewport, locale="da-DK")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        return page

    facilitator = new_page(DESKTOP)
    tablet_a = new_page(TABLET)
    tablet_b = new_page({"width": 1024, "height": 768})  # landscape
    try:
        facilitator.goto(server.url)
        facilitator.get_by_label("Brugernavn", exact=True).fill("facilitator")
        facilitator.get_by_label("Adgangskode", exact=True).fill("demo-facilitator-2026")
        facilitator.get_by_role("button", name="Log ind").click()
        facilitator.get_by_role("heading", name="Overblik").wait_for()

        # Create the workshop and land in its console.
        facilitator.goto(f"{server.url}/workshops")
        facilitator.get_by_role("tab", name="Nyt værksted").click()
        facilitator.get_by_label("Titel", exact=True).fill("E2E-værksted")
        facilitator.get_by_label("Temaer (Open Space-borde eller spørgsmål)", exact=True).fill(
            "Mødesteder\nTransport"
        )
        _console_click(facilitator, "Opret værksted")
        facilitator.get_by_role("heading", name="E2E-værksted").wait_for()
        with read_scope(server.database_url) as s:
            code = s.scalar(select(Workshop.code).where(Workshop.title == "E2E-værksted"))
        _console_click(facilitator, "Videre: Idéer tilføjes")

        _join(tablet_a, server, code, "Borger")
        _join(tablet_b, server, code, "Forening")
        _add_idea(tablet_a, IDEA_A)
        _add_idea(tablet_b, IDEA_B)
        # Each tablet sees the other's idea appear, without reloading; shown literally.
        tablet_a.get_by_text(IDEA_B, exact=True).wait_for(timeout=LIVE)
        tablet_b.get_by_text(IDEA_A, exact=True).wait_for(timeout=LIVE)
        assert tablet_a.locator("b").filter(has_text="arrangementer").count() == 0

        _console_click(facilitator, "Videre: Idéer grupperes")
        _console_click(facilitator, "Videre: Afstemning")
        for tablet in (tablet_a, tablet_b):
            tablet.get_by_text("5 af 5 prikker tilbage").wait_for(timeout=LIVE)

        # Going back needs a confirmation; saying no keeps the vote open.
        _console_click(facilitator, "Tilbage til Idéer grupperes")
        facilitator.get_by_role("button", name="Nej, bliv").click()
        wait_ready(facilitator)
        with read_scope(server.database_url) as s:
            assert s.scalar(select(Workshop.phase).where(Workshop.code == code)) == "vote"

        give_b = f"Giv en prik til: {IDEA_B}"
        tablet_a.get_by_role("button", name=give_b).click()
        tablet_a.get_by_text("4 af 5 prikker tilbage").wait_for()
        tablet_a.get_by_role("button", name=give_b).click()
        tablet_a.get_by_text("3 af 5 prikker tilbage").wait_for()
        tablet_b.get_by_role("button", name=give_b).click()
        tablet_b.get_by_text("4 af 5 prikker tilbage").wait_for()
        tablet_b.get_by_role("button", name=f"Giv en prik til: {IDEA_A}").click()
        tablet_b.get_by_text("3 af 5 prikker tilbage").wait_for()
        # Taking a dot back gives it back.
        tablet_b.get_by_role("button", name=f"Tag en prik tilbage fra: {IDEA_A}").click()
        tablet_b.get_by_text("4 af 5 prikker tilbage").wait_for()
        # Votes are hidden until the reveal: no counts on the tablets.
        assert tablet_a.get_by_text(re.compile(r"prikker fra \d+ person")).count() == 0

        _console_click(facilitator, "Videre: Resultater")
        tablet_a.get_by_text("3 prikker fra 2 personer").wait_for(timeout=LIVE)
        # Support by stakeholder group is part of the reveal.
        tablet_a.get_by_text("Borger 2 · Forening 1").wait_for()
        tablet_b.get_by_text("#1").wait_for(timeout=LIVE)
        first_card = tablet_b.locator("li.sb-card").first
        assert IDEA_B in first_card.inner_text()

        facilitator.get_by_role("tab", name="Resultater").click()
        results = facilitator.locator("[data-testid='stDataFrame']").last
        results.wait_for()
        facilitator.wait_for_timeout(500)
        facilitator.screenshot(path=str(request.config.rootpath / "test-artifacts" / "console-results.png"))
        tablet_a.screenshot(
            path=str(request.config.rootpath / "test-artifacts" / "tablet-results.png"), full_page=True
        )
    except Exception:
        for i, context in enumerate(contexts):
            (request.config.rootpath / "test-artifacts").mkdir(exist_ok=True)
            context.pages[0].screenshot(
                path=str(request.config.rootpath / "test-artifacts" / f"workshop-{i}.png")
            )
        raise
    finally:
        for context in contexts:
            context.close()
