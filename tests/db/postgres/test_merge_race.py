"""Two facilitators merging at once must not build a chain (A→B→C) that loses A and its dots.

One merge (A) is written and held open; the other (B) runs as far as it can; then A
commits. Whichever order, every dot still counts for a surviving idea, no idea points
at a merged one, and a merge that lost the race says so.
"""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Idea
from db.session import engine_for, read_scope, session_scope
from services.common.errors import DomainError
from services.workshop import board, clusters, votes
from tests.db.postgres.interleave import Concurrent
from tests.factories import make_idea, make_participant, make_user, make_workshop

DOTS = {"x": 2, "y": 1, "z": 3}


@pytest.fixture
def room(session):
    w = make_workshop(session, phase="vote", dot_budget=5, dots_per_idea=3, hide_votes_until_reveal=False)
    ideas = {name: make_idea(session, w, title=name) for name in DOTS}  # ids in the order x < y < z
    for name, dots in DOTS.items():
        person, _ = make_participant(session, w)
        for _ in range(dots):
            votes.add_dot(session, person.id, ideas[name].id)
    facilitator = make_user(session, role="facilitator")
    session.commit()
    return w, {name: idea.id for name, idea in ideas.items()}, facilitator.id


@pytest.mark.parametrize(
    ("held", "raced", "lost"),
    [
        # x into y is held open while y goes into z: x must follow y into z.
        (("y", "x"), ("z", "y"), False),
        # y into z is held open while x goes into y: y is no survivor any more; refuse.
        (("z", "y"), ("y", "x"), True),
    ],
)
def test_concurrent_merges_never_lose_an_idea(db_url, room, held, raced, lost):
    w, ids, facilitator = room

    with Session(engine_for(db_url), expire_on_commit=False) as first:
        clusters.merge(first, ids[held[0]], [ids[held[1]]], by_user_id=facilitator)

        def merge_raced() -> None:
            with session_scope(db_url) as s:
                clusters.merge(s, ids[raced[0]], [ids[raced[1]]], by_user_id=facilitator)

        second = Concurrent(merge_raced).until_done_or_waiting(db_url)
        first.commit()
    second.finish()

    with read_scope(db_url) as s:
        pointers = dict(s.execute(select(Idea.id, Idea.merged_into_id).where(Idea.workshop_id == w.id)).all())
        ranked = board.results(s, w.id)
    chains = {i: p for i, p in pointers.items() if p is not None and pointers[p] is not None}
    assert chains == {}, "an idea merged into a merged idea counts for nobody"
    assert sum(r.dots for r in ranked) == sum(DOTS.values()), "every dot still counts for a survivor"
    if lost:
        assert isinstance(second.error, DomainError), "the merge that lost the race must be refused"
        assert second.error.key == "error.merged_meanwhile"
    else:
        assert second.error is None
        assert {r.id for r in ranked} == {ids["z"]}
