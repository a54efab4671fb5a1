"""Actors and existing activities: registration, search, and deletes that would lose an initiative's lead."""

import pytest
from sqlalchemy import func, select

from db.models import Activity, Actor
from services.action import actors, initiative_actors
from services.admin.permissions import SYSTEM
from services.common.errors import Conflict, InvalidInput, NotAllowed
from tests.factories import HOSTILE, make_activity, make_actor, make_initiative, make_user


def _count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def test_register_search_and_filter_actors(session):
    make_actor(session, name="Seniorforeningen Øst", kind="association", description="Klubaftener")
    make_actor(session, name="Naboer på Egevej", kind="citizen_group", contact_name="Åse Ørum")
    make_actor(session, name="Café 50%_off", kind="business")
    assert [a.name for a in actors.list_actors(session, search="øst")] == ["Seniorforeningen Øst"]
    assert [a.name for a in actors.list_actors(session, search="ÅSE")] == ["Naboer på Egevej"]
    # LIKE wildcards in the search are taken literally.
    assert [a.name for a in actors.list_actors(session, search="%_")] == ["Café 50%_off"]
    assert [a.name for a in actors.list_actors(session, kinds=["citizen_group", "business"])] == [
        "Café 50%_off",
        "Naboer på Egevej",
    ]


def test_bad_actor_input_changes_nothing(session):
    make_actor(session, name="Lindholt IF")
    make_actor(session, name="Ældreklubben Øst")
    before = _count(session, Actor)
    cases = [
        ({"name": "  "}, "error.required"),
        ({"name": "x" * 201}, "error.too_long"),
        ({"name": "lindholt if"}, "error.actor_name_taken"),
        ({"name": "ÆLDREKLUBBEN ØST"}, "error.actor_name_taken"),
        ({"kind": "church"}, "error.not_a_choice"),
        ({"contact_email": "not-an-email"}, "error.email_format"),
        ({"contact_phone": "call me maybe"}, "error.phone_format"),
        ({"description": "x" * 3001}, "error.too_long"),
        ({"name": "Bad\x00name"}, "error.control_characters"),
    ]
    for overrides, key in cases:
        values = {"name": "New actor", "kind": "association"} | overrides
        with pytest.raises((InvalidInput, Conflict)) as err:
            actors.create_actor(session, **values, by_user_id=SYSTEM)
        assert err.value.key == key, overrides
    assert _count(session, Actor) == before


def test_user_text_is_stored_as_typed(session):
    actor = make_actor(session, name=f"{HOSTILE} Ø")
    assert actors.get_actor(session, actor.id).name == f"{HOSTILE} Ø"


def test_deleting_a_lead_actor_is_refused_with_the_initiative_named(session):
    lead = make_actor(session, name="Seniorforeningen")
    partner = make_actor(session, name="Biblioteket")
    free = make_actor(session, name="Ingen opgaver")
    make_activity(session, free)
    initiative = make_initiative(session, title="Torsdagsspisning")
    initiative_actors.add_actor(session, initiative.id, actor_id=lead.id, role="lead", by_user_id=SYSTEM)
    initiative_actors.add_actor(
        session, initiative.id, actor_id=partner.id, role="partner", by_user_id=SYSTEM
    )
    with pytest.raises(Conflict) as err:
        actors.delete_actor(session, lead.id, by_user_id=SYSTEM)
    assert err.value.key == "error.actor_leads"
    assert err.value.params == {"name": "Seniorforeningen", "initiatives": "Torsdagsspisning"}
    with pytest.raises(Conflict) as err:
        actors.delete_actor(session, partner.id, by_user_id=SYSTEM)
    assert err.value.key == "error.actor_partners"
    assert session.get(Actor, lead.id) is not None
    actors.delete_actor(session, free.id, by_user_id=SYSTEM)
    assert session.get(Actor, free.id) is None
    assert _count(session, Activity) == 0


def test_activities_are_listed_with_their_actor_and_initiatives(session):
    club = make_actor(session, name="Lindholt IF")
    walk = make_activity(session, club, title="Gå-holdet", schedule="Tirsdag kl. 10", place="Stadion")
    make_activity(session, club, title="Stolegymnastik", active=False)
    initiative = make_initiative(session, title="Gå-venner")
    initiative_actors.link_activity(session, initiative.id, walk.id, by_user_id=SYSTEM)
    rows = actors.list_activities(session, actor_id=club.id)
    assert [(r.title, r.actor_name, r.initiatives) for r in rows] == [
        ("Gå-holdet", "Lindholt IF", ["Gå-venner"]),
        ("Stolegymnastik", "Lindholt IF", []),
    ]
    assert [r.title for r in actors.list_activities(session, active_only=True)] == ["Gå-holdet"]
    assert [r.title for r in actors.list_activities(session, search="stadion")] == ["Gå-holdet"]
    with pytest.raises(Conflict):
        initiative_actors.link_activity(session, initiative.id, walk.id, by_user_id=SYSTEM)


def test_activity_needs_a_title_and_an_actor(session):
    with pytest.raises(InvalidInput) as err:
        actors.create_activity(session, actor_id=None, title="Kaffe", by_user_id=SYSTEM)
    assert err.value.params == {"field": "actor"}
    with pytest.raises(InvalidInput) as err:
        actors.create_activity(session, actor_id=make_actor(session).id, title=" ", by_user_id=SYSTEM)
    assert err.value.params == {"field": "title"}


def test_roles_who_may_register_and_delete_actors(session):
    politician = make_user(session, role="politician")
    leader = make_user(session, role="leader")
    facilitator = make_user(session, role="facilitator")
    with pytest.raises(NotAllowed):
        make_actor(session, by_user_id=politician.id)
    made = make_actor(session, by_user_id=leader.id)
    with pytest.raises(NotAllowed):
        actors.delete_actor(session, made.id, by_user_id=leader.id)
    actors.delete_actor(session, made.id, by_user_id=facilitator.id)
    # A deactivated account is refused even with the right role.
    facilitator.active = False
    with pytest.raises(NotAllowed):
        make_actor(session, by_user_id=facilitator.id)
