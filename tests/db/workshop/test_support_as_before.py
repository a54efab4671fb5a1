"""`tally.support`, now a prebuilt select on the Session's connection, gives what the ORM gave.

`support` used to build its select on every call, read it through `Session.execute` and add
each row to its Support; it now runs one of three selects built once (expanding parameters
for the ids) on the Session's connection, fetches the rows at once and builds the per-group
dicts before the totals, because on SQLite that fixed cost was as large as the read.
`_former_support` is the former code, kept as the reference: random votes in two workshops
(groups, dots, ideas nobody voted for), asked by workshop, by ideas, by both, as lists or
sets, must give the same Support per idea, in the same order. Runs on SQLite, and on
PostgreSQL when DATABASE_URL points there.
"""

from __future__ import annotations

from collections.abc import Iterable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.models import IdeaSupportByGroup
from services.workshop import tally
from services.workshop.tally import Support
from tests.factories import make_idea, make_participant, make_vote, make_workshop
from vocabulary import STAKEHOLDER_GROUPS


def _former_support(
    session: Session, *, workshop_ids: Iterable[int] = (), idea_ids: Iterable[int] = ()
) -> dict[int, Support]:
    kept = IdeaSupportByGroup
    named = [
        column.in_(ids)
        for column, ids in ((kept.workshop_id, list(workshop_ids)), (kept.idea_id, list(idea_ids)))
        if ids
    ]
    if not named:
        return {}
    query = select(kept.idea_id, kept.stakeholder_group, kept.dots, kept.voters).where(or_(*named))
    result: dict[int, Support] = {}
    for idea_id, group, dots, voters in session.execute(query):
        entry = result.setdefault(idea_id, Support(idea_id))
        entry.dots += dots
        entry.voters += voters
        entry.dots_by_group[group] = dots
        entry.voters_by_group[group] = voters
    return result


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    people=st.lists(st.tuples(st.booleans(), st.sampled_from(STAKEHOLDER_GROUPS)), min_size=1, max_size=6),
    ideas=st.lists(st.booleans(), min_size=1, max_size=6),  # the workshop each idea is in
    votes=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(1, 4)), max_size=25),
    asked=st.lists(st.integers(0, 5), max_size=6),  # the ideas a page asks for
    as_set=st.booleans(),
)
def test_support_as_before(session, people, ideas, votes, asked, as_set):
    try:
        workshops = [make_workshop(session, phase="vote", dots_per_idea=3) for _ in range(2)]
        persons = [make_participant(session, workshops[w], stakeholder_group=g)[0] for w, g in people]
        rows = [make_idea(session, workshops[w]) for w in ideas]
        done = set()
        for person, idea, dots in votes:
            # on an idea of the participant's own workshop, one vote row per participant and idea
            p = persons[person % len(persons)]
            mine = [i for i in rows if i.workshop_id == p.workshop_id]
            if mine and (p.id, mine[idea % len(mine)].id) not in done:
                i = mine[idea % len(mine)]
                done.add((p.id, i.id))
                make_vote(session, next(w for w in workshops if w.id == p.workshop_id), p, i, dots)
        idea_ids = [rows[n % len(rows)].id for n in asked]
        scopes: list[dict[str, Iterable[int]]] = [
            {"workshop_ids": [workshops[0].id]},
            {"workshop_ids": [w.id for w in workshops]},
            {"idea_ids": set(idea_ids) if as_set else idea_ids},
            {"workshop_ids": [workshops[1].id], "idea_ids": idea_ids},
            {},
        ]
        for scope in scopes:
            got, expected = tally.support(session, **scope), _former_support(session, **scope)
            assert got == expected
            assert list(got) == list(expected)
            for entry in got.values():
                assert list(entry.dots_by_group) == list(expected[entry.idea_id].dots_by_group)
    finally:
        session.rollback()
