"""The participant's page follows the room through the board's push, with no timer of its own.

An idle tablet asks for no script run at all; when the facilitator opens a matrix, switches
Open Space on or closes the workshop, the board sees it in the snapshot the push brings and
asks for one run of the page, which then shows the sliders, the marketplace or the link to
what became of the ideas. Times are from the change's commit to the section on screen.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, Locator, Page

import i18n
from db.session import session_scope
from services.action import curation
from services.admin.permissions import SYSTEM
from services.workshop import ideas, matrices, participants, workshops
from services.workshop.open_space import grid
from tests.e2e.accessibility import check_page
from tests.e2e.conftest import ARTIFACTS, TABLET, Server, script_runs, wait_ready
from tests.factories import make_workshop

pytestmark = pytest.mark.e2e

SHOTS = ARTIFACTS / "page-facts"
DA = i18n.catalogue("da")
TITLE = "Havestuen <b>i aften</b>"
IDEAS = ("Bænke ved søen", "Flere cykelstativer")
# The push tells the board within a second; the page's run follows.
WITHIN_MS = 5_000


def _workshop(server: Server) -> tuple[int, str, list[int]]:
    """A collecting workshop whose process publishes its outcomes; (id, a token, the ideas)."""
    with session_scope(server.database_url) as s:
        w = make_workshop(s, phase="collect", title=TITLE, themes=["Mødesteder"])
        curation.set_published(s, w.process_id, True, by_user_id=SYSTEM)
        me, token = participants.join(s, w.code, stakeholder_group="citizen")
        made = [ideas.add_idea(s, me, theme_id=w.themes[0].id, title=title).id for title in IDEAS]
        return w.id, token, made


def _shows_within(page: Page, section: Locator, since: float) -> float:
    section.wait_for(timeout=WITHIN_MS)
    return time.monotonic() - since


def test_an_idle_tablet_runs_nothing_and_its_page_follows_matrix_open_space_and_close(
    browser: Browser, server: Server
):
    workshop_id, token, made = _workshop(server)
    page = browser.new_context(viewport=TABLET, locale="da-DK", has_touch=True).new_page()
    page.set_default_timeout(20_000)
    runs = script_runs(page)
    matrix = page.locator(".st-key-matrix_tablet")
    market = page.get_by_role("heading", name=DA["open_space.title"], exact=True)
    link = page.get_by_role("link", name=DA["participant.what_happened"])
    try:
        page.goto(f"{server.url}/workshop?p={token}")
        page.get_by_role("heading", name=TITLE, exact=True).wait_for()
        page.get_by_role("heading", name=IDEAS[0], exact=True).wait_for()
        wait_ready(page)
        page.wait_for_timeout(1_000)
        assert matrix.count() == 0 and market.count() == 0 and link.count() == 0

        # (a) Nothing open: over ten idle seconds the page asks for no run, not even a fragment's.
        idle_from = len(runs)
        page.wait_for_timeout(10_000)
        assert runs[idle_from:] == [], runs[idle_from:]

        took = {}
        # (b) The facilitator opens a matrix: the sliders come, by one run of the page.
        before = len(runs)
        with session_scope(server.database_url) as s:
            view = matrices.open_matrix(s, workshop_id, made, kind="impact_effort", by_user_id=SYSTEM)
        took["matrix opened"] = _shows_within(page, matrix, time.monotonic())
        matrix.get_by_role("slider").nth(2 * len(IDEAS) - 1).wait_for()
        wait_ready(page)
        assert runs[before:] == ["rerun"], runs[before:]
        # The whole participant bar, the sliders' 44 px targets included.
        check_page(page, title=DA["nav.workshop"], participant=True)
        SHOTS.mkdir(parents=True, exist_ok=True)
        matrix.screenshot(path=str(SHOTS / "matrix-opened.png"))
        # Saving the places runs only the matrix's fragment, and asks for no page run after.
        matrix.get_by_role("button", name=DA["matrix.save"]).click()
        matrix.get_by_text("Gemt", exact=False).wait_for()
        wait_ready(page)

        # ... and closes it: the sliders go.
        with session_scope(server.database_url) as s:
            matrices.close_matrix(s, view.id, by_user_id=SYSTEM)
        since = time.monotonic()
        matrix.wait_for(state="detached", timeout=WITHIN_MS)
        took["matrix closed"] = time.monotonic() - since

        # Open Space switched on mid-workshop: the marketplace, without a reload.
        with session_scope(server.database_url) as s:
            grid.switch_open_space(s, workshop_id, True, by_user_id=SYSTEM)
        took["open space on"] = _shows_within(page, market, time.monotonic())
        market.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "open-space-on.png"))
        # ... and off again (its grid has a timer of its own while it shows): it goes.
        with session_scope(server.database_url) as s:
            grid.switch_open_space(s, workshop_id, False, by_user_id=SYSTEM)
        since = time.monotonic()
        market.wait_for(state="detached", timeout=WITHIN_MS)
        took["open space off"] = time.monotonic() - since

        # (c) The close: the process publishes its outcomes, so the link to them comes.
        with session_scope(server.database_url) as s:
            workshops.move_phase(s, workshop_id, "closed", by_user_id=SYSTEM)
        took["closed"] = _shows_within(page, link, time.monotonic())
        wait_ready(page)
        check_page(page, title=DA["nav.workshop"], participant=True)
        page.screenshot(path=str(SHOTS / "closed-link.png"), full_page=True)
        print("from the change to the page: " + ", ".join(f"{k} {v:.2f} s" for k, v in took.items()))

        # Drawn with the facts it has, the page rests again: no run for ten more seconds.
        rest_from = len(runs)
        page.wait_for_timeout(10_000)
        assert runs[rest_from:] == [], runs[rest_from:]
        assert link.count() == 1 and market.count() == 0
    finally:
        page.context.close()
