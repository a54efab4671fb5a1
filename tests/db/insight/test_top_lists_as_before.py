"""The top lists, now picked in SQL, equal ranking every scored idea in Python, as they used to.

`bridging.top_lists` and `top_ideas` used to score every idea in scope in Python
(`bridging.scored_ideas`, still public) and take the best; they now let the database
score and keep only the ideas that can reach the lists, and score those in Python the same
way. Random workshops (groups above and below MIN_GROUP, ties on dots, voters and scores,
merges) must give the same lists. Runs on SQLite, and on PostgreSQL when DATABASE_URL
points there.
"""

from __future__ import annotations

import heapq

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Idea, Workshop
from services.admin.permissions import SYSTEM
from services.common.errors import DomainError
from services.insight import bridging
from services.workshop import clusters
from tests.factories import make_idea, make_participant, make_process, make_vote, make_workshop

GROUPS = ("citizen", "employee", "business")


def _ranked_in_python(session: Session, scope: dict, by: str, limit: int) -> list[bridging.RankedIdea]:
    """The former ranking: every scored idea, the best `limit` by the order's key."""
    scored = bridging.scored_ideas(session, **scope)

    def key(item: tuple) -> tuple:
        idea_id, (dots, voters, _, score) = item
        return (score, dots, -idea_id) if by == "bridging" else (dots, voters, score, -idea_id)

    best = heapq.nlargest(max(limit, 0), scored.items(), key=key)
    titles = dict(
        (
            (i, (t, wt))
            for i, t, wt in session.execute(select(Idea.id, Idea.title, Workshop.title).join(Workshop))
        )
    )
    return [
        bridging.RankedIdea(i, *titles[i], dots, voters, groups, score)
        for i, (dots, voters, groups, score) in best
    ]


workshop = st.tuples(
    st.lists(st.integers(0, 2), min_size=0, max_size=9),  # each participant's group
    st.integers(1, 7),  # ideas
)
ballot = st.tuples(st.integers(0, 50), st.integers(0, 50), st.integers(1, 2))  # who, which idea, dots


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    workshops=st.lists(workshop, min_size=1, max_size=3),
    ballots=st.lists(ballot, max_size=40),
    merges=st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), max_size=2),
    limit=st.sampled_from([0, 1, 2, 3, 5, 20]),
    one_process=st.booleans(),
)
def test_top_lists_as_ranked_in_python(session, workshops, ballots, merges, limit, one_process):
    seen: set[tuple[int, int]] = set()  # one vote row per participant and idea
    try:
        processes = [make_process(session), make_process(session)]
        rooms = []
        for n, (groups, idea_count) in enumerate(workshops):
            w = make_workshop(session, process_id=processes[n % 2].id, phase="vote", dots_per_idea=2)
            people = [make_participant(session, w, stakeholder_group=GROUPS[g])[0] for g in groups]
            rooms.append((w, people, [make_idea(session, w) for _ in range(idea_count)]))
        for who, which, dots in ballots:
            w, people, ideas = rooms[which % len(rooms)]
            if people:
                person, idea = people[who % len(people)], ideas[which % len(ideas)]
                if (person.id, idea.id) not in seen:
                    seen.add((person.id, idea.id))
                    make_vote(session, w, person, idea, dots)
        for a, b in merges:  # within a workshop; the service refuses what it would refuse a user
            _, _, ideas = rooms[a % len(rooms)]
            try:
                with session.begin_nested():
                    clusters.merge(
                        session, ideas[a % len(ideas)].id, [ideas[b % len(ideas)].id], by_user_id=SYSTEM
                    )
            except DomainError:
                pass
        session.flush()
        for scope in (
            {"process_id": processes[0].id if one_process else None},
            {"workshop_id": rooms[0][0].id},
        ):
            lists = bridging.top_lists(session, **scope, limit=limit)
            assert list(lists.by_dots) == _ranked_in_python(session, scope, "dots", limit)
            assert list(lists.by_bridging) == _ranked_in_python(session, scope, "bridging", limit)
            for by in bridging.ORDERS:
                got = bridging.top_ideas(session, **scope, limit=limit, by=by)
                assert got == _ranked_in_python(session, scope, by, limit)
    finally:
        session.rollback()  # the next example starts from an empty database
