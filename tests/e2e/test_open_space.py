"""Open Space in the browser: two tablets propose sessions and pick where to go (one changes
their mind); the projector shows the marketplace grid with the picks."""

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import select

from db.models import OpenSpaceSession, Process
from db.session import session_scope
from services.admin.permissions import SYSTEM
from services.workshop import new_workshops, participants, workshops
from services.workshop.open_space import grid
from tests.e2e.conftest import ARTIFACTS, main_text, script_runs, wait_ready

pytestmark = pytest.mark.e2e

SHOTS = ARTIFACTS / "openspace"
TABLET: ViewportSize = {"width": 820, "height": 1180}
PROJECTOR: ViewportSize = {"width": 1920, "height": 1080}
# The script runs each tablet asked for, told when a proposal does not show.
RUNS: dict[Page, list[str]] = {}
LONG_TOPIC = "Spisefællesskaber i landsbyerne – hvordan får vi dem, der sidder alene, med til bordet?"


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(600)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=name.startswith("tablet"))


def _space(server):
    """A workshop in collect with Open Space on: one slot, two rooms; two participants' tokens."""
    with session_scope(server.database_url) as s:
        process = s.scalar(select(Process.id).order_by(Process.id))
        w = new_workshops.create_workshop(
            s, process_id=process, title="Markedsdag", themes=[], by_user_id=SYSTEM
        )
        workshops.move_phase(s, w.id, "collect", by_user_id=SYSTEM)
        grid.switch_open_space(s, w.id, True, by_user_id=SYSTEM)
        slot = grid.add_slot(s, w.id, "10.00", "10.45", by_user_id=SYSTEM)
        rooms = [grid.add_room(s, w.id, name, by_user_id=SYSTEM) for name in ("Salen", "Haven")]
        tokens = [
            participants.join(s, w.code, stakeholder_group=g, display_name=n)[1]
            for g, n in (("citizen", "Karen"), ("volunteer", "Ali"))
        ]
        return w.id, slot, rooms, tokens


def _tablet(browser: Browser, server, token: str) -> Page:
    page = browser.new_context(viewport=TABLET, locale="da-DK").new_page()
    page.set_default_timeout(20_000)
    RUNS[page] = script_runs(page)
    page.goto(f"{server.url}/workshop?p={token}")
    page.get_by_role("heading", name="Markedsplads").wait_for()
    wait_ready(page)
    return page


def _propose(page: Page, topic: str, other: str | None = None) -> None:
    page.get_by_text("Foreslå en session", exact=True).click()
    page.get_by_role("textbox", name="Emne").fill(topic)
    if other:
        page.get_by_text("En anden", exact=True).click()
        page.get_by_role("textbox", name="Navn på den, der indkalder").fill(other)
    # Not mid-run: the page's grid redraws every 3 s (a submit in CI once never showed).
    wait_ready(page)
    page.get_by_role("button", name="Sæt på markedspladsen").click()
    # What stays: the topic on the marketplace (the confirmation itself is shown for a moment).
    try:
        page.get_by_text(topic).first.wait_for(timeout=30_000)
    except PlaywrightError:
        # Once in CI (never here, even on a loaded machine) the topic did not show: say what
        # the tablet showed and which runs it asked for, to tell a lost submit from a refusal.
        _shot(page, "propose-failed")
        said = f"runs asked since the tablet opened: {RUNS.get(page)}\n{main_text(page)}"
        raise AssertionError(said) from None


def _placed(server, workshop_id: int, slot: int, rooms: list[int]) -> list[int]:
    """The facilitator places the two proposals (the console's part is tested with AppTest)."""
    with session_scope(server.database_url) as s:
        held = s.scalars(
            select(OpenSpaceSession.id)
            .where(OpenSpaceSession.workshop_id == workshop_id)
            .order_by(OpenSpaceSession.id)
        ).all()
        for session_id, room in zip(held, rooms, strict=True):
            grid.place_session(s, session_id, slot, room, by_user_id=SYSTEM)
        return list(held)


def test_two_tablets_propose_and_pick_and_the_projector_shows_the_grid(browser, server):
    workshop_id, slot, rooms, (karen, ali) = _space(server)
    first, second = _tablet(browser, server, karen), _tablet(browser, server, ali)
    try:
        _propose(first, LONG_TOPIC)
        _propose(second, "Mandeværksted i den gamle smedje", other="Poul Andersen")
        meals, workshop_for_men = _placed(server, workshop_id, slot, rooms)
        # The grid follows without a reload (the fragment polls the marketplace's version).
        pick_meals = first.locator(f".st-key-os_pick_{slot}_{meals} button").first
        pick_meals.wait_for()
        pick_meals.click()
        expect(first.locator(f".st-key-os_drop_{slot}_{meals} button").first).to_be_visible()
        second.locator(f".st-key-os_pick_{slot}_{meals} button").first.click()
        second.locator(f".st-key-os_drop_{slot}_{meals} button").first.wait_for()
        # The law of two feet: Ali changes his mind (once the pick's run is over: a click on
        # a button the run is redrawing is lost under load).
        wait_ready(second)
        second.locator(f".st-key-os_pick_{slot}_{workshop_for_men} button").first.click()
        second.locator(f".st-key-os_drop_{slot}_{workshop_for_men} button").first.wait_for()
        expect(second.locator(f".st-key-os_pick_{slot}_{meals} button").first).to_be_visible()
        _shot(first, "tablet-karen")
        _shot(second, "tablet-ali")

        projector = browser.new_context(viewport=PROJECTOR, locale="da-DK").new_page()
        projector.set_default_timeout(20_000)
        projector.goto(server.url)
        projector.get_by_label("Brugernavn", exact=True).fill("facilitator")
        projector.get_by_label("Adgangskode", exact=True).fill("demo-facilitator-2026")
        projector.get_by_role("button", name="Log ind").click()
        projector.get_by_role("heading", name="Overblik").wait_for()
        projector.goto(f"{server.url}/projector?w={workshop_id}")
        topic = projector.locator(f".st-key-os_topic_{meals}")
        expect(topic).to_have_text(LONG_TOPIC)
        expect(projector.locator(f".st-key-os_who_{meals}")).to_contain_text("1 har valgt den")
        expect(projector.locator(f".st-key-os_who_{workshop_for_men}")).to_contain_text("Poul Andersen")
        expect(projector.locator(f".st-key-os_who_{workshop_for_men}")).to_contain_text("1 har valgt den")
        # Wrapped within its cell, not cut: the cell is no wider than the screen.
        box = topic.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PROJECTOR["width"]
        _shot(projector, "projector-grid")
    finally:
        for page in (first, second):
            page.context.close()
