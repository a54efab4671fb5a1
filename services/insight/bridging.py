"""Bridging support: how broadly the stakeholder groups back an idea, not only how many dots it has.

For an idea in workshop w, take every stakeholder group g with at least `MIN_GROUP`
voting participants in w (participants who cast at least one dot there). With s_g of
them supporting the idea (≥ 1 dot that counts by services.workshop.tally's rule, on it or on an
idea merged into it) and n_g voting in all:

    r_g      = (s_g + ALPHA) / (n_g + ALPHA + BETA)           support rate with a prior
    bridging = (r_1 · r_2 · … · r_k) ^ (1/k)                  geometric mean over those groups

Why this shape:
- The prior (ALPHA = BETA = 1, i.e. a uniform Beta(1, 1) belief about the rate, Laplace's
  rule of succession) keeps small samples honest: 3 of 3 is 0.8, not 1.0, while 30 of 30
  is 0.97; and no rate is ever 0, so the geometric mean stays defined.
- The geometric mean rewards breadth: a group that ignores the idea pulls the score
  down much more than an arithmetic mean would, so an idea backed by some people in
  every group beats one backed by many in one group with the same dots.
- Groups with fewer than `MIN_GROUP` voters are left out: one or two people cannot decide
  an idea's breadth (and their behaviour would be close to identifiable).

Ideas with no counted dots are left out of the ranking (there is no support to describe).
A workshop where no group reaches `MIN_GROUP` voters gives its ideas bridging 0.0: too few
people per group to say anything about breadth. Everything counted is grouped in the
database (supporters per idea per group over the counted dots; voting participants per
workshop per group from `participant.votes_used`); the arithmetic
above runs in Python over those grouped rows.
"""

from __future__ import annotations

import functools
import heapq
import math
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Idea, IdeaSupportByGroup, Participant, Workshop

ALPHA = 1.0  # prior supporters
BETA = 1.0  # prior non-supporters
MIN_GROUP = 3  # voting participants a group needs in a workshop to count
ORDERS = ("bridging", "dots")


@dataclass(frozen=True)
class RankedIdea:
    idea_id: int
    title: str
    workshop_title: str
    dots: int
    voters: int
    groups: int  # stakeholder groups with at least one supporter
    bridging: float  # 0..1


def support_rate(supporters: int, voters: int) -> float:
    """A group's support rate with the prior: (s + ALPHA) / (n + ALPHA + BETA)."""
    return (supporters + ALPHA) / (voters + ALPHA + BETA)


@functools.lru_cache(maxsize=65_536)
def _log_rate(supporters: int, voters: int) -> float:
    """log(support_rate): the same few (supporters, voters) pairs recur over 400 k rows."""
    return math.log(support_rate(supporters, voters))


def bridging_score(supporters: Mapping[str, int], voters: Mapping[str, int]) -> float:
    """The geometric mean of the support rates of the groups with at least MIN_GROUP voters.

    `supporters`: per group, voters who support the idea; `voters`: per group, voting
    participants in the idea's workshop. 0.0 when no group is large enough.
    """
    # max(): a supporter is a voter, whatever the counts say.
    rates = [
        support_rate(supporters.get(g, 0), max(n, supporters.get(g, 0)))
        for g, n in voters.items()
        if n >= MIN_GROUP
    ]
    if not rates:
        return 0.0
    return _clean(math.exp(sum(math.log(r) for r in rates) / len(rates)))


def _clean(score: float) -> float:
    # Logs and exps leave noise in the last bits (0.875 comes back as 0.87499999…), which
    # would tip the two-decimal display and ties; twelve decimals are far beyond meaning.
    return round(score, 12)


def _workshop_scope(session: Session, process_id: int | None, workshop_id: int | None) -> list[int] | None:
    if workshop_id is not None:
        return [workshop_id]
    if process_id is not None:
        return list(session.scalars(select(Workshop.id).where(Workshop.process_id == process_id)))
    return None


def scored_ideas(
    session: Session, *, process_id: int | None = None, workshop_id: int | None = None
) -> dict[int, tuple[int, int, int, float]]:
    """Per surviving idea with counted dots: (dots, voters, groups with a supporter, bridging)."""
    workshop_ids = _workshop_scope(session, process_id, workshop_id)
    if workshop_ids == []:
        return {}
    kept = IdeaSupportByGroup  # the counting rule's result per idea and group, kept
    per_idea_query = select(kept.idea_id, kept.workshop_id, kept.stakeholder_group, kept.voters, kept.dots)
    if workshop_ids is not None:
        per_idea_query = per_idea_query.where(kept.workshop_id.in_(workshop_ids))
    per_idea = session.execute(per_idea_query)
    # Voting participants: votes_used is the participant's dots in the workshop, kept in
    # step with their votes by services/workshop/votes.py, so this reads the small participant table
    # instead of grouping every vote a second time.
    voting = select(Participant.workshop_id, Participant.stakeholder_group, func.count()).where(
        Participant.votes_used > 0
    )
    if workshop_ids is not None:
        voting = voting.where(Participant.workshop_id.in_(workshop_ids))
    per_workshop = session.execute(voting.group_by(Participant.workshop_id, Participant.stakeholder_group))
    # The same formula as bridging_score, arranged for 100k ideas: every qualifying group
    # starts at the rate of nobody supporting (a per-workshop baseline), and each grouped
    # row adds what its supporters change. One pass, no dict per idea.
    silent: dict[tuple[int, str], tuple[int, float]] = {}
    baseline: dict[int, list[float]] = {}  # workshop -> [sum of log silent rates, groups]
    for workshop, group, n in per_workshop:
        if n >= MIN_GROUP:
            log_rate = math.log(support_rate(0, n))
            silent[(workshop, group)] = (n, log_rate)
            entry = baseline.setdefault(workshop, [0.0, 0])
            entry[0] += log_rate
            entry[1] += 1

    ideas: dict[int, list] = {}  # idea -> [workshop, dots, voters, groups, log gain]
    for idea_id, workshop, group, supporters, dots in per_idea:
        row = ideas.get(idea_id)
        if row is None:
            row = ideas[idea_id] = [workshop, 0, 0, 0, 0.0]
        row[1] += int(dots)
        row[2] += supporters
        row[3] += 1
        counted_group = silent.get((workshop, group))
        if counted_group is not None:
            n, log_silent = counted_group
            # max(): a supporter is a voter, whatever the counts say.
            row[4] += _log_rate(supporters, max(n, supporters)) - log_silent

    result = {}
    for idea_id, (workshop, dots, voters, groups, gain) in ideas.items():
        total, k = baseline.get(workshop, (0.0, 0))
        result[idea_id] = (dots, voters, groups, _clean(math.exp((total + gain) / k)) if k else 0.0)
    return result


def top_ideas(
    session: Session,
    *,
    process_id: int | None = None,
    workshop_id: int | None = None,
    limit: int = 5,
    by: str = "bridging",
) -> list[RankedIdea]:  # by: "bridging" | "dots"
    """The `limit` best supported ideas, by bridging score or by dots.

    Ties: by bridging → more dots, then the older idea; by dots → more voters, higher
    bridging, then the older idea.
    """
    if by not in ORDERS:
        raise ValueError(f"by must be one of {ORDERS}, got {by!r}")
    return _ranked(session, scored_ideas(session, process_id=process_id, workshop_id=workshop_id), by, limit)


def _ranked(
    session: Session, scored: dict[int, tuple[int, int, int, float]], by: str, limit: int
) -> list[RankedIdea]:
    def key(item: tuple[int, tuple[int, int, int, float]]) -> tuple:
        idea_id, (dots, voters, _, bridging) = item
        if by == "bridging":
            return (bridging, dots, -idea_id)
        return (dots, voters, bridging, -idea_id)

    best = heapq.nlargest(max(limit, 0), scored.items(), key=key)
    if not best:
        return []
    titles = {
        idea_id: (title, workshop_title)
        for idea_id, title, workshop_title in session.execute(
            select(Idea.id, Idea.title, Workshop.title)
            .join(Workshop, Workshop.id == Idea.workshop_id)
            .where(Idea.id.in_([idea_id for idea_id, _ in best]))
        )
    }
    return [
        RankedIdea(idea_id, *titles[idea_id], dots, voters, groups, bridging)
        for idea_id, (dots, voters, groups, bridging) in best
    ]


@dataclass(frozen=True)
class TopLists:
    by_dots: tuple[RankedIdea, ...]
    by_bridging: tuple[RankedIdea, ...]


def top_lists(
    session: Session, *, process_id: int | None = None, workshop_id: int | None = None, limit: int = 5
) -> TopLists:
    """Both top lists from one scoring pass (what the inclusion page shows side by side)."""
    scored = scored_ideas(session, process_id=process_id, workshop_id=workshop_id)
    return TopLists(
        tuple(_ranked(session, scored, "dots", limit)), tuple(_ranked(session, scored, "bridging", limit))
    )
