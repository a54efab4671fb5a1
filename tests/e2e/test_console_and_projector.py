"""The console follows the room live; the projector is the room's screen: wall, spotlight, results, closed."""

import re
import time

import pytest
from sqlalchemy import select

from db.models import Idea, Process, Theme, User
from db.session import session_scope
from services.workshop import ideas, new_workshops, participants, spotlight, votes, workshops
from tests.e2e.conftest import ARTIFACTS, wait_ready

pytestmark = pytest.mark.e2e

# The console's idea table and the projector poll the room every 2 s (st.fragment), so a
# change shows within 2 s and one run of the screen. On a loaded 2-core CI machine, running
# two browser tests at once, such a run took over a second (CI of 2026-12-06 missed 3 s);
# the times are printed, and 5 s is what the test holds them to.
LIVE = 5_000
SHOTS = ARTIFACTS / "console"
CONSOLE = {"width": 1440, "height": 900}
PROJECTOR = {"width": 1920, "height": 1080}
THEMES = ["Mødesteder i lokalområdet", "Transport og tilgængelighed", "Mellem generationer"]
SEEDED = [
    ("Bænke med snakkeskilt i parken", 0),
    ("Kaffe og kage på biblioteket hver tirsdag formiddag for alle, der har lyst til selskab", 0),
    ("Flextur til aktivitetscentret uden ekstra betaling", 1),
    ("Lektiehjælp fra pensionister til skolebørn", 2),
    ("Fællesspisning i forsamlingshuset", 0),
]
NEW_IDEA = "Bytteskab ved <b>biblioteket</b>"


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(600)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def _sign_in(page, server):
    page.goto(server.url)
    page.get_by_label("Brugernavn", exact=True).fill("facilitator")
    page.get_by_label("Adgangskode", exact=True).fill("demo-facilitator-2026")
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("heading", name="Overblik").wait_for()


def _prepared_workshop(server):
    """A workshop of its own in collect, with ideas under three themes (other tests keep the demo's)."""
    with session_scope(server.database_url) as s:
        facilitator = s.scalar(select(User.id).where(User.username == "facilitator"))
        process = s.scalar(select(Process.id).order_by(Process.id))
        w = new_workshops.create_workshop(
            s, process_id=process, title="Projektorværksted", themes=THEMES, by_user_id=facilitator
        )
        workshops.move_phase(s, w.id, "collect", by_user_id=facilitator)
        person, _token = participants.join(s, w.code, stakeholder_group="citizen")
        themes = s.scalars(select(Theme.id).where(Theme.workshop_id == w.id).order_by(Theme.position)).all()
        for title, theme in SEEDED:
            ideas.add_idea(s, person, theme_id=themes[theme], title=title)
        return w.id, w.code, facilitator


def test_the_console_and_the_projector_follow_the_room(browser, server):
    workshop_id, code, facilitator_id = _prepared_workshop(server)
    contexts = [
        browser.new_context(viewport=v, locale="da-DK")
        for v in (CONSOLE, PROJECTOR, {"width": 768, "height": 1024})
    ]
    console, projector, tablet = (c.new_page() for c in contexts)
    for page in (console, projector, tablet):
        page.set_default_timeout(20_000)
    try:
        _sign_in(console, server)
        console.goto(f"{server.url}/console?w={workshop_id}")
        console.get_by_role("heading", name="Projektorværksted").wait_for()
        wait_ready(console)
        _sign_in(projector, server)
        projector.goto(f"{server.url}/projector?w={workshop_id}")
        projector.locator('[class*="st-key-wall_card_"]').first.wait_for()
        _shot(projector, "projector-collect-before")

        # A tablet adds an idea: the console's table and the projector's wall show it, no reload.
        tablet.goto(f"{server.url}/?code={code}")
        tablet.get_by_role("radio", name="Borger").click()
        tablet.get_by_role("button", name="Deltag", exact=True).click()
        tablet.get_by_role("heading", name="Projektorværksted").wait_for()
        tablet.get_by_label("Din idé med få ord", exact=True).fill(NEW_IDEA)
        tablet.get_by_role("button", name="Tilføj idé").click()
        tablet.get_by_text("Din idé er på tavlen.").wait_for()
        added = time.monotonic()
        # The table is drawn on a canvas; its cells are also in an accessible grid (not "visible").
        console.locator("[data-testid='stDataFrame'] [role='gridcell']", has_text=NEW_IDEA).wait_for(
            state="attached", timeout=LIVE
        )
        print(f"console table showed the new idea after {time.monotonic() - added:.1f} s")
        card = projector.locator('[class*="st-key-wall_card_"]', has_text=NEW_IDEA)
        card.wait_for(timeout=LIVE)
        print(f"projector wall showed the new idea after {time.monotonic() - added:.1f} s")
        assert card.locator("b").count() == 0  # shown as typed
        font_px = float(card.locator("p").evaluate("p => getComputedStyle(p).fontSize").removesuffix("px"))
        assert font_px >= 28
        _shot(console, "console-ideas-live")
        _shot(projector, "projector-collect-wall")

        # One idea in the spotlight, then off again.
        with session_scope(server.database_url) as s:
            long_idea = s.scalar(select(Idea.id).where(Idea.title == SEEDED[1][0]))
            spotlight.put_in_spotlight(s, workshop_id, long_idea, by_user_id=facilitator_id)
        spotlit = time.monotonic()
        projector.locator(".st-key-spot_title", has_text=SEEDED[1][0]).wait_for(timeout=LIVE)
        print(f"projector showed the spotlight after {time.monotonic() - spotlit:.1f} s")
        _shot(projector, "projector-spotlight")
        console.reload()
        console.get_by_text("På projektoren nu").wait_for()
        _shot(console, "console-spotlight")
        with session_scope(server.database_url) as s:
            spotlight.clear_spotlight(s, workshop_id, by_user_id=facilitator_id)

        # Vote, then the reveal: big dark labels, whole numbers, no toolbar.
        with session_scope(server.database_url) as s:
            workshops.move_phase(s, workshop_id, "vote", by_user_id=facilitator_id)
            ranked = s.scalars(select(Idea.id).where(Idea.workshop_id == workshop_id).order_by(Idea.id)).all()
            for n, group in enumerate(("citizen", "volunteer", "association", "employee")):
                voter, _token = participants.join(s, code, stakeholder_group=group)
                for idea_id in ranked[n : n + 3]:
                    votes.add_dot(s, voter.id, idea_id)
            workshops.move_phase(s, workshop_id, "results", by_user_id=facilitator_id)
        chart = projector.locator("[data-testid='stPlotlyChart']").first
        # The phase shows within the room's 3 s; Plotly's script loads on its first chart.
        chart.locator(".ytick text").first.wait_for(timeout=15_000)
        sizes = chart.locator(".ytick text").evaluate_all(
            "ts => ts.map(t => parseFloat(getComputedStyle(t).fontSize))"
        )
        assert sizes and min(sizes) >= 28
        ticks = chart.locator(".xtick text").evaluate_all("ts => ts.map(t => t.textContent)")
        assert ticks and all(re.fullmatch(r"\d+", tick) for tick in ticks)
        # ... and on the screen, not clipped below the chart.
        lowest = chart.locator(".xtick text").last.bounding_box()
        plot = chart.locator(".main-svg").first.bounding_box()
        assert lowest and plot and lowest["y"] + lowest["height"] <= min(plot["y"] + plot["height"], 1080)
        assert projector.locator(".modebar").count() == 0
        # Whole titles, wrapped: the long one is there to its last word.
        assert "selskab" in " ".join(
            chart.locator(".ytick text").evaluate_all("ts => ts.map(t => t.textContent)")
        )
        _shot(projector, "projector-results")

        with session_scope(server.database_url) as s:
            workshops.move_phase(s, workshop_id, "closed", by_user_id=facilitator_id)
        projector.get_by_text("Tak fordi I deltog!").wait_for(timeout=LIVE + 3_000)
        assert projector.get_by_role("img", name=re.compile("QR-kode")).count() == 0
        _shot(projector, "projector-closed")
    except Exception:
        for name, page in (("console", console), ("projector", projector)):
            _shot(page, f"failed-{name}")
        raise
    finally:
        for context in contexts:
            context.close()


def test_an_unknown_address_answers_in_the_users_language_with_a_way_home(desktop, server):
    desktop.goto(f"{server.url}/no-such-page")
    desktop.get_by_role("heading", name="Siden findes ikke").wait_for()
    assert desktop.get_by_text("Page not found").count() == 0
    _sign_in(desktop, server)
    desktop.goto(f"{server.url}/no-such-page")
    desktop.get_by_role("heading", name="Siden findes ikke").wait_for()
    wait_ready(desktop)
    assert desktop.get_by_text("Page not found").count() == 0
    _shot(desktop, "not-found")
    desktop.get_by_role("link", name="Gå til forsiden").click()
    desktop.get_by_role("heading", name="Overblik").wait_for()
