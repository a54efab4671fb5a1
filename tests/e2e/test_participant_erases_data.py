"""In a real Chromium on a tablet: a participant reads the notice, sees their data and erases it."""

from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select

from db.models import Idea, Participant, Theme
from db.session import read_scope, session_scope
from services.workshop import ideas, participants
from tests.e2e.conftest import ARTIFACTS, wait_ready

pytestmark = pytest.mark.e2e

SHOTS = ARTIFACTS / "privacy"
IPAD_AIR = {"width": 820, "height": 1180}


def _shot(page, name):
    if SHOTS.parent.is_dir():
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_participant_erases_their_data_and_their_idea_stays_on_the_board(browser, server):
    context = browser.new_context(viewport=IPAD_AIR, locale="da-DK", has_touch=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(f"{server.url}/?code={server.demo.open_workshop_code}")
        page.get_by_role("heading", name="Konkretiseringsværksted").wait_for()
        # The notice says what is kept, who sees it and for how long (the default retention).
        notice = page.locator(".st-key-privacy_notice")
        notice.get_by_text("Dine oplysninger og privatliv").wait_for()
        assert "slettes 365 dage efter, at værkstedet er lukket" in notice.inner_text()
        assert "facilitatorer og kommunens administratorer" in notice.inner_text()
        page.get_by_role("radio", name="Borger").click()
        page.get_by_label("Dit navn (valgfrit)", exact=True).fill("Gudrun <b>Holm</b>")
        page.get_by_text("65–79", exact=True).click()
        page.get_by_text("Nord", exact=True).click()
        _shot(page, "01-join-notice")
        page.get_by_role("button", name="Deltag", exact=True).click()
        page.get_by_text("Du deltager som Gudrun <b>Holm</b> (Borger).", exact=True).wait_for()

        # Their idea, added as the board adds it (the service behind the board's form).
        token = parse_qs(urlparse(page.url).query)["p"][0]
        with session_scope(server.database_url) as s:
            me = participants.participant_by_token(s, token)
            theme = s.scalars(select(Theme).where(Theme.workshop_id == me.workshop_id)).first()
            idea_id = ideas.add_idea(s, me, theme_id=theme.id, title="Bænk ved gadekæret").id
        page.get_by_text("Bænk ved gadekæret").first.wait_for()
        # Added outside the page's own run (which the board's form would have rerun): reload.
        page.reload()
        page.get_by_text("Bænk ved gadekæret").first.wait_for()
        wait_ready(page)

        page.get_by_text("Dine data", exact=True).click()
        facts = page.locator("[data-testid='stExpander']").filter(has_text="Dine data")
        facts.get_by_text("Gudrun <b>Holm</b>", exact=False).wait_for()
        shown = facts.inner_text()
        contributions = "Dine bidrag: idéer: 1 · kommentarer: 0 · prikker: 0"
        for fact in ("Aldersgruppe: 65–79", "Område: Nord", contributions):
            assert fact in shown, shown
        facts.scroll_into_view_if_needed()
        _shot(page, "02-your-data")

        # Erasing needs the tick first.
        facts.get_by_role("button", name="Slet mine data").click()
        page.get_by_text("Sæt først flueben for at bekræfte.", exact=True).wait_for()
        facts.get_by_text("Ja, slet mine oplysninger").click()
        facts.get_by_role("button", name="Slet mine data").click()
        page.get_by_text("Dine oplysninger er slettet.", exact=False).wait_for()
        wait_ready(page)
        facts = page.locator("[data-testid='stExpander']").filter(has_text="Dine data")
        shown = facts.inner_text()
        assert (
            "Gudrun" not in shown and "65–79" not in shown and shown.count("ikke oplyst") == 5
        )  # name, age band, area, first workshop, e-mail
        assert "idéer: 1" in shown
        _shot(page, "03-erased")

        # The board still shows the idea, and no longer the name.
        page.get_by_text("Bænk ved gadekæret").first.wait_for()
        page.get_by_text("Du deltager som anonym (Borger).", exact=True).wait_for()
        assert page.get_by_text("Gudrun <b>Holm</b>", exact=False).count() == 0
        card = page.locator("li.sb-card-mine").filter(has_text="Bænk ved gadekæret")
        assert card.get_by_text("Din idé").count() == 1  # still theirs on this tablet, by no name
        card.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(500)
        if SHOTS.parent.is_dir():
            page.screenshot(path=str(SHOTS / "04-board-keeps-the-idea.png"))

        with read_scope(server.database_url) as s:
            person = s.scalars(
                select(Participant).where(Participant.token_hash == participants.hash_token(token))
            ).one()
            assert (person.display_name, person.age_band, person.area) == (None, None, None)
            assert s.get(Idea, idea_id).participant_id == person.id
    finally:
        context.close()
