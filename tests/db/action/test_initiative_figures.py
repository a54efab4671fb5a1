"""The figures above the initiatives list and on the checklist, counted from rows in the database."""

from datetime import timedelta

from services.action import follow_up, initiative_actors, initiatives, lifecycle
from services.action.initiative_figures import ChecklistFigures, ListFigures, checklist_figures, list_figures
from services.admin.permissions import SYSTEM
from tests.factories import make_actor, make_initiative
from tests.when import TODAY


def _start(session, initiative):
    lifecycle.update_initiative(
        session,
        initiative.id,
        title=initiative.title,
        description=initiative.description,
        status="in_progress",
        progress=initiative.progress,
        starts_on=TODAY - timedelta(days=30),
        ends_on=None,
        today=TODAY,
        by_user_id=SYSTEM,
    )


def test_list_figures_count_the_initiatives_shown_and_all_of_them(session):
    club = make_actor(session, name="Klubben")
    eating = make_initiative(session, title="Spisning")
    walking = make_initiative(session, title="Gåture")
    driving = make_initiative(session, title="Kørsel")
    make_initiative(session, title="Strikkecafé")
    _start(session, eating)
    _start(session, walking)
    initiative_actors.add_actor(session, eating.id, actor_id=club.id, role="lead", by_user_id=SYSTEM)
    follow_up.add_milestone(
        session, walking.id, title="For sent", due_on=TODAY - timedelta(days=1), by_user_id=SYSTEM
    )
    follow_up.add_milestone(
        session, driving.id, title="I god tid", due_on=TODAY + timedelta(days=9), by_user_id=SYSTEM
    )

    every = initiatives.list_initiatives(session, today=TODAY)
    assert list_figures(session, every) == ListFigures(
        shown=4, total=4, in_progress=2, with_overdue=1, without_lead=3
    )
    running = initiatives.list_initiatives(session, statuses=["in_progress"], today=TODAY)
    assert list_figures(session, running) == ListFigures(
        shown=2, total=4, in_progress=2, with_overdue=1, without_lead=1
    )
    # The total still counts every initiative when nothing matches the filters.
    assert list_figures(session, []) == ListFigures(
        shown=0, total=4, in_progress=0, with_overdue=0, without_lead=0
    )


def test_list_figures_of_an_empty_database(session):
    assert list_figures(session, []) == ListFigures(0, 0, 0, 0, 0)


def test_checklist_figures_count_every_stand_taken_not_only_done(session):
    made = make_initiative(session)
    fresh = checklist_figures(initiatives.detail(session, made.id, today=TODAY).checklist)
    assert fresh == ChecklistFigures(handled=0, total=5) and fresh.share == 0
    follow_up.set_checklist_item(
        session, made.id, "insurance", status="done", note="Forsikret", by_user_id=SYSTEM
    )
    follow_up.set_checklist_item(
        session, made.id, "police_certificate", status="not_relevant", by_user_id=SYSTEM
    )
    figures = checklist_figures(initiatives.detail(session, made.id, today=TODAY).checklist)
    assert figures == ChecklistFigures(handled=2, total=5)
    assert figures.share == 0.4
