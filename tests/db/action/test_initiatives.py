"""Initiatives: lineage from ideas, status rules, one lead, milestones, timeline, checklist, filters."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from db.models import ChecklistItem, Initiative, InitiativeActor, TimelineEntry
from services.action import catalogue, curation, follow_up, initiative_actors, initiatives, lifecycle, lineage
from services.admin.permissions import SYSTEM
from services.common.errors import Conflict, InvalidInput, NotAllowed
from tests.factories import make_actor, make_idea, make_initiative, make_process, make_user, make_workshop
from tests.when import TODAY


def _edit(session, initiative, **changes):
    values = {
        "title": initiative.title,
        "description": initiative.description,
        "status": initiative.status,
        "progress": initiative.progress,
        "starts_on": initiative.starts_on,
        "ends_on": initiative.ends_on,
        "today": TODAY,
        "by_user_id": SYSTEM,
    } | changes
    return lifecycle.update_initiative(session, initiative.id, **values)


@pytest.fixture
def ideas(session):
    process = make_process(session)
    workshop = make_workshop(session, process_id=process.id)
    return process, [
        make_idea(session, workshop, title=t) for t in ("Fællesspisning", "Madklub", "Gå-venner")
    ]


def test_create_from_two_ideas_keeps_the_lineage_both_ways(session, ideas):
    process, (eat, cook, walk) = ideas
    made = lifecycle.create_initiative(
        session, title="Torsdagsspisning", idea_ids=[eat.id, cook.id], by_user_id=SYSTEM
    )
    assert made.process_id == process.id and made.status == "proposed" and made.progress == 0
    assert {o.title for o in lineage.origins(session, made.id)} == {"Fællesspisning", "Madklub"}
    led = lineage.initiatives_for_ideas(session, [eat.id, cook.id, walk.id])
    assert [r.title for r in led[eat.id]] == ["Torsdagsspisning"]
    assert [r.title for r in led[cook.id]] == ["Torsdagsspisning"]
    assert walk.id not in led
    # Every checklist item starts open.
    items = session.scalars(select(ChecklistItem.status).where(ChecklistItem.initiative_id == made.id)).all()
    assert sorted(items) == ["open"] * 5


def test_create_from_catalogue_entries_links_their_ideas(session, ideas):
    process, (eat, cook, _) = ideas
    entry, _ = curation.add_ideas(session, process.id, [eat.id, cook.id], by_user_id=SYSTEM)
    made = lifecycle.create_initiative(
        session, title="Spisefællesskab", entry_ids=[entry.id], by_user_id=SYSTEM
    )
    assert [o.id for o in lineage.origins(session, made.id)] == [eat.id]
    assert [r.title for r in lineage.initiatives_for_entries(session, [entry.id])[entry.id]] == [
        "Spisefællesskab"
    ]
    view = catalogue.catalogue(session, process.id).entries[0]
    assert [r.title for r in view.initiatives] == ["Spisefællesskab"]


def test_one_idea_split_into_several_initiatives(session, ideas):
    _, (eat, _, _) = ideas
    made = lifecycle.split_idea(
        session, eat.id, ["Torsdagsspisning", "Madkursus for mænd", "  "], by_user_id=SYSTEM
    )
    assert [m.title for m in made] == ["Torsdagsspisning", "Madkursus for mænd"]
    assert [r.title for r in lineage.initiatives_for_ideas(session, [eat.id])[eat.id]] == [
        "Madkursus for mænd",
        "Torsdagsspisning",
    ]
    origin = lineage.origins(session, made[0].id)[0]
    assert [r.title for r in origin.other_initiatives] == ["Madkursus for mænd"]
    for titles, key in [(["Kun én"], "error.split_needs_two"), (["A", "a"], "error.split_duplicates")]:
        with pytest.raises(InvalidInput) as err:
            lifecycle.split_idea(session, eat.id, titles, by_user_id=SYSTEM)
        assert err.value.key == key


def test_origins_from_two_processes_are_refused(session, ideas):
    _, (eat, _, _) = ideas
    stranger = make_idea(session, make_workshop(session))
    before = session.scalar(select(func.count()).select_from(Initiative))
    with pytest.raises(InvalidInput) as err:
        lifecycle.create_initiative(
            session, title="Blandet", idea_ids=[eat.id, stranger.id], by_user_id=SYSTEM
        )
    assert err.value.key == "error.origins_other_process"
    assert session.scalar(select(func.count()).select_from(Initiative)) == before


def test_status_rules(session):
    made = make_initiative(session)
    cases = [
        ({"status": "in_progress"}, "error.status_needs_start"),
        ({"status": "in_progress", "starts_on": TODAY + timedelta(days=3)}, "error.start_in_future"),
        ({"status": "completed", "starts_on": TODAY - timedelta(days=9)}, "error.completed_needs_end"),
        (
            {
                "status": "completed",
                "starts_on": TODAY - timedelta(days=9),
                "ends_on": TODAY + timedelta(days=1),
            },
            "error.end_in_future",
        ),
        ({"starts_on": TODAY, "ends_on": TODAY - timedelta(days=1)}, "error.dates_order"),
        ({"status": "paused"}, "error.status_needs_reason"),
        ({"status": "stopped", "status_note": "   "}, "error.status_needs_reason"),
        ({"status": "finished"}, "error.not_a_choice"),
        ({"progress": 101}, "error.number_range"),
        ({"progress": -1}, "error.number_range"),
        ({"progress": 2.5}, "error.whole_number"),
        ({"budget": -5}, "error.number_range"),
        ({"expected_volunteers": 10**9}, "error.number_range"),
        ({"title": " "}, "error.required"),
        ({"title": "x" * 201}, "error.too_long"),
        ({"description": "x" * 5001}, "error.too_long"),
    ]
    for changes, key in cases:
        with pytest.raises(InvalidInput) as err:
            _edit(session, made, **changes)
        assert err.value.key == key, changes
    session.refresh(made)
    assert (made.status, made.progress, made.starts_on) == ("proposed", 0, None)
    assert session.scalar(select(func.count()).select_from(TimelineEntry)) == 0


def test_status_changes_are_written_to_the_timeline(session):
    made = make_initiative(session)
    _edit(session, made, status="in_progress", starts_on=TODAY - timedelta(days=10), progress=30)
    _edit(session, made, status="paused", status_note="Tovholderen er syg.")
    _edit(session, made, status="paused", progress=35)  # no change of status, no entry
    _edit(session, made, status="completed", ends_on=TODAY, progress=100)
    view = initiatives.detail(session, made.id, today=TODAY)
    assert [(e.kind, e.new_status, e.text) for e in view.timeline] == [
        ("status", "completed", ""),
        ("status", "paused", "Tovholderen er syg."),
        ("status", "in_progress", ""),
    ]
    # Completed, then the end date removed: refused.
    with pytest.raises(InvalidInput):
        _edit(session, made, ends_on=None)


def test_one_lead_and_clear_roles(session):
    made = make_initiative(session)
    club, unit, cafe = (make_actor(session, name=n) for n in ("Seniorklubben", "Ældre og Sundhed", "Caféen"))
    assert (
        initiative_actors.add_actor(
            session, made.id, actor_id=club.id, role="lead", responsibilities="Tilmelding", by_user_id=SYSTEM
        )
        is None
    )
    initiative_actors.add_actor(
        session, made.id, actor_id=unit.id, role="partner", responsibilities="Lokaler", by_user_id=SYSTEM
    )
    # A new lead takes over; the previous lead stays on as a partner.
    assert (
        initiative_actors.add_actor(session, made.id, actor_id=cafe.id, role="lead", by_user_id=SYSTEM)
        == "Seniorklubben"
    )
    view = initiatives.detail(session, made.id)
    assert [(a.name, a.role, a.responsibilities) for a in view.actors] == [
        ("Caféen", "lead", ""),
        ("Seniorklubben", "partner", "Tilmelding"),
        ("Ældre og Sundhed", "partner", "Lokaler"),
    ]
    unit_link = next(a.id for a in view.actors if a.name == "Ældre og Sundhed")
    assert (
        initiative_actors.update_actor_role(
            session, unit_link, role="lead", responsibilities="Alt", by_user_id=SYSTEM
        )
        == "Caféen"
    )
    leads = session.scalar(
        select(func.count()).where(InitiativeActor.initiative_id == made.id, InitiativeActor.role == "lead")
    )
    assert leads == 1
    with pytest.raises(Conflict) as err:
        initiative_actors.add_actor(session, made.id, actor_id=club.id, role="partner", by_user_id=SYSTEM)
    assert err.value.key == "error.actor_already_on_initiative"
    with pytest.raises(InvalidInput):
        initiative_actors.add_actor(
            session, made.id, actor_id=make_actor(session).id, role="owner", by_user_id=SYSTEM
        )
    with pytest.raises(InvalidInput):
        initiative_actors.add_actor(
            session,
            made.id,
            actor_id=make_actor(session).id,
            role="partner",
            responsibilities="x" * 2001,
            by_user_id=SYSTEM,
        )


def test_the_database_itself_allows_one_lead(session):
    made = make_initiative(session)
    a, b = make_actor(session), make_actor(session)
    session.add_all(
        [
            InitiativeActor(initiative_id=made.id, actor_id=a.id, role="lead"),
            InitiativeActor(initiative_id=made.id, actor_id=b.id, role="lead"),
        ]
    )
    with pytest.raises(Exception, match=r"(?i)unique"):
        session.flush()
    session.rollback()


def test_milestones_overdue_and_progress_that_follows_them(session):
    made = make_initiative(session)
    _edit(session, made, progress_from_milestones=True)
    first = follow_up.add_milestone(
        session, made.id, title="Lokale aftalt", due_on=TODAY - timedelta(days=5), by_user_id=SYSTEM
    )
    follow_up.add_milestone(
        session, made.id, title="Første møde", due_on=TODAY + timedelta(days=5), by_user_id=SYSTEM
    )
    follow_up.add_milestone(
        session, made.id, title="Evaluering", due_on=TODAY + timedelta(days=50), by_user_id=SYSTEM
    )
    view = initiatives.detail(session, made.id, today=TODAY)
    assert [m.title for m in view.overdue] == ["Lokale aftalt"]
    assert view.progress == 0
    follow_up.set_milestone_done(session, first.id, True, today=TODAY, by_user_id=SYSTEM)
    view = initiatives.detail(session, made.id, today=TODAY)
    assert view.overdue == [] and view.progress == 33
    assert view.milestones[0].done_on == TODAY
    with pytest.raises(InvalidInput):
        follow_up.add_milestone(session, made.id, title="Uden dato", due_on=None, by_user_id=SYSTEM)
    with pytest.raises(InvalidInput):
        follow_up.add_milestone(session, made.id, title="", due_on=TODAY, by_user_id=SYSTEM)
    # Back to setting progress by hand.
    _edit(session, made, progress_from_milestones=False, progress=80)
    follow_up.set_milestone_done(session, first.id, False, by_user_id=SYSTEM)
    assert initiatives.detail(session, made.id).progress == 80


def test_timeline_entries_and_reflections(session):
    made = make_initiative(session)
    follow_up.add_timeline_entry(
        session,
        made.id,
        happened_on=TODAY,
        kind="event",
        text="Første spisning",
        today=TODAY,
        by_user_id=SYSTEM,
    )
    follow_up.add_timeline_entry(
        session,
        made.id,
        happened_on=TODAY - timedelta(days=1),
        kind="reflection",
        text="Vi lærte …",
        today=TODAY,
        by_user_id=SYSTEM,
    )
    assert [(e.kind, e.text) for e in initiatives.detail(session, made.id).timeline] == [
        ("event", "Første spisning"),
        ("reflection", "Vi lærte …"),
    ]
    for kwargs, key in [
        ({"happened_on": TODAY + timedelta(days=1)}, "error.timeline_in_future"),
        ({"text": ""}, "error.required"),
        ({"kind": "status"}, "error.not_a_choice"),
        ({"text": "x" * 5001}, "error.too_long"),
    ]:
        values = {"happened_on": TODAY, "kind": "event", "text": "ok", "today": TODAY} | kwargs
        with pytest.raises(InvalidInput) as err:
            follow_up.add_timeline_entry(session, made.id, **values, by_user_id=SYSTEM)
        assert err.value.key == key


def test_checklist(session):
    made = make_initiative(session)
    follow_up.set_checklist_item(
        session, made.id, "insurance", status="done", note="Frivilligforsikring", by_user_id=SYSTEM
    )
    follow_up.set_checklist_item(
        session, made.id, "police_certificate", status="not_relevant", by_user_id=SYSTEM
    )
    view = {c.item: (c.status, c.note) for c in initiatives.detail(session, made.id).checklist}
    assert view["insurance"] == ("done", "Frivilligforsikring")
    assert view["police_certificate"] == ("not_relevant", "")
    assert view["personal_data"] == ("open", "")
    with pytest.raises(InvalidInput):
        follow_up.set_checklist_item(session, made.id, "insurance", status="maybe", by_user_id=SYSTEM)
    with pytest.raises(InvalidInput):
        follow_up.set_checklist_item(session, made.id, "horoscope", status="done", by_user_id=SYSTEM)


def test_list_and_filters(session, ideas):
    process, (eat, _, walk) = ideas
    club = make_actor(session, name="Klubben")
    eating = lifecycle.create_initiative(
        session, title="Spisning i Øst", idea_ids=[eat.id], by_user_id=SYSTEM
    )
    walking = lifecycle.create_initiative(session, title="Gåture", idea_ids=[walk.id], by_user_id=SYSTEM)
    loose = make_initiative(session, title="Uden proces")
    initiative_actors.add_actor(session, eating.id, actor_id=club.id, role="lead", by_user_id=SYSTEM)
    follow_up.add_milestone(
        session, walking.id, title="For sent", due_on=TODAY - timedelta(days=1), by_user_id=SYSTEM
    )
    _edit(session, walking, status="planned")

    def titles(**filters):
        return [r.title for r in initiatives.list_initiatives(session, today=TODAY, **filters)]

    assert titles() == ["Spisning i Øst", "Uden proces", "Gåture"]
    assert titles(statuses=["planned"]) == ["Gåture"]
    assert titles(actor_id=club.id) == ["Spisning i Øst"]
    assert titles(process_id=process.id) == ["Spisning i Øst", "Gåture"]
    assert titles(overdue_only=True) == ["Gåture"]
    assert titles(search="øst") == ["Spisning i Øst"]
    row = next(r for r in initiatives.list_initiatives(session, today=TODAY) if r.id == eating.id)
    assert (row.lead, row.partners, row.checklist_open, row.ideas) == ("Klubben", [], 5, 1)
    assert loose.process_id is None


def test_roles_on_initiatives(session, ideas):
    _, (eat, _, _) = ideas
    politician, facilitator, leader = (
        make_user(session, role=r) for r in ("politician", "facilitator", "leader")
    )
    with pytest.raises(NotAllowed):
        lifecycle.create_initiative(session, title="Nej", idea_ids=[eat.id], by_user_id=politician.id)
    made = lifecycle.create_initiative(session, title="Ja", idea_ids=[eat.id], by_user_id=facilitator.id)
    with pytest.raises(NotAllowed):
        _edit(session, made, by_user_id=facilitator.id, progress=10)
    with pytest.raises(NotAllowed):
        follow_up.add_milestone(session, made.id, title="M", due_on=TODAY, by_user_id=politician.id)
    _edit(session, made, by_user_id=leader.id, progress=10)
    assert made.progress == 10


def test_deleting_an_initiative_keeps_ideas_and_entries(session, ideas):
    process, (eat, _, _) = ideas
    (entry,) = curation.add_ideas(session, process.id, [eat.id], by_user_id=SYSTEM)
    made = lifecycle.create_initiative(session, title="Kortvarig", entry_ids=[entry.id], by_user_id=SYSTEM)
    initiative_actors.add_actor(
        session, made.id, actor_id=make_actor(session).id, role="lead", by_user_id=SYSTEM
    )
    follow_up.add_milestone(session, made.id, title="M", due_on=TODAY, by_user_id=SYSTEM)
    lifecycle.delete_initiative(session, made.id, by_user_id=SYSTEM)
    assert session.get(Initiative, made.id) is None
    assert [e.id for e in catalogue.catalogue(session, process.id).entries] == [entry.id]
    assert lineage.initiatives_for_ideas(session, [eat.id]) == {}
