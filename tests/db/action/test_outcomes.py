"""The public "you said, we did" page: only published, no personal data, moderation respected."""

import pytest

from services.action import curation, follow_up, initiative_actors, lifecycle, outcomes
from services.admin.permissions import SYSTEM
from services.common.errors import NotFound
from tests.factories import make_actor, make_idea, make_participant, make_process, make_vote, make_workshop


@pytest.fixture
def published(session):
    process = make_process(session, title="Sammen mod ensomhed", description="Om ensomhed")
    workshop = make_workshop(session, process_id=process.id, phase="results")
    eat = make_idea(session, workshop, title="Fællesspisning", description="Hver torsdag")
    rude = make_idea(session, workshop, title="Noget grimt")
    person, _ = make_participant(session, workshop, display_name="Ruth Hemmelig", stakeholder_group="citizen")
    make_vote(session, workshop, person, eat, 2)
    entry, _ = curation.add_ideas(session, process.id, [eat.id, rude.id], by_user_id=SYSTEM)
    curation.set_intro(session, process.id, "Kære alle", by_user_id=SYSTEM)
    made = lifecycle.create_initiative(
        session, title="Torsdagsspisning", entry_ids=[entry.id], by_user_id=SYSTEM
    )
    lead = make_actor(
        session, name="Seniorklubben", contact_name="Inger Kontaktsen", contact_email="inger@example.dk"
    )
    initiative_actors.add_actor(
        session,
        made.id,
        actor_id=lead.id,
        role="lead",
        responsibilities="Hemmelige opgaver",
        by_user_id=SYSTEM,
    )
    follow_up.add_timeline_entry(
        session,
        made.id,
        happened_on=made.created_at.date(),
        kind="reflection",
        text="Intern læring",
        by_user_id=SYSTEM,
    )
    follow_up.set_checklist_item(
        session, made.id, "emergency_contact", status="done", note="Ring til Bent 12345678", by_user_id=SYSTEM
    )
    rude.hidden = True
    session.flush()
    return process


def test_unpublished_and_unknown_pages_are_not_found(session, published):
    for slug in (published.public_slug, "", None, "x" * 500, "nope"):
        with pytest.raises(NotFound) as err:
            outcomes.public_page(session, slug)
        assert err.value.key == "error.public_page_not_found"


def test_published_page_shows_catalogue_and_initiatives_without_personal_data(session, published):
    curation.set_published(session, published.id, True, by_user_id=SYSTEM)
    page = outcomes.public_page(session, published.public_slug)
    assert (page.title, page.intro, page.participants, page.ideas) == (
        "Sammen mod ensomhed",
        "Kære alle",
        1,
        1,
    )
    (section,) = page.sections
    assert [(e.title, e.dots, e.voters) for e in section.entries] == [("Fællesspisning", 2, 1)]
    assert [(r.title, r.status) for r in section.entries[0].initiatives] == [("Torsdagsspisning", "proposed")]
    (item,) = page.initiatives
    assert (item.title, item.lead, item.origins) == ("Torsdagsspisning", "Seniorklubben", ["Fællesspisning"])
    # Nothing that names or reaches a person, no internal notes, no moderated idea.
    shown = repr(page)
    for secret in ("Ruth", "Inger", "inger@", "Hemmelige", "Intern læring", "Bent", "Noget grimt"):
        assert secret not in shown
