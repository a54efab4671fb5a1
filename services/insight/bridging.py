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
above runs in Python over those grouped rows. The top lists let the database score every
idea with the same formula first and read back only the ideas that can reach a list
(`_contenders`), which Python then scores exactly as `scored_ideas` does.
"""

from __future__ import annotations

import functools
import heapq
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Row, Select, and_, case, func, or_, select
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


def _voting(workshop_ids: list[int] | None) -> Select:
    """Voting participants per workshop and group.

    votes_used is the participant's dots in the workshop, kept in step with their votes by
    services/workshop/votes.py, so this reads the small participant table instead of
    grouping every vote a second time.
    """
    query = select(Participant.workshop_id, Participant.stakeholder_group, func.count().label("n")).where(
        Participant.votes_used > 0
    )
    if workshop_ids is not None:
        query = query.where(Participant.workshop_id.in_(workshop_ids))
    return query.group_by(Participant.workshop_id, Participant.stakeholder_group)


def _kept_rows(workshop_ids: list[int] | None) -> Select:
    kept = IdeaSupportByGroup  # the counting rule's result per idea and group, kept
    query = select(kept.idea_id, kept.workshop_id, kept.stakeholder_group, kept.voters, kept.dots)
    if workshop_ids is not None:
        query = query.where(kept.workshop_id.in_(workshop_ids))
    return query


def _scored(per_idea: Iterable[Row], per_workshop: Iterable[Row]) -> dict[int, tuple[int, int, int, float]]:
    """bridging_score and the counts for every idea of `per_idea` (its kept rows, all of them)."""
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


def scored_ideas(
    session: Session, *, process_id: int | None = None, workshop_id: int | None = None
) -> dict[int, tuple[int, int, int, float]]:
    """Per surviving idea with counted dots: (dots, voters, groups with a supporter, bridging)."""
    workshop_ids = _workshop_scope(session, process_id, workshop_id)
    if workshop_ids == []:
        return {}
    per_idea = session.execute(_kept_rows(workshop_ids))
    return _scored(per_idea, session.execute(_voting(workshop_ids)))


# Scores computed in SQL differ from Python's in the last bits; an idea within this of the
# last place is scored again in Python, so the lists are exactly what Python ranked.
_SQL_SLACK = 1e-9


def _contenders(
    session: Session, workshop_ids: list[int] | None, limit: int, orders: tuple[str, ...]
) -> dict[int, tuple[int, int, int, float]]:
    """scored_ideas for only the ideas that can reach the first `limit` places in `orders`.

    The database scores every idea with the same formula and keeps those at or above the
    last place (within _SQL_SLACK for the score, exactly for dots and voters); their kept
    rows come back and are scored in Python as scored_ideas does. An idea not kept has
    `limit` ideas strictly ahead of it, so the lists cannot change; building 100 k ideas'
    figures in Python cost four times the query.
    """
    kept = IdeaSupportByGroup
    voting = _voting(workshop_ids).having(func.count() >= MIN_GROUP).cte("voting")
    baseline = (
        select(
            voting.c.workshop_id,
            func.sum(func.ln(ALPHA / (voting.c.n + (ALPHA + BETA)))).label("total"),
            func.count().label("k"),
        )
        .group_by(voting.c.workshop_id)
        .subquery()
    )
    # support_rate(s, max(n, s)) over the silent rate, for the groups that count.
    n = case((voting.c.n > kept.voters, voting.c.n), else_=kept.voters)
    gain = case(
        (
            voting.c.n.is_not(None),
            func.ln((kept.voters + ALPHA) / (n + (ALPHA + BETA)))
            - func.ln(ALPHA / (voting.c.n + (ALPHA + BETA))),
        ),
        else_=0.0,
    )
    per_idea = select(
        kept.idea_id,
        # An idea's rows share its workshop; grouping on the idea alone lets SQLite read
        # them in key order instead of sorting 400 k rows.
        func.max(kept.workshop_id).label("workshop_id"),
        func.sum(kept.dots).label("dots"),
        func.sum(kept.voters).label("voters"),
        func.sum(gain).label("gain"),
    ).outerjoin(
        voting,
        and_(voting.c.workshop_id == kept.workshop_id, voting.c.stakeholder_group == kept.stakeholder_group),
    )
    if workshop_ids is not None:
        per_idea = per_idea.where(kept.workshop_id.in_(workshop_ids))
    per_idea_sq = per_idea.group_by(kept.idea_id).subquery()
    score = case(
        (baseline.c.k.is_(None), 0.0), else_=func.exp((baseline.c.total + per_idea_sq.c.gain) / baseline.c.k)
    )
    scored = (
        select(per_idea_sq.c.idea_id, per_idea_sq.c.dots, per_idea_sq.c.voters, score.label("score"))
        .outerjoin(baseline, baseline.c.workshop_id == per_idea_sq.c.workshop_id)
        .cte("scored")
    )

    def last_place(column: ColumnElement, *order: ColumnElement) -> ColumnElement:
        """`column` of the idea in the last place by `order` (-1 with fewer ideas: all stay)."""
        place = select(column).order_by(*(c.desc() for c in order)).offset(limit - 1).limit(1)
        return func.coalesce(place.scalar_subquery(), -1)

    within = []
    if "bridging" in orders:
        within.append(scored.c.score >= last_place(scored.c.score, scored.c.score) - _SQL_SLACK)
    if "dots" in orders:
        dots = last_place(scored.c.dots, scored.c.dots, scored.c.voters)
        voters = last_place(scored.c.voters, scored.c.dots, scored.c.voters)
        within.append(or_(scored.c.dots > dots, and_(scored.c.dots == dots, scored.c.voters >= voters)))
    contenders = select(scored.c.idea_id).where(or_(*within))
    rows = session.execute(_kept_rows(None).where(kept.idea_id.in_(contenders)))
    return _scored(rows, session.execute(_voting(workshop_ids)))


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
    workshop_ids = _workshop_scope(session, process_id, workshop_id)
    if workshop_ids == [] or limit <= 0:
        return []
    return _ranked(session, _contenders(session, workshop_ids, limit, (by,)), by, limit)


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
    workshop_ids = _workshop_scope(session, process_id, workshop_id)
    if workshop_ids == [] or limit <= 0:
        return TopLists((), ())
    scored = _contenders(session, workshop_ids, limit, ORDERS)
    return TopLists(
        tuple(_ranked(session, scored, "dots", limit)), tuple(_ranked(session, scored, "bridging", limit))
    )
