"""The knowledge base on a participant's screen, on a tablet and a phone: the process's
facts, figures, links, files and dialogue questions, before the workshop starts and while
it runs; every title, text and address shown literally, a link offered only as itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

import i18n
from db.session import session_scope
from services.admin.permissions import SYSTEM
from services.workshop import knowledge as knowledge_base
from services.workshop import new_workshops, participants, processes, workshops
from tests.e2e.accessibility import check_page
from tests.e2e.conftest import ARTIFACTS, main_text, wait_ready

pytestmark = pytest.mark.e2e

DA = i18n.catalogue("da")
SHOTS = ARTIFACTS / "knowledge"
TABLET: ViewportSize = {"width": 820, "height": 1180}
PHONE: ViewportSize = {"width": 390, "height": 844}
HOSTILE = "<b>x</b> [a](http://e)"
URL = "https://www.dst.dk/da/Statistik/emner/borgere/husstande-familier-og-boern"
FILE_NAME = "Ensomhed i tal <i>2025</i>.txt"
FILE_DATA = "Hver tiende over 75 føler sig ofte alene.\n".encode()
# (kind, title, body, url): what the participant must see, literally.
ITEMS = (
    ("fact", HOSTILE, "Ensomhed rammer **hårdest** efter et tab. <img src=x onerror=alert(1)>", ""),
    ("figure", "12 % af de 65+ årige føler sig ensomme", "Kilde: [Sundhedsprofilen](http://e) 2023", ""),
    ("link", f"Danmarks Statistik {HOSTILE}", "Tal om husstande og familier.", URL),
    ("file", "Faktaark", "Til at printe og tage med.", ""),
    ("question", f"Hvem mangler vi at høre? {HOSTILE}", "", ""),
    ("question", "Hvad får dig ud ad døren en grå tirsdag?", "", ""),
)


def _process_and_workshop(server) -> tuple[int, str]:
    """A process of its own (the hostile titles stay out of the demo's) with its knowledge base,
    and a workshop of it that has not started; (workshop id, code)."""
    with session_scope(server.database_url) as s:
        process = processes.create_process(s, title="Viden før og under værkstedet", by_user_id=SYSTEM)
        for kind, title, body, url in ITEMS:
            is_file = kind == "file"
            knowledge_base.add_item(
                s, process.id, kind=kind, title=title, body=body, url=url,
                file_name=FILE_NAME if is_file else "", file_data=FILE_DATA if is_file else None,
                by_user_id=SYSTEM,
            )  # fmt: skip
        w = new_workshops.create_workshop(
            s, process_id=process.id, title="Vidensværksted", themes=[], by_user_id=SYSTEM
        )
        return w.id, w.code


def _token(server, code: str, name: str) -> str:
    with session_scope(server.database_url) as s:
        return participants.join(s, code, stakeholder_group="citizen", display_name=name)[1]


def _open_knowledge(page: Page) -> None:
    page.get_by_text(DA["knowledge.title"], exact=True).click()
    page.get_by_text(DA["knowledge.questions"], exact=True).wait_for()
    wait_ready(page)


def _assert_literal(page: Page, where: str) -> None:
    shown = main_text(page).replace("\u2060", "")  # the word joiner that stops autolinking is invisible
    for _, title, body, url in ITEMS:
        for text in (title, *body.splitlines(), url):
            assert text in shown, (where, text)
    expect(page.get_by_text(DA["knowledge.kind_figure"], exact=True)).to_be_visible()
    main = page.locator("[data-testid='stMain']")
    # No markup made of the text: no bold "x", no link to "e", no image.
    assert "x" not in main.locator("b, strong").evaluate_all("els => els.map(e => e.textContent.trim())"), (
        where
    )
    hosts = main.locator("a").evaluate_all("els => els.map(a => a.hostname)")
    assert "e" not in hosts, (where, hosts)
    assert main.locator("img[src='x'], img[onerror]").count() == 0, where
    # The link's button goes to its address, and only there.
    link = main.get_by_role("link", name=DA["knowledge.open_link"])
    expect(link).to_have_attribute("href", URL)
    assert [h for h in hosts if h and h != "127.0.0.1"] == ["www.dst.dk"], (where, hosts)


def _participant(browser: Browser, server, viewport: ViewportSize, token: str) -> Page:
    page = browser.new_context(viewport=viewport, locale="da-DK", has_touch=True).new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{server.url}/workshop?p={token}")
    page.get_by_role("heading", name="Vidensværksted").wait_for()
    wait_ready(page)
    return page


def test_a_participant_reads_the_knowledge_base_before_and_during_the_workshop(browser, server):
    workshop_id, code = _process_and_workshop(server)
    tablet = _participant(browser, server, TABLET, _token(server, code, "Karen"))
    phone = _participant(browser, server, PHONE, _token(server, code, "Ali"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        # Before: the workshop has not started, and the room's homework is there.
        for page, name in ((tablet, "tablet"), (phone, "phone")):
            _open_knowledge(page)
            _assert_literal(page, f"{name} before")
            check_page(page, title=DA["nav.workshop"], participant=True)
            page.get_by_text(DA["knowledge.questions"], exact=True).scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / f"{name}-before.png"), full_page=True)

        # The file comes down as it was put up.
        download = tablet.get_by_role("button", name=DA["knowledge.download"].format(name=FILE_NAME))
        download.scroll_into_view_if_needed()
        wait_ready(tablet)
        tablet.screenshot(path=str(SHOTS / "tablet-download.png"))
        with tablet.expect_download() as info:
            download.click()
        assert Path(info.value.path()).read_bytes() == FILE_DATA

        # During: the facilitator starts collecting ideas; the knowledge is still there.
        with session_scope(server.database_url) as s:
            workshops.move_phase(s, workshop_id, "collect", by_user_id=SYSTEM)
        for page, name in ((tablet, "tablet"), (phone, "phone")):
            page.reload()
            page.locator(".sb-phase").filter(has_text=DA["phase.collect"]).wait_for()
            wait_ready(page)
            _open_knowledge(page)
            _assert_literal(page, f"{name} during")
            check_page(page, title=DA["nav.workshop"], participant=True)
            page.get_by_text(DA["knowledge.title"], exact=True).scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / f"{name}-during.png"), full_page=True)
    finally:
        for page in (tablet, phone):
            page.context.close()
