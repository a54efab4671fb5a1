"""A 2×2 matrix in a real browser: two tablets place ideas with the keyboard and touch-sized
sliders; the projector shows each idea at its median with its spread, then by group."""

import pytest
from sqlalchemy import select

from db.models import MatrixPlacement, Process, User
from db.session import read_scope, session_scope
from services.workshop import ideas, matrices, new_workshops, participants, workshops
from tests.e2e.conftest import ARTIFACTS, wait_ready

pytestmark = pytest.mark.e2e

SHOTS = ARTIFACTS / "matrix"
TABLET = {"width": 820, "height": 1180}
PROJECTOR = {"width": 1920, "height": 1080}
IDEAS = (
    "Bænke med snakkeskilt i parken",
    "Flextur til <b>aktivitetscentret</b>",
    "Fællesspisning **hver uge**",
)


def _workshop(server):
    with session_scope(server.database_url) as s:
        facilitator = s.scalar(select(User.id).where(User.username == "facilitator"))
        process = s.scalar(select(Process.id).order_by(Process.id))
        w = new_workshops.create_workshop(
            s, process_id=process, title="Matrixværksted", themes=[], by_user_id=facilitator
        )
        workshops.move_phase(s, w.id, "collect", by_user_id=facilitator)
        person, _ = participants.join(s, w.code, stakeholder_group="employee")
        made = [ideas.add_idea(s, person, theme_id=None, title=title).id for title in IDEAS]
        return w.id, w.code, facilitator, made


def _join(page, server, code, group):
    page.goto(f"{server.url}/?code={code}")
    page.get_by_role("radio", name=group).click()
    page.get_by_role("button", name="Deltag", exact=True).click()
    page.get_by_role("heading", name="Matrixværksted").wait_for()


def _place(page, moves):
    """Each slider to its value with the keyboard (Home, then → steps), then save."""
    section = page.locator(".st-key-matrix_tablet")
    section.get_by_role("heading", name="Placér idéerne").wait_for(timeout=10_000)
    sliders = section.get_by_role("slider")
    sliders.nth(2 * len(IDEAS) - 1).wait_for()
    wait_ready(page)
    assert sliders.count() == 2 * len(IDEAS)
    for i, value in enumerate(moves):
        slider = sliders.nth(i)
        slider.focus()
        slider.press("Home")
        for _ in range(value):
            slider.press("ArrowRight")
        assert slider.input_value() == str(value)
    section.get_by_role("button", name="Gem mine placeringer").click()
    section.get_by_text("Gemt: 3 idéer er placeret.").wait_for()


def test_two_tablets_place_ideas_and_the_projector_shows_the_aggregate(browser, server):
    workshop_id, code, facilitator, made = _workshop(server)
    contexts = []

    def new_page(viewport):
        context = browser.new_context(viewport=viewport, locale="da-DK", has_touch=viewport is TABLET)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        return page

    tablet_a, tablet_b, projector = new_page(TABLET), new_page(TABLET), new_page(PROJECTOR)
    try:
        _join(tablet_a, server, code, "Borger")
        _join(tablet_b, server, code, "Forening")
        # The facilitator opens the matrix after the tablets are in: they notice it without a reload.
        with session_scope(server.database_url) as s:
            view = matrices.open_matrix(s, workshop_id, made, kind="impact_effort", by_user_id=facilitator)
        # (x = effort, y = impact) per idea, in order.
        _place(tablet_a, (2, 9, 8, 3, 5, 5))
        _place(tablet_b, (4, 7, 10, 1, 6, 8))
        SHOTS.mkdir(parents=True, exist_ok=True)
        tablet_a.screenshot(path=str(SHOTS / "tablet.png"))
        with read_scope(server.database_url) as s:
            placed = s.execute(
                select(MatrixPlacement.idea_id, MatrixPlacement.x, MatrixPlacement.y).where(
                    MatrixPlacement.matrix_id == view.id
                )
            ).all()
            first = next(sp for sp in matrices.spreads(s, view.id) if sp.idea_id == made[0])
        assert sorted(placed) == sorted(
            [
                (made[0], 2, 9),
                (made[1], 8, 3),
                (made[2], 5, 5),
                (made[0], 4, 7),
                (made[1], 10, 1),
                (made[2], 6, 8),
            ]
        )
        assert (first.x_median, first.y_median, first.x_q1, first.x_q3) == (3.0, 8.0, 2.5, 3.5)

        projector.goto(server.url)
        projector.get_by_label("Brugernavn", exact=True).fill("facilitator")
        projector.get_by_label("Adgangskode", exact=True).fill("demo-facilitator-2026")
        projector.get_by_role("button", name="Log ind").click()
        projector.get_by_role("heading", name="Overblik").wait_for()
        projector.goto(f"{server.url}/projector?w={workshop_id}")
        listing = projector.locator(".st-key-projector_matrix_list")
        listing.get_by_text("Effekt og indsats").wait_for()
        assert "Flextur til <b>aktivitetscentret</b>" in listing.inner_text()  # literal, not bold
        chart = projector.locator(".st-key-projector_matrix, [data-testid='stPlotlyChart']").first
        chart.wait_for()
        points = projector.locator("[data-testid='stPlotlyChart'] .scatterlayer .point")
        points.nth(2).wait_for()
        assert points.count() == 3
        assert projector.get_by_text("Høj effekt, lav indsats (lavthængende frugter)").count() >= 1
        assert projector.locator(".modebar").count() == 0
        wait_ready(projector)
        projector.wait_for_timeout(800)
        projector.screenshot(path=str(SHOTS / "projector.png"))

        # By group on request: one series per group, a legend naming them.
        with session_scope(server.database_url) as s:
            matrices.show_by_group(s, view.id, True, by_user_id=facilitator)
        projector.locator(".legend").get_by_text("Forening").wait_for(timeout=6_000)
        points.nth(5).wait_for()
        assert points.count() == 6
        projector.wait_for_timeout(800)
        projector.screenshot(path=str(SHOTS / "projector-by-group.png"))
    finally:
        for context in contexts:
            context.close()
