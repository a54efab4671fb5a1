"""The participant's page read in one session: what each section draws, and a dead link."""

import pytest

from services.action.concretising import Plan, save_plan
from services.admin.permissions import SYSTEM
from services.common.errors import NotFound
from services.workshop import knowledge, participant_privacy, votes
from services.workshop.open_space.grid import switch_open_space
from services.workshop.participant_page import participant_page
from tests.factories import HOSTILE, make_idea, make_participant, make_workshop
from tests.statements import statements_sent


def test_the_page_holds_what_each_section_draws(session):
    w = make_workshop(session, phase="vote")
    me, token = make_participant(session, w, display_name="Ruth")
    mine = make_idea(session, w, participant_id=me.id)
    votes.add_dot(session, me.id, mine.id)
    knowledge.add_item(session, w.process_id, kind="question", title=HOSTILE, by_user_id=SYSTEM)
    switch_open_space(session, w.id, True, by_user_id=SYSTEM)

    page = participant_page(session, token)

    assert (page.participant_id, page.workshop_id, page.code, page.name) == (me.id, w.id, w.code, "Ruth")
    assert page.mine["my_ideas"] == [mine.id] and page.mine["my_dots"] == {str(mine.id): 1}
    assert page.facts == {"closed": False, "matrix_id": None, "open_space": True}
    assert not page.closed and page.plans == []  # the process is not concretising
    assert [i.title for i in page.knowledge] == [HOSTILE]
    assert page.own_data == participant_privacy.own_data(session, token)
    assert (page.own_data.ideas, page.own_data.dots) == (1, 1)


def test_a_concretising_process_shows_its_plans_and_a_closed_workshop_says_so(session):
    w = make_workshop(session)
    _, token = make_participant(session, w)
    idea = make_idea(session, w)
    save_plan(session, idea.id, Plan(who=HOSTILE, first_step="Ring til Ældre Sagen"), by_user_id=SYSTEM)
    w.phase, w.process.phase = "closed", "concretising"
    session.flush()

    page = participant_page(session, token)

    assert page.closed and page.facts["closed"]
    assert [(idea_id, plan.who) for idea_id, _, plan in page.plans] == [(idea.id, HOSTILE)]


def test_one_look_up_of_the_token(session):
    w = make_workshop(session)
    _, token = make_participant(session, w)
    with statements_sent() as sent:
        participant_page(session, token)
    assert sum("token_hash" in q for q in sent) == 1


@pytest.mark.parametrize("token", [None, "", "not-a-token"])
def test_a_dead_link_is_not_found(session, token):
    with pytest.raises(NotFound):
        participant_page(session, token)
