"""Real tablets in Chromium learn of a change by push within a second, and poll when push fails.

Propagation is timed from the tap on "Tilføj idé" on one tablet to the idea's card on the
other, the figure recorded in docs/performance.md.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Request

from db.session import session_scope
from services.workshop import ideas, participants
from tests.e2e.conftest import TABLET, Server
from tests.factories import make_workshop

pytestmark = pytest.mark.e2e

SHOTS = Path("/work/shots/push")


def _workshop(server: Server) -> str:
    with session_scope(server.database_url) as s:
        return make_workshop(s, phase="collect", title="Havestuen", themes=["Mødesteder"]).code


def _join(server: Server, code: str) -> str:
    with session_scope(server.database_url) as s:
        return participants.join(s, code, stakeholder_group="citizen")[1]


def _tablet(
    browser: Browser, server: Server, token: str, *, block_push: bool = False
) -> tuple[Page, list[str]]:
    """A tablet's board, and the paths of the board requests it makes from then on."""
    page = browser.new_context(viewport=TABLET, locale="da-DK").new_page()
    page.set_default_timeout(20_000)
    asked: list[str] = []

    def note(request: Request) -> None:
        if "/api/board/" in request.url:
            asked.append(request.url.rsplit("/", 1)[1])

    page.on("request", note)
    if block_push:
        page.route("**/api/board/*/events", lambda route: route.abort())
    page.goto(f"{server.url}/workshop?p={token}")
    page.get_by_role("heading", name="Havestuen").wait_for()
    return page, asked


def test_two_tablets_see_each_others_ideas_by_push_within_a_second(browser: Browser, server: Server):
    code = _workshop(server)
    (a, asked_a), (b, asked_b) = (_tablet(browser, server, _join(server, code)) for _ in range(2))
    try:
        # Both hold the push response and have heard from it: their timers stop polling.
        for page in (a, b):
            page.get_by_label("Din idé med få ord", exact=True).wait_for()
        b.wait_for_timeout(2_000)
        quiet_from = len(asked_b)
        # Playwright hands over the requests seen while the test waits through it.
        b.wait_for_timeout(4_500)
        assert asked_b[quiet_from:].count("version") <= 1, asked_b[quiet_from:]
        took = []
        for n, (author, reader) in enumerate([(a, b), (b, a), (a, b), (b, a)]):
            title = f"Skygge ved bænkene {n}"
            author.get_by_label("Din idé med få ord", exact=True).fill(title)
            tapped = time.monotonic()
            author.get_by_role("button", name="Tilføj idé").click()
            reader.get_by_role("heading", name=title, exact=True).wait_for(timeout=5_000)
            took.append(time.monotonic() - tapped)
            author.get_by_text("Din idé er på tavlen.").wait_for()
            reader.wait_for_timeout(500)
        print(f"from the tap to the other tablet: {', '.join(f'{t:.2f}' for t in took)} s")
        # Polling every 1.5 s would average about a second on top of the author's own run.
        assert statistics.median(took) < 1.0, took
        assert max(took) < 1.5, took
        assert asked_a.count("events") == 1 and asked_b.count("events") == 1
        SHOTS.mkdir(parents=True, exist_ok=True)
        b.screenshot(path=str(SHOTS / "pushed-idea.png"))
    finally:
        for page in (a, b):
            page.context.close()


def test_a_tablet_whose_push_fails_polls_instead(browser: Browser, server: Server):
    code = _workshop(server)
    token, other = _join(server, code), _join(server, code)
    page, asked = _tablet(browser, server, token, block_push=True)
    try:
        with session_scope(server.database_url) as s:
            me = participants.participant_by_token(s, other)
            ideas.add_idea(s, me, theme_id=me.workshop.themes[0].id, title="Lys på stien")
        added = time.monotonic()
        page.get_by_role("heading", name="Lys på stien", exact=True).wait_for(timeout=3_000)
        assert time.monotonic() - added < 3.0
        polled_from = len(asked)
        page.wait_for_timeout(3_200)
        assert asked[polled_from:].count("version") >= 2  # every 1.5 s, as before push
        assert "events" in asked  # it did try
        # No "offline" warning: a failing push is not a lost connection.
        assert not page.get_by_text("Ingen forbindelse").is_visible()
    finally:
        page.context.close()
