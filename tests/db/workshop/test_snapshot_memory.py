"""A room's snapshots and the garbage collector (services/workshop/board.py).

A process keeps a room's last snapshots, and every full collection walked each of their
ideas, with every request waiting. An idea whose values are plain (tuples, no lists) drops
out of that walk after a full collection; one with comments holds their dicts and stays.
"""

import gc

from services.workshop import board, clusters, ideas
from tests.factories import make_participant, make_user, make_workshop


def test_a_snapshots_ideas_leave_the_collectors_walk_unless_they_hold_comments(session):
    facilitator = make_user(session, role="facilitator")
    w = make_workshop(session, phase="collect")
    person, _ = make_participant(session, w)
    theme = w.themes[0].id
    plain = ideas.add_idea(session, person, theme_id=theme, title="Gåture om tirsdagen")
    survivor = ideas.add_idea(session, person, theme_id=theme, title="Fællesspisning")
    merged = ideas.add_idea(session, person, theme_id=theme, title="Spis sammen")
    commented = ideas.add_idea(session, person, theme_id=theme, title="Kaffe på biblioteket")
    ideas.add_comment(session, person, commented.id, "Også om lørdagen")
    clusters.merge(session, survivor.id, [merged.id], by_user_id=facilitator.id)

    snap = board.snapshot(session, w.id)
    gc.collect()
    gc.collect()  # the first untracks what an idea holds, the second the idea itself

    shown = {i["id"]: i for i in snap["ideas"]}
    assert set(shown) == {plain.id, survivor.id, commented.id}
    assert list(shown[survivor.id]["merged_titles"]) == ["Spis sammen"]
    assert [i for i, idea in shown.items() if gc.is_tracked(idea)] == [commented.id]
