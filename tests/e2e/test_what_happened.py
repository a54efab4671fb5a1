"""What participants' say is worth, and what became of their ideas, as a participant meets it.

The level of influence and its promise at join, on the board and on the projector; after the
close, the board's link to the public page, which lists every idea of the workshop with its
outcome. Screenshots go to test-artifacts/outcomes.
"""

import pytest
from playwright.sync_api import Browser, Page, ViewportSize
from sqlalchemy import select

from db.models import Process, Theme
from db.session import read_scope, session_scope
from demo.outcomes import PROCESS_PROMISE, WORKSHOP_PROMISE
from services.action import curation, idea_outcomes, outcome_notices
from services.admin.permissions import SYSTEM
from services.workshop import ideas, influence, new_workshops, participants, processes, workshops
from tests.e2e.conftest import ARTIFACTS, main_text, wait_ready

pytestmark = pytest.mark.e2e

SHOTS = ARTIFACTS / "outcomes"
TABLET: ViewportSize = {"width": 820, "height": 1180}
DESKTOP: ViewportSize = {"width": 1440, "height": 900}
PROJECTOR: ViewportSize = {"width": 1920, "height": 1080}
LINK = "Se hvad der skete med jeres idéer"

# User text that markdown or HTML would change: it must come out character for character.
PROCESS_TITLE = "Udfald <i>på</i> prøve"
WORKSHOP_TITLE = "Værksted **Udfald**"
PROMISE = "Vi <b>lover</b> at svare *alle* senest [1. marts](https://example.org)."
DECLINED = "Bænke med <b>snakkeskilt</b>"
REASON = "Se [kortet](https://example.org) – *ikke* nu"
PENDING = "Lektiehjælp # fra pensionister"
HIDDEN = "En skjult idé om noget andet"


def _open(browser: Browser, viewport: ViewportSize) -> Page:
    page = browser.new_context(viewport=viewport, locale="da-DK").new_page()
    page.set_default_timeout(20_000)
    return page


def _seen(text: str) -> str:
    """Text as a reader sees it: literal() splits typed addresses with an invisible word joiner."""
    return text.replace("\u2060", "")


def _shot(page: Page, name: str, *, full_page: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or DESKTOP
    if full_page:
        # Streamlit scrolls inside its main area, not the document: the window grows to show it all.
        height = page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
        page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    page.wait_for_timeout(800)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size(size)


def _closed_workshop(server) -> tuple[str, int, str]:
    """A process of its own (the demo's public page stays as it is) whose one workshop is closed
    with outcomes published: one idea not taken forward, one pending, one hidden by moderation.
    The slug, the workshop and a participant's token."""
    with session_scope(server.database_url) as s:
        process = processes.create_process(s, title=PROCESS_TITLE, by_user_id=SYSTEM)
        curation.set_published(s, process.id, True, by_user_id=SYSTEM)
        influence.set_process_influence(s, process.id, level="involve", promise=PROMISE, by_user_id=SYSTEM)
        w = new_workshops.create_workshop(
            s, process_id=process.id, title=WORKSHOP_TITLE, themes=["Tema *ét*"], by_user_id=SYSTEM
        )
        workshops.move_phase(s, w.id, "collect", by_user_id=SYSTEM)
        me, token = participants.join(s, w.code, stakeholder_group="citizen")
        theme = s.scalar(select(Theme.id).where(Theme.workshop_id == w.id))
        declined, _pending, hidden = (
            ideas.add_idea(s, me, theme_id=theme, title=title).id for title in (DECLINED, PENDING, HIDDEN)
        )
        ideas.hide_idea(s, hidden, hidden=True, reason="Uden for emnet", by_user_id=SYSTEM)
        workshops.move_phase(s, w.id, "closed", by_user_id=SYSTEM)
        idea_outcomes.decide(
            s, w.id, [declined], decision="not_taken_forward", reason=REASON, by_user_id=SYSTEM
        )
        outcome_notices.publish_outcomes(s, w.id, link=lambda slug, wid: "", mail=None, by_user_id=SYSTEM)
        return process.public_slug, w.id, token


def test_a_closed_board_links_to_what_became_of_every_idea(browser, server):
    slug, workshop_id, token = _closed_workshop(server)
    tablet = _open(browser, TABLET)
    try:
        tablet.goto(f"{server.url}/workshop?p={token}")
        link = tablet.get_by_role("link", name=LINK)
        link.wait_for()
        wait_ready(tablet)
        assert f"follow={slug}&workshop={workshop_id}" in (link.get_attribute("href") or "")
        # The promise stays on the board after the close, literally.
        text = _seen(main_text(tablet))
        assert "Jeres indflydelse: Inddrage" in text and PROMISE in text
        _shot(tablet, "participant-link-tablet")
        with tablet.context.expect_page() as opened:
            link.click()
        public = opened.value
        public.set_default_timeout(20_000)
        section = public.locator(f".st-key-outcomes_workshop_{workshop_id}")
        section.wait_for()
        wait_ready(public)
        shown = _seen(section.inner_text())
        assert WORKSHOP_TITLE in shown
        assert DECLINED in shown and f"Ikke ført videre: {REASON}" in shown
        assert PENDING in shown and "Ikke besluttet endnu" in shown
        assert "Tema *ét*" in shown
        assert HIDDEN not in main_text(public)
        assert "Udfaldet af dette værksted er ikke endeligt endnu." not in shown
        # The level and the promise, once: the workshop follows the process, so it does not repeat them.
        page_text = _seen(main_text(public))
        assert PROCESS_TITLE in page_text
        assert page_text.count("Jeres indflydelse: Inddrage") == 1 and page_text.count(PROMISE) == 1
        assert "Jeres idéer former mulighederne" in page_text
        # Nothing the users wrote became a link or markup.
        assert public.locator("[data-testid='stMain'] a[href='https://example.org']").count() == 0
        assert public.locator("[data-testid='stMain'] b, [data-testid='stMain'] i").count() == 0
    finally:
        tablet.context.close()


def test_the_demo_public_page_gives_every_idea_an_outcome(browser, server):
    with read_scope(server.database_url) as s:
        slug = s.scalar(select(Process.public_slug).where(Process.id == server.demo.process_id))
        # The two idea workshops are closed and their outcomes published.
        held = {w: idea_outcomes.workshop_outcomes(s, w) for w in server.demo.workshop_ids[:-1]}
    page = _open(browser, DESKTOP)
    try:
        page.goto(f"{server.url}/?follow={slug}")
        page.get_by_role("heading", name="Hvad der skete med hver idé").wait_for()
        wait_ready(page)
        assert PROCESS_PROMISE in main_text(page)
        for workshop_id, outcomes in held.items():
            shown = page.locator(f".st-key-outcomes_workshop_{workshop_id}").inner_text()
            assert outcomes and all(o.title in shown for o in outcomes)
            assert "Ikke besluttet endnu" not in shown
            assert "Jeres indflydelse" not in shown  # as the process: said once, at the top
        # The concretising workshop offers more say than the process: its own level and promise.
        own = page.locator(f".st-key-outcomes_workshop_{server.demo.workshop_ids[-1]}").inner_text()
        assert "Jeres indflydelse: Samarbejde" in own and WORKSHOP_PROMISE in own
        _shot(page, "public-page-desktop", full_page=True)
    finally:
        page.context.close()


def test_the_level_and_promise_at_join_on_the_board_and_on_the_projector(browser, server):
    tablet = _open(browser, TABLET)
    projector = _open(browser, PROJECTOR)
    try:
        tablet.goto(f"{server.url}/?code={server.demo.open_workshop_code}")
        tablet.get_by_role("heading", name="Konkretiseringsværksted").wait_for()
        wait_ready(tablet)
        text = _seen(main_text(tablet))
        assert "Jeres indflydelse: Samarbejde" in text and WORKSHOP_PROMISE in text
        _shot(tablet, "join-level-tablet")
        tablet.get_by_role("radio", name="Borger").click()
        tablet.get_by_role("button", name="Deltag", exact=True).click()
        tablet.get_by_text("Du deltager som", exact=False).first.wait_for()
        wait_ready(tablet)
        text = _seen(main_text(tablet))
        assert "Jeres indflydelse: Samarbejde" in text and WORKSHOP_PROMISE in text
        assert tablet.get_by_role("link", name=LINK).count() == 0  # not before the close

        projector.goto(server.url)
        projector.get_by_label("Brugernavn", exact=True).fill("facilitator")
        projector.get_by_label("Adgangskode", exact=True).fill("demo-facilitator-2026")
        projector.get_by_role("button", name="Log ind").click()
        projector.get_by_role("heading", name="Overblik").wait_for()
        projector.goto(f"{server.url}/projector?w={server.demo.workshop_ids[-1]}")
        line = projector.locator(".st-key-projector_influence")
        line.wait_for()
        assert "Jeres indflydelse: Samarbejde" in line.inner_text() and WORKSHOP_PROMISE in line.inner_text()
        # Readable from the back of the room, like the projector's other help text.
        size = line.locator("p").first.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
        assert size >= 24
        _shot(projector, "projector-influence")
    finally:
        tablet.context.close()
        projector.context.close()
