"""The inspiration catalogue: picking ideas, wording for print, sections, order, support after merges."""

import pytest
from sqlalchemy import func, select

from db.models import CatalogueEntry, Cluster, Idea
from services.action import catalogue, curation
from services.admin.permissions import SYSTEM
from services.common.errors import Conflict, InvalidInput, NotAllowed, NotFound
from services.workshop.counts import recount_all
from tests.factories import make_idea, make_participant, make_process, make_user, make_vote, make_workshop


def _vote(session, workshop, person, idea, dots):
    make_vote(session, workshop, person, idea, dots)


@pytest.fixture
def board(session):
    """A process with two workshops, ideas on two themes, and votes from two groups."""
    process = make_process(session, title="Sammen mod ensomhed")
    first = make_workshop(session, process_id=process.id, phase="vote", themes=["Fællesskab", "Transport"])
    second = make_workshop(session, process_id=process.id, phase="vote", themes=["Generationer"])
    eat = make_idea(session, first, title="Fællesspisning", theme_id=first.themes[0].id)
    walk = make_idea(session, first, title="Gå-venner", theme_id=first.themes[0].id)
    drive = make_idea(session, first, title="Kørselsordning", theme_id=first.themes[1].id)
    grand = make_idea(session, second, title="Reservebedsteforældre", theme_id=second.themes[0].id)
    citizen, _ = make_participant(session, first, stakeholder_group="citizen")
    volunteer, _ = make_participant(session, first, stakeholder_group="volunteer")
    _vote(session, first, citizen, eat, 3)
    _vote(session, first, volunteer, eat, 2)
    _vote(session, first, volunteer, drive, 1)
    return {
        "process": process,
        "first": first,
        "second": second,
        "eat": eat,
        "walk": walk,
        "drive": drive,
        "grand": grand,
    }


def test_candidates_are_the_visible_survivors_most_supported_first(session, board):
    hidden = make_idea(session, board["first"], title="Noget grimt", hidden=True)
    merged = make_idea(session, board["first"], title="Spise sammen", merged_into_id=board["eat"].id)
    other_process = make_workshop(session)
    make_idea(session, other_process, title="Fremmed idé")
    found = catalogue.candidates(session, board["process"].id)
    assert [c.title for c in found][:2] == ["Fællesspisning", "Kørselsordning"]
    assert {c.title for c in found} == {
        "Fællesspisning",
        "Kørselsordning",
        "Gå-venner",
        "Reservebedsteforældre",
    }
    eat = found[0]
    assert (eat.dots, eat.voters, eat.dots_by_group) == (5, 2, {"citizen": 3, "volunteer": 2})
    assert hidden.id not in {c.id for c in found} and merged.id not in {c.id for c in found}


def test_add_ideas_grouped_by_theme_keeps_sections_together(session, board):
    p = board["process"].id
    added = curation.add_ideas(
        session,
        p,
        [board["eat"].id, board["grand"].id, board["drive"].id, board["walk"].id],
        by_user_id=SYSTEM,
    )
    assert [e.title for e in added] == [
        "Fællesspisning",
        "Reservebedsteforældre",
        "Kørselsordning",
        "Gå-venner",
    ]
    book = catalogue.catalogue(session, p)
    assert [(s.name, [e.title for e in s.entries]) for s in book.sections] == [
        ("Fællesskab", ["Fællesspisning", "Gå-venner"]),
        ("Generationer", ["Reservebedsteforældre"]),
        ("Transport", ["Kørselsordning"]),
    ]
    assert [e.position for e in book.entries] == [0, 1, 2, 3]
    eat = book.entries[0]
    assert (eat.dots, eat.voters, eat.idea_state, eat.workshop_title) == (5, 2, "ok", board["first"].title)
    with pytest.raises(Conflict) as err:
        curation.add_ideas(session, p, [board["eat"].id], by_user_id=SYSTEM)
    assert err.value.params == {"titles": "Fællesspisning"}
    with pytest.raises(NotFound):
        curation.add_ideas(session, p, [make_idea(session, make_workshop(session)).id], by_user_id=SYSTEM)
    with pytest.raises(InvalidInput):
        curation.add_ideas(session, p, [], by_user_id=SYSTEM)


def test_group_by_cluster_and_regroup(session, board):
    p = board["process"].id
    cluster = Cluster(workshop_id=board["first"].id, name="Mad og fællesskab")
    session.add(cluster)
    session.flush()
    board["eat"].cluster_id = cluster.id
    session.flush()
    curation.add_ideas(
        session, p, [board["eat"].id, board["drive"].id], group_by="cluster", by_user_id=SYSTEM
    )
    # An idea without a cluster falls back to its theme.
    assert [s.name for s in catalogue.catalogue(session, p).sections] == ["Mad og fællesskab", "Transport"]
    assert curation.regroup(session, p, "theme", by_user_id=SYSTEM) == 1
    assert [s.name for s in catalogue.catalogue(session, p).sections] == ["Fællesskab", "Transport"]
    with pytest.raises(InvalidInput):
        curation.regroup(session, p, "colour", by_user_id=SYSTEM)


def test_edit_wording_keeps_the_original_idea(session, board):
    p = board["process"].id
    (entry,) = curation.add_ideas(session, p, [board["eat"].id], by_user_id=SYSTEM)
    curation.update_entry(
        session,
        entry.id,
        title="Torsdagsspisning for alle",
        body="Aftensmad æøå.",
        section="Mad",
        by_user_id=SYSTEM,
    )
    book = catalogue.catalogue(session, p)
    shown = book.entries[0]
    assert (shown.title, shown.body, shown.section) == ("Torsdagsspisning for alle", "Aftensmad æøå.", "Mad")
    assert shown.idea_title == "Fællesspisning"
    assert session.get(Idea, board["eat"].id).title == "Fællesspisning"
    for bad, key in [({"title": ""}, "error.required"), ({"body": "x" * 3001}, "error.too_long")]:
        with pytest.raises(InvalidInput) as err:
            curation.update_entry(session, entry.id, **({"title": "Ok", "body": ""} | bad), by_user_id=SYSTEM)
        assert err.value.key == key
    session.refresh(entry)
    assert entry.title == "Torsdagsspisning for alle"


def test_moving_entries_and_sections(session, board):
    p = board["process"].id
    curation.add_ideas(session, p, [board["eat"].id, board["walk"].id, board["drive"].id], by_user_id=SYSTEM)
    walk = session.scalar(select(CatalogueEntry).where(CatalogueEntry.idea_id == board["walk"].id))
    curation.move_entry(session, walk.id, -1, by_user_id=SYSTEM)
    curation.move_entry(
        session, walk.id, -1, by_user_id=SYSTEM
    )  # already first in its section: nothing happens
    titles = [e.title for e in catalogue.catalogue(session, p).entries]
    assert titles == ["Gå-venner", "Fællesspisning", "Kørselsordning"]
    curation.move_section(session, p, "Transport", -1, by_user_id=SYSTEM)
    book = catalogue.catalogue(session, p)
    assert [s.name for s in book.sections] == ["Transport", "Fællesskab"]
    assert [e.title for e in book.entries] == ["Kørselsordning", "Gå-venner", "Fællesspisning"]
    # Moving an entry into another section puts it at that section's end.
    curation.update_entry(session, walk.id, title="Gå-venner", section="Transport", by_user_id=SYSTEM)
    book = catalogue.catalogue(session, p)
    assert [(s.name, [e.title for e in s.entries]) for s in book.sections] == [
        ("Transport", ["Kørselsordning", "Gå-venner"]),
        ("Fællesskab", ["Fællesspisning"]),
    ]
    assert [e.position for e in book.entries] == [0, 1, 2]


def test_hand_written_entry_and_removal(session, board):
    p = board["process"].id
    curation.add_ideas(session, p, [board["eat"].id], by_user_id=SYSTEM)
    typed = curation.add_entry(
        session, p, title="Idé fra vidensmødet", body="Skrevet af Åse", section="", by_user_id=SYSTEM
    )
    book = catalogue.catalogue(session, p)
    assert [s.name for s in book.sections] == ["Fællesskab", ""]
    assert book.entries[1].idea_state is None and book.entries[1].dots == 0
    curation.remove_entry(session, book.entries[0].id, by_user_id=SYSTEM)
    assert [e.id for e in catalogue.catalogue(session, p).entries] == [typed.id]
    assert session.get(Idea, board["eat"].id) is not None


def test_support_follows_merges_and_moderation(session, board):
    p = board["process"].id
    curation.add_ideas(session, p, [board["eat"].id, board["drive"].id], by_user_id=SYSTEM)
    # The board merges "Kørselsordning" into "Fællesspisning" after curation: the entry says so.
    board["drive"].merged_into_id = board["eat"].id
    recount_all(session)  # changed past the services that keep the counts
    session.flush()
    states = {e.title: (e.idea_state, e.dots) for e in catalogue.catalogue(session, p).entries}
    assert states == {"Fællesspisning": ("ok", 6), "Kørselsordning": ("merged", 6)}
    board["eat"].hidden = True
    recount_all(session)  # changed past the services that keep the counts
    session.flush()
    states = {e.title: (e.idea_state, e.dots) for e in catalogue.catalogue(session, p).entries}
    assert states == {"Fællesspisning": ("hidden", 0), "Kørselsordning": ("hidden", 0)}


def test_intro_publish_and_roles(session, board):
    p = board["process"].id
    politician = make_user(session, role="politician")
    leader = make_user(session, role="leader")
    facilitator = make_user(session, role="facilitator")
    for who in (politician, leader):
        with pytest.raises(NotAllowed):
            curation.add_ideas(session, p, [board["eat"].id], by_user_id=who.id)
        with pytest.raises(NotAllowed):
            curation.set_published(session, p, True, by_user_id=who.id)
    assert session.scalar(select(func.count()).select_from(CatalogueEntry)) == 0
    curation.add_ideas(session, p, [board["eat"].id], by_user_id=facilitator.id)
    curation.set_intro(session, p, "Kære borgere,\n\nhér er idéerne.", by_user_id=facilitator.id)
    curation.set_published(session, p, True, by_user_id=facilitator.id)
    book = catalogue.catalogue(session, p)
    assert book.intro == "Kære borgere,\n\nhér er idéerne." and book.published
    with pytest.raises(InvalidInput):
        curation.set_intro(session, p, "x" * 10_001, by_user_id=SYSTEM)
