"""The spotlight: one idea on the projector, chosen by staff who run workshops, audited, read defensively."""

import json

import pytest
from sqlalchemy import select

from db.models import AuditEvent, Workshop
from services.common.errors import NotAllowed, NotFound, WorkshopClosed
from services.workshop import clusters, ideas, spotlight
from tests.factories import HOSTILE, make_idea, make_user, make_workshop


def _audit(session, action):
    return session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_a_facilitator_puts_an_idea_in_the_spotlight_and_clears_it(session):
    facilitator = make_user(session, role="facilitator")
    w = make_workshop(session, themes=["Mødesteder", "Transport"])
    idea = make_idea(session, w, theme_id=w.themes[1].id, title="Bænke med snakkeskilt")
    assert spotlight.in_spotlight(session, w.id) is None

    assert spotlight.put_in_spotlight(session, w.id, idea.id, by_user_id=facilitator.id) == idea.id
    shown = spotlight.in_spotlight(session, w.id)
    assert shown is not None
    assert (shown.id, shown.title, shown.theme, shown.theme_index) == (
        idea.id,
        "Bænke med snakkeskilt",
        "Transport",
        1,
    )
    assert shown.description == HOSTILE  # kept as typed: the page shows it literally
    [event] = _audit(session, "workshop.spotlight")
    assert (event.user_id, event.entity_id, json.loads(event.detail)) == (
        facilitator.id,
        w.id,
        {"idea_id": idea.id},
    )

    spotlight.clear_spotlight(session, w.id, by_user_id=facilitator.id)
    assert spotlight.in_spotlight(session, w.id) is None
    assert session.get(Workshop, w.id).spotlight_idea_id is None
    assert len(_audit(session, "workshop.spotlight_cleared")) == 1
    # Clearing an empty spotlight writes nothing more.
    spotlight.clear_spotlight(session, w.id, by_user_id=facilitator.id)
    assert len(_audit(session, "workshop.spotlight_cleared")) == 1


@pytest.mark.parametrize("role", ["leader", "politician"])
def test_roles_that_do_not_run_workshops_are_refused(session, role):
    someone = make_user(session, role=role)
    w = make_workshop(session)
    idea = make_idea(session, w)
    with pytest.raises(NotAllowed):
        spotlight.put_in_spotlight(session, w.id, idea.id, by_user_id=someone.id)
    facilitator = make_user(session)
    spotlight.put_in_spotlight(session, w.id, idea.id, by_user_id=facilitator.id)
    with pytest.raises(NotAllowed):
        spotlight.clear_spotlight(session, w.id, by_user_id=someone.id)
    assert session.get(Workshop, w.id).spotlight_idea_id == idea.id
    assert _audit(session, "workshop.spotlight_cleared") == []


def test_a_deactivated_facilitator_is_refused(session):
    facilitator = make_user(session)
    facilitator.active = False
    w = make_workshop(session)
    with pytest.raises(NotAllowed):
        spotlight.put_in_spotlight(session, w.id, make_idea(session, w).id, by_user_id=facilitator.id)


def test_only_a_visible_idea_of_this_workshop_goes_on_the_projector(session):
    facilitator = make_user(session)
    w = make_workshop(session)
    other = make_workshop(session)
    hidden = make_idea(session, w, hidden=True)
    withdrawn = make_idea(session, w, status="withdrawn")
    elsewhere = make_idea(session, other)
    for idea in (hidden, withdrawn, elsewhere):
        with pytest.raises(NotFound):
            spotlight.put_in_spotlight(session, w.id, idea.id, by_user_id=facilitator.id)
    with pytest.raises(NotFound):
        spotlight.put_in_spotlight(session, w.id, 999_999, by_user_id=facilitator.id)
    assert session.get(Workshop, w.id).spotlight_idea_id is None
    assert _audit(session, "workshop.spotlight") == []


def test_a_closed_workshop_takes_no_new_spotlight_but_can_be_cleared(session):
    facilitator = make_user(session)
    w = make_workshop(session)
    idea = make_idea(session, w)
    spotlight.put_in_spotlight(session, w.id, idea.id, by_user_id=facilitator.id)
    w.phase = "closed"
    session.flush()
    with pytest.raises(WorkshopClosed):
        spotlight.put_in_spotlight(session, w.id, idea.id, by_user_id=facilitator.id)
    spotlight.clear_spotlight(session, w.id, by_user_id=facilitator.id)
    assert spotlight.in_spotlight(session, w.id) is None


def test_the_spotlight_follows_a_merge_and_drops_a_hidden_idea(session):
    facilitator = make_user(session)
    w = make_workshop(session)
    survivor = make_idea(session, w, title="Fællesspisning hver torsdag")
    duplicate = make_idea(session, w, title="Fællesspisning")
    spotlight.put_in_spotlight(session, w.id, duplicate.id, by_user_id=facilitator.id)
    clusters.merge(session, survivor.id, [duplicate.id], by_user_id=facilitator.id)
    shown = spotlight.in_spotlight(session, w.id)
    assert shown is not None and (shown.id, shown.merged_titles) == (survivor.id, ("Fællesspisning",))
    # Putting a merged-away idea in the spotlight shows the idea it lives on in.
    assert spotlight.put_in_spotlight(session, w.id, duplicate.id, by_user_id=facilitator.id) == survivor.id

    ideas.hide_ideas(session, [survivor.id], reason="off topic", by_user_id=facilitator.id)
    assert spotlight.in_spotlight(session, w.id) is None
