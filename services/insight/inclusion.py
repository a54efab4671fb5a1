"""Who took part: participants by stakeholder group, age band and area against the target
groups and the population, first-timers, and the ideas and dots each group brought, in one
workshop, one process or every process; and the processes and workshops to choose from.
Every count is one GROUP BY in the database; shares, ratios, the score and the gaps are
`representation`'s arithmetic over those few grouped rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import starmap

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Idea, IdeaSupportByGroup, Participant, Process, Workshop
from services.common.errors import NotFound
from services.insight.representation import (
    NOT_GIVEN,
    Dimension,
    Gap,
    Shares,
    find_gaps,
    measure_dimension,
    population_shares,
)
from services.insight.target_groups import targets_in_scope
from services.workshop.processes import get_process
from vocabulary import AGE_BANDS, STAKEHOLDER_GROUPS


@dataclass(frozen=True)
class Contribution:
    """What one stakeholder group brought: participants, ideas and dots, and their shares."""

    group: str
    participants: int
    ideas: int
    dots: int
    idea_share: float | None
    dot_share: float | None


@dataclass(frozen=True)
class Report:
    participants: int
    targets: tuple[str, ...]
    groups: Dimension
    age: Dimension
    area: Dimension
    first_time: int
    returning: int
    first_time_not_given: int
    ideas: int
    dots: int
    contributions: tuple[Contribution, ...]
    gaps: tuple[Gap, ...]

    @property
    def targets_reached(self) -> int:
        """Target groups with at least one participant."""
        counts = {r.value: r.participants for r in self.groups.rows}
        return sum(1 for g in self.targets if counts.get(g, 0) > 0)

    @property
    def first_time_share(self) -> float | None:
        """Share of first-timers among those who said whether it was their first workshop."""
        answered = self.first_time + self.returning
        return self.first_time / answered if answered else None

    @property
    def score(self) -> float | None:
        """The lower of the age and area scores (the one a headline should show)."""
        scores = [d.score for d in (self.age, self.area) if d.score is not None]
        return min(scores) if scores else None


# --- what can be chosen ----------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    id: int
    title: str
    process_id: int | None = None  # a workshop's process


@dataclass(frozen=True)
class Scopes:
    processes: tuple[Choice, ...]  # newest first
    workshops: tuple[Choice, ...]  # per process, newest first


# Built once, and run as Core statements on the Session's connection: the page asks for
# its choices on every run, and on SQLite building the two selects and loading their
# rows through the ORM took as long as reading them.
_PROCESSES = select(Process.id, Process.title).order_by(
    Process.starts_on.desc().nulls_last(), Process.id.desc()
)
_WORKSHOPS = select(Workshop.id, Workshop.title, Workshop.process_id).order_by(
    Workshop.starts_at.desc().nulls_first(), Workshop.id.desc()
)


def scopes(session: Session) -> Scopes:
    """The processes and workshops the page offers, newest first."""
    connection = session.connection()
    processes = connection.execute(_PROCESSES).all()
    workshops = connection.execute(_WORKSHOPS).all()
    # starmap: the rows are (id, title[, process_id]), Choice's fields in order.
    return Scopes(tuple(starmap(Choice, processes)), tuple(starmap(Choice, workshops)))


# --- the report -----------------------------------------------------------------------


def _scope(session: Session, process_id: int | None, workshop_id: int | None) -> list[int] | None:
    """Workshop ids in scope (None: every workshop), checking that what was named exists."""
    if workshop_id is not None:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None or (process_id is not None and workshop.process_id != process_id):
            raise NotFound("error.workshop_not_found")
        return [workshop_id]
    if process_id is not None:
        get_process(session, process_id)
        return list(session.scalars(select(Workshop.id).where(Workshop.process_id == process_id)))
    return None


def _participant_counts(session: Session, workshop_ids: list[int] | None) -> list[tuple]:
    """(group, age band, area, first time, count): one GROUP BY over the participants."""
    query = select(
        Participant.stakeholder_group,
        Participant.age_band,
        Participant.area,
        Participant.first_time,
        func.count(),
    ).group_by(Participant.stakeholder_group, Participant.age_band, Participant.area, Participant.first_time)
    if workshop_ids is not None:
        query = query.where(Participant.workshop_id.in_(workshop_ids))
    return [tuple(r) for r in session.execute(query)]


def _idea_counts(session: Session, workshop_ids: list[int] | None) -> dict[str | None, int]:
    """Ideas on the board (active, not hidden, not merged away) per author's stakeholder group.

    Ideas without a participant (the author was removed) count under None.
    """
    query = (
        select(Participant.stakeholder_group, func.count(Idea.id))
        .select_from(Idea)
        .outerjoin(Participant, Participant.id == Idea.participant_id)
        .where(Idea.status == "active", Idea.hidden.is_(False), Idea.merged_into_id.is_(None))
        .group_by(Participant.stakeholder_group)
    )
    if workshop_ids is not None:
        query = query.where(Idea.workshop_id.in_(workshop_ids))
    return {group: n for group, n in session.execute(query)}


def _dot_counts(session: Session, workshop_ids: list[int] | None) -> dict[str | None, int]:
    """Dots that count (services.workshop.tally's rule, as kept) per voter's stakeholder group.

    Keyed like `_idea_counts`, though a voter always has a group: nothing counts under None.
    """
    kept = IdeaSupportByGroup
    query = select(kept.stakeholder_group, func.sum(kept.dots)).group_by(kept.stakeholder_group)
    if workshop_ids is not None:
        query = query.where(kept.workshop_id.in_(workshop_ids))
    return {group: int(n) for group, n in session.execute(query)}


def report(
    session: Session,
    *,
    process_id: int | None = None,
    workshop_id: int | None = None,
    age_shares: Shares | None = None,
    area_shares: Shares | None = None,
) -> Report:
    """Who took part in one workshop, one process, or (both None) every process.

    `age_shares`/`area_shares` are (key, percent) pairs; None reads the settings.
    """
    age_shares, area_shares = population_shares(session, age_shares, area_shares)
    workshop_ids = _scope(session, process_id, workshop_id)
    targets = targets_in_scope(session, process_id, workshop_id)
    by_group: dict[str | None, int] = {}
    by_age: dict[str | None, int] = {}
    by_area: dict[str | None, int] = {}
    by_first: dict[bool | None, int] = {}
    total = 0
    if workshop_ids != []:
        for group, band, area, first, n in _participant_counts(session, workshop_ids):
            total += n
            by_group[group] = by_group.get(group, 0) + n
            by_age[band] = by_age.get(band, 0) + n
            by_area[area] = by_area.get(area, 0) + n
            by_first[first] = by_first.get(first, 0) + n
        ideas = _idea_counts(session, workshop_ids)
        dots = _dot_counts(session, workshop_ids)
    else:
        ideas, dots = {}, {}

    groups = measure_dimension("stakeholder_group", by_group, STAKEHOLDER_GROUPS, (), targets)
    age = measure_dimension("age_band", by_age, AGE_BANDS, age_shares)
    areas = tuple(dict.fromkeys(a for a, _ in area_shares))
    area = measure_dimension("area", by_area, areas, area_shares)

    idea_total = sum(ideas.values())
    dot_total = sum(dots.values())
    # Ideas whose author was removed count under NOT_GIVEN, so the shares add up to 1.
    contributors: tuple[str | None, ...] = STAKEHOLDER_GROUPS + ((None,) if ideas.get(None) else ())
    contributions = tuple(
        Contribution(
            NOT_GIVEN if g is None else g,
            by_group.get(g, 0),
            ideas.get(g, 0),
            dots.get(g, 0),
            ideas.get(g, 0) / idea_total if idea_total else None,
            dots.get(g, 0) / dot_total if dot_total else None,
        )
        for g in contributors
    )
    return Report(
        participants=total,
        targets=targets,
        groups=groups,
        age=age,
        area=area,
        first_time=by_first.get(True, 0),
        returning=by_first.get(False, 0),
        first_time_not_given=by_first.get(None, 0),
        ideas=idea_total,
        dots=dot_total,
        contributions=contributions,
        gaps=find_gaps(groups, age, area, targets),
    )


def not_reached(session: Session, *, process_id: int | None = None) -> list[Gap]:
    """Target groups with no or few (< 5) participants, then age bands/areas below the threshold, worst first.

    Over one process, or every process when `process_id` is None; population shares from
    the settings.
    """
    return list(report(session, process_id=process_id).gaps)
