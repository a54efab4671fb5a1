"""A participant joins in Nynorsk on a real tablet: the join form, the board, its counts.

The counts on the board are chosen in the browser by Intl.PluralRules("nn") and written by
Intl.NumberFormat("nn"); this checks Chromium knows Nynorsk as CLDR does.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, ViewportSize

import i18n
from db.session import session_scope
from services.admin.permissions import SYSTEM
from services.workshop import ideas, participants, votes, workshops
from tests.e2e.conftest import ARTIFACTS, Server, wait_ready
from tests.factories import make_workshop

pytestmark = pytest.mark.e2e

NN = i18n.catalogue("nn")
TABLET: ViewportSize = {"width": 820, "height": 1180}
SHOTS = ARTIFACTS / "nynorsk"


def _voting_workshop(server: Server) -> tuple[int, str]:
    """A workshop in the vote phase with two ideas: one with 3 dots from 2 people, one with 1."""
    with session_scope(server.database_url) as s:
        w = make_workshop(s, phase="collect", title="Bygdetunet", themes=["Møtestader", "Transport"])
        ola, _ = participants.join(s, w.code, stakeholder_group="citizen")
        kari, _ = participants.join(s, w.code, stakeholder_group="volunteer")
        bench = ideas.add_idea(s, ola, theme_id=w.themes[0].id, title="Benkar langs elva")
        bus = ideas.add_idea(s, kari, theme_id=w.themes[1].id, title="Kveldsbuss til sentrum")
        w.phase = "vote"
        s.flush()
        votes.add_dot(s, ola.id, bench.id)
        votes.add_dot(s, kari.id, bench.id)
        votes.add_dot(s, kari.id, bench.id)
        votes.add_dot(s, ola.id, bus.id)
        return w.id, w.code


def test_joining_in_nynorsk_shows_a_nynorsk_board(browser: Browser, server: Server):
    workshop_id, code = _voting_workshop(server)
    context = browser.new_context(viewport=TABLET, locale="nn-NO")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(f"{server.url}/?code={code}&lang=nn")
        page.get_by_role("heading", name="Bygdetunet").wait_for()
        # Set by the page's own script once it runs, a moment after the first heading.
        page.wait_for_function("document.documentElement.lang === 'nn'", timeout=10_000)
        page.get_by_text(NN["field.take_part_as"]).wait_for()
        page.get_by_role("radio", name=NN["group.citizen"]).click()
        page.get_by_role("button", name=NN["join.submit"], exact=True).click()

        page.locator(".sb-phase").filter(has_text=NN["phase.vote"]).wait_for(timeout=15_000)
        page.get_by_text("Benkar langs elva", exact=True).first.wait_for()
        wait_ready(page)
        # The board's run sends no document script (components/document.py): what the join
        # page's run set stays, and Streamlit's words drawn since are in Nynorsk too.
        assert page.evaluate("document.documentElement.lang") == "nn"
        page.locator(f"[aria-label='{NN['streamlit.open']}']").first.wait_for()
        # Counted in the browser: dots left, "5 av 5 prikkar att".
        page.get_by_text(re.compile(r"^\d+ av \d+ prikkar att$")).first.wait_for()
        # The reveal: each idea's score, counted in the browser.
        with session_scope(server.database_url) as s:
            workshops.move_phase(s, workshop_id, "results", by_user_id=SYSTEM)
        page.locator(".sb-phase").filter(has_text=NN["phase.results"]).wait_for(timeout=15_000)
        page.get_by_text("3 prikkar frå 2 personar").first.wait_for()
        page.get_by_text("1 prikk frå 1 person").first.wait_for()
        page.get_by_text(re.compile("^" + NN["board.all_ideas"])).first.wait_for()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "board-nn-820x1180.png"))
    finally:
        context.close()
