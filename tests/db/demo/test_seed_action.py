"""The demo shows the whole way from ideas to action, and obeys every rule of it."""

from sqlalchemy import func, select

import clock
from db.models import Actor, ChecklistItem, Process, TimelineEntry
from services.action import catalogue, initiatives, lifecycle, lineage, outcomes


def test_demo_catalogue_is_curated_and_published(session, demo):
    book = catalogue.catalogue(session, demo.process_id)
    assert len(book.entries) >= 20 and len(book.sections) >= 5
    assert book.published and book.intro.startswith("Dette katalog")
    # Some entries were reworded for print; the original idea stays linked.
    reworded = [e for e in book.entries if e.idea_title and e.idea_title != e.title]
    assert len(reworded) >= 3
    assert all(e.idea_state == "ok" for e in book.entries)
    # The demo's main process: the second, earlier one (demo/compare.py) is not published.
    slug = session.scalar(select(Process.public_slug).where(Process.id == demo.process_id))
    page = outcomes.public_page(session, slug)
    assert page.entries == len(book.entries) and len(page.initiatives) >= 8


def test_demo_initiatives_cover_every_state_and_follow_the_rules(session, demo):
    today = clock.today()
    rows = initiatives.list_initiatives(session, today=today)
    assert {r.status for r in rows} == {
        "proposed",
        "planned",
        "in_progress",
        "completed",
        "paused",
        "stopped",
    }
    assert sum(r.overdue for r in rows) == 1
    assert any(r.lead is None for r in rows)
    for row in rows:
        # Every status agrees with its dates, as the service demands of users.
        lifecycle.check_state(row.status, row.starts_on, row.ends_on, today)
        assert 0 <= row.progress <= 100
    kinds = dict(session.execute(select(Actor.name, Actor.kind)).all())
    leads = {kinds[r.lead] for r in rows if r.lead}
    assert {"citizen_group", "business", "municipal_unit", "association"} <= leads
    assert session.scalar(select(func.count()).where(TimelineEntry.kind == "reflection")) >= 2
    states = set(session.scalars(select(ChecklistItem.status)))
    assert states == {"open", "done", "not_relevant"}


def test_demo_has_an_idea_split_into_two_initiatives(session, demo):
    book = catalogue.catalogue(session, demo.process_id)
    split = [e for e in book.entries if len(e.initiatives) >= 2]
    assert split
    led = lineage.initiatives_for_ideas(session, [split[0].idea_id])[split[0].idea_id]
    assert {r.status for r in led} >= {"completed", "planned"}
