"""Open Space on a tablet, after the marketplace: a convener writes their session's report
(notes, ideas, next steps, who was there), which the console, the proceedings PDF and the
board then show, the ideas with their lineage; and a proposer withdraws a session, which
the other tablet sees go."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pypdf import PdfReader
from sqlalchemy import select

import i18n
from db.models import Process
from db.session import read_scope, session_scope
from services.admin.permissions import SYSTEM
from services.workshop import new_workshops, participants, workshops
from services.workshop.open_space import grid, market, view
from tests.e2e.accessibility import check_page
from tests.e2e.conftest import ARTIFACTS, main_text, wait_ready
from tests.e2e.test_ideas_to_action import _pick
from tests.e2e.test_login_and_join import _sign_in

pytestmark = pytest.mark.e2e

DA = i18n.catalogue("da")
SHOTS = ARTIFACTS / "open-space"
TABLET: ViewportSize = {"width": 820, "height": 1180}
TOPIC = "Fællesspisning i forsamlingshuset – hvem laver maden?"
NOTES = "Vi var enige om at starte i det små:\nén aften om måneden, <b>frivillige</b> kokke."
IDEAS = ("Suppeaften den første torsdag", "Madklub med **skoleelever**")
NEXT_STEPS = "Karen spørger forsamlingshusets bestyrelse inden 1. marts."


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _space(server, title: str) -> tuple[int, int, list[int], list[str]]:
    """A workshop in collect with Open Space on, one slot and two rooms; Karen's and Ali's tokens."""
    with session_scope(server.database_url) as s:
        w = new_workshops.create_workshop(
            s, process_id=server.demo.process_id, title=title, themes=[], by_user_id=SYSTEM
        )
        workshops.move_phase(s, w.id, "collect", by_user_id=SYSTEM)
        grid.switch_open_space(s, w.id, True, by_user_id=SYSTEM)
        slot = grid.add_slot(s, w.id, "13.00", "13.45", by_user_id=SYSTEM)
        rooms = [grid.add_room(s, w.id, name, by_user_id=SYSTEM) for name in ("Salen", "Køkkenet")]
        tokens = [
            participants.join(s, w.code, stakeholder_group=g, display_name=n)[1]
            for g, n in (("citizen", "Karen"), ("volunteer", "Ali"))
        ]
        return w.id, slot, rooms, tokens


def _propose_and_place(server, token: str, topic: str, slot: int | None, room: int | None) -> int:
    with session_scope(server.database_url) as s:
        held = market.propose_session(s, participants.participant_by_token(s, token), topic)
        if slot is not None:
            grid.place_session(s, held, slot, room, by_user_id=SYSTEM)
        return held


def _tablet(browser: Browser, server, token: str) -> Page:
    page = browser.new_context(viewport=TABLET, locale="da-DK", has_touch=True).new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{server.url}/workshop?p={token}")
    page.get_by_role("heading", name=DA["open_space.title"]).wait_for()
    wait_ready(page)
    return page


def test_a_convener_writes_the_report_and_the_proceedings_and_the_board_show_it(browser, server, desktop):
    workshop_id, slot, (hall, _), (karen, _) = _space(server, "Referatdag")
    held = _propose_and_place(server, karen, TOPIC, slot, hall)
    tablet = _tablet(browser, server, karen)
    try:
        tablet.get_by_text(DA["open_space.report"], exact=True).click()
        form = tablet.locator(f".st-key-os_report_{held}, [data-testid='stForm']").filter(
            has=tablet.get_by_role("button", name=DA["open_space.save_report"])
        )
        form.get_by_label(DA["open_space.notes"], exact=True).fill(NOTES)
        form.get_by_label(DA["open_space.ideas"], exact=True).fill("\n".join(IDEAS))
        form.get_by_label(DA["open_space.next_steps"], exact=True).fill(NEXT_STEPS)
        for group, people in (("citizen", "6"), ("volunteer", "2")):
            box = form.get_by_label(DA[f"group.{group}"], exact=True)
            box.fill(people)
            box.press("Tab")
        check_page(tablet, title=DA["nav.workshop"], participant=True)
        _shot(tablet, "tablet-report-form")
        form.get_by_role("button", name=DA["open_space.save_report"]).click()

        # The ideas are on the board, each card saying which session it came from.
        for idea in IDEAS:
            card = tablet.locator("li.sb-card", has=tablet.get_by_role("heading", name=idea, exact=True))
            expect(card).to_contain_text(DA["board.from_session"].format(topic=TOPIC))
        card.scroll_into_view_if_needed()
        _shot(tablet, "tablet-board-lineage")
        # No way to withdraw a session that has its report.
        expect(tablet.locator(f".st-key-os_withdraw_{held} button")).to_have_count(0)
        with read_scope(server.database_url) as s:
            [report] = view.reports(s, workshop_id=workshop_id)
        assert (report.notes, report.next_steps, report.attendance) == (
            NOTES,
            NEXT_STEPS,
            {"citizen": 6, "volunteer": 2},
        )
        assert report.ideas == IDEAS
        wait_ready(tablet)
        check_page(tablet, title=DA["nav.workshop"], participant=True)
        _shot(tablet, "tablet-report-saved")
    finally:
        tablet.context.close()

    # The console's Open Space tab lists the report, literally.
    _sign_in(desktop, server, "facilitator", "demo-facilitator-2026")
    desktop.goto(f"{server.url}/console?w={workshop_id}")
    desktop.get_by_role("tab", name=DA["open_space.tab"]).click()
    desktop.get_by_role("heading", name=DA["open_space.reports"]).wait_for()
    wait_ready(desktop)
    desktop.locator("[data-testid='stExpander'] summary").filter(has_text=TOPIC).click()
    present = DA["open_space.present"].format(groups="Borger: 6 · Frivillig: 2")
    desktop.get_by_text(present).wait_for()
    shown = main_text(desktop)
    for line in [*NOTES.splitlines(), NEXT_STEPS, *IDEAS]:
        assert line in shown, line
    _shot(desktop, "console-report")

    # The proceedings on the catalogue page, and their PDF.
    desktop.goto(f"{server.url}/catalogue")
    desktop.get_by_role("heading", name=DA["nav.catalogue"]).first.wait_for()
    wait_ready(desktop)
    with read_scope(server.database_url) as s:
        process_title = s.scalar(select(Process.title).where(Process.id == server.demo.process_id))
    _pick(desktop, DA["field.process"], process_title)
    wait_ready(desktop)
    desktop.get_by_role("heading", name=DA["open_space.proceedings"]).wait_for()
    with desktop.expect_download() as info:
        desktop.get_by_role("button", name=DA["open_space.download_proceedings"]).click()
    pdf = PdfReader(io.BytesIO(Path(info.value.path()).read_bytes()))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    for words in (TOPIC, NEXT_STEPS, *IDEAS, *NOTES.splitlines(), present):
        assert " ".join(words.split()) in text, words
    _shot(desktop, "catalogue-proceedings")


def test_a_proposer_withdraws_their_session_and_the_other_tablet_sees_it_go(browser, server):
    _, slot, (hall, kitchen), (karen, ali) = _space(server, "Markedsdag med fortrydelse")
    chosen = _propose_and_place(server, karen, "Gåture langs åen", slot, kitchen)
    going = "Brætspil på biblioteket"
    withdrawn = _propose_and_place(server, karen, going, slot, hall)
    mine, theirs = _tablet(browser, server, karen), _tablet(browser, server, ali)
    try:
        theirs.locator(f".st-key-os_pick_{slot}_{chosen} button").first.click()
        theirs.locator(f".st-key-os_drop_{slot}_{chosen} button").first.wait_for()
        expect(theirs.get_by_text(going, exact=False)).to_be_visible()
        # Someone chose the walk: Karen is told why she cannot take it back, and whom to ask.
        mine.locator(f".st-key-os_withdraw_{chosen} button").first.click()
        box = mine.locator(f".st-key-os_withdraw_box_{chosen}")
        expect(box).to_contain_text(i18n.plurals("da")["open_space.withdraw_chosen"]["one"].format(count=1))
        expect(box.get_by_role("button", name=DA["open_space.withdraw_yes"])).to_have_count(0)
        box.get_by_role("button", name=DA["open_space.withdraw_cancel"]).click()
        expect(box).to_have_count(0)

        # Nobody chose the board games: she withdraws it, after confirming.
        mine.locator(f".st-key-os_withdraw_{withdrawn} button").first.click()
        box = mine.locator(f".st-key-os_withdraw_box_{withdrawn}")
        expect(box).to_contain_text(DA["open_space.withdraw_confirm"].format(topic=going))
        check_page(mine, title=DA["nav.workshop"], participant=True)
        _shot(mine, "tablet-withdraw-confirm")
        box.get_by_role("button", name=DA["open_space.withdraw_yes"]).click()
        # Said under the marketplace's heading, above its programme, where she tapped.
        said = mine.get_by_text(DA["open_space.withdrawn"])
        said.wait_for()
        wait_ready(mine)  # measured once the run is drawn, not while old and new elements mix
        programme = mine.get_by_role("heading", name=DA["open_space.grid"])
        said_at, programme_at = said.bounding_box(), programme.bounding_box()
        assert said_at and programme_at and said_at["y"] < programme_at["y"]
        expect(mine.get_by_text(going)).to_have_count(0)
        # The other tablet follows without a reload; the walk is still there.
        expect(theirs.get_by_text(going)).to_have_count(0, timeout=15_000)
        expect(theirs.locator(f".st-key-os_drop_{slot}_{chosen} button").first).to_be_visible()
        _shot(theirs, "tablet-after-withdrawal")
    finally:
        for page in (mine, theirs):
            page.context.close()
