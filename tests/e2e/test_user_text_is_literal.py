"""In a real Chromium: titles typed as markup or addresses show as typed, never as bold or links."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import Process
from db.session import session_scope
from services.action import curation
from tests.e2e.conftest import main_text, wait_ready
from tests.e2e.test_login_and_join import _sign_in
from tests.factories import make_idea, make_participant, make_vote, make_workshop

pytestmark = pytest.mark.e2e

# At most 42 characters: no page shortens them, so each must show whole.
TYPED = (
    "<b>Fed</b> https://evil.example",
    "**Stjerne** [klik](https://evil.example/x)",
    '<a href="https://evil.example">Link</a>',
    "<i>skrå</i> www.evil.example a@evil.example",
)
# What would show inside a <b>, <strong>, <i>, <em> or <a> had the markup been applied.
FRAGMENTS = {"Fed", "Stjerne", "klik", "Link", "skrå"}


def _hostile_workshop(server) -> int:
    """A workshop of the demo's published process at its results, its ideas the hostile titles."""
    with session_scope(server.database_url) as s:
        process = s.scalars(select(Process).where(Process.public_page_published.is_(True))).one()
        workshop = make_workshop(s, process_id=process.id, phase="collect", title="Rå tekst", themes=["Tema"])
        people = [make_participant(s, workshop, stakeholder_group=g)[0] for g in ("citizen", "volunteer")]
        ideas = [make_idea(s, workshop, title=title, description=title) for title in TYPED]
        for rank, idea in enumerate(ideas):
            for person in people:
                make_vote(s, workshop, person, idea, 9 - rank)
        workshop.phase = "results"
        s.flush()
        curation.add_ideas(s, process.id, [i.id for i in ideas])
        return workshop.id


def _assert_literal(page, where: str) -> None:
    main = page.locator("[data-testid='stMain']")
    # The word joiner that keeps addresses from being autolinked is invisible; a reader sees this.
    shown = main_text(page).replace("\u2060", "")
    for title in TYPED:
        assert title in shown, (where, title)
    links = main.locator("a").evaluate_all("els => els.map(a => [a.href, a.textContent])")
    assert not [link for link in links if "evil" in link[0] or "evil" in link[1]], (where, links)
    marked = main.locator("b, strong, i, em").evaluate_all("els => els.map(e => e.textContent.trim())")
    assert not FRAGMENTS & set(marked), (where, marked)


def _assert_chart_literal(page, where: str) -> None:
    chart = page.locator(".js-plotly-plot").first
    chart.locator(".ytick text").first.wait_for(state="attached")  # SVG text counts as hidden
    ticks = chart.locator(".ytick text").all_text_contents()
    # The projector numbers its bars: "1. <title>".
    assert {tick.split(". ", 1)[-1] for tick in ticks} >= set(TYPED), (where, ticks)
    assert chart.locator("a, b, i").count() == 0, where


def test_hostile_titles_show_as_typed_everywhere_staff_and_the_public_look(desktop, server):
    workshop_id = _hostile_workshop(server)
    _sign_in(desktop, server, "admin", "demo-admin-2026")

    desktop.goto(f"{server.url}/console?w={workshop_id}")
    wait_ready(desktop)
    _assert_chart_literal(desktop, "console")
    # The ideas table is a canvas grid: its cells are text by construction; the chart above is not.

    desktop.goto(f"{server.url}/projector?w={workshop_id}")
    wait_ready(desktop)
    _assert_chart_literal(desktop, "projector")

    desktop.goto(f"{server.url}/catalogue")
    wait_ready(desktop)
    _assert_literal(desktop, "catalogue")

    with session_scope(server.database_url) as s:
        slug = s.scalar(select(Process.public_slug).where(Process.public_page_published.is_(True)))
    desktop.goto(f"{server.url}/?follow={slug}")
    wait_ready(desktop)
    _assert_literal(desktop, "public page")
