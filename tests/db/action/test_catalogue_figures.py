"""The figures above a catalogue, counted from entries, ideas and initiatives in the database."""

from services.action import catalogue, curation, lifecycle
from services.action.catalogue_figures import CatalogueFigures, catalogue_figures
from services.admin.permissions import SYSTEM
from tests.factories import make_idea, make_process, make_workshop


def _figures(session, process_id):
    return catalogue_figures(
        catalogue.catalogue(session, process_id), catalogue.candidates(session, process_id)
    )


def test_catalogue_figures(session):
    process = make_process(session)
    workshop = make_workshop(session, process_id=process.id, themes=["Fællesskab", "Transport"])
    eat = make_idea(session, workshop, title="Fællesspisning", theme_id=workshop.themes[0].id)
    walk = make_idea(session, workshop, title="Gå-venner", theme_id=workshop.themes[0].id)
    drive = make_idea(session, workshop, title="Kørselsordning", theme_id=workshop.themes[1].id)
    make_idea(session, workshop, title="Ikke valgt")
    hidden = make_idea(session, workshop, title="Skjult")
    hidden.hidden = True
    session.flush()
    assert _figures(session, process.id) == CatalogueFigures(
        entries=0, sections=0, ideas=4, became_initiatives=0
    )

    eating, _, driving = curation.add_ideas(
        session, process.id, [eat.id, walk.id, drive.id], by_user_id=SYSTEM
    )
    curation.add_entry(session, process.id, title="Fra et borgermøde", section="Andet", by_user_id=SYSTEM)
    # Two initiatives from one entry still count that entry once.
    lifecycle.create_initiative(session, title="Torsdagsspisning", entry_ids=[eating.id], by_user_id=SYSTEM)
    lifecycle.create_initiative(session, title="Søndagsspisning", entry_ids=[eating.id], by_user_id=SYSTEM)
    lifecycle.create_initiative(
        session, title="Kørsel", idea_ids=[drive.id], entry_ids=[driving.id], by_user_id=SYSTEM
    )
    assert _figures(session, process.id) == CatalogueFigures(
        entries=4, sections=3, ideas=4, became_initiatives=2
    )
