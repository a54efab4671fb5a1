"""Who took part: participants by stakeholder group, age band and area against targets and population.

Per workshop, per process or over all processes. Every count is one GROUP BY in the
database; shares, ratios and the score are arithmetic over those few grouped rows.

- *Representation ratio* of an age band or area: its share among the participants who
  gave an answer ÷ its share of the population (`SAMSKAB_POPULATION_AGE_SHARES`,
  `SAMSKAB_POPULATION_AREA_SHARES`, normalised to add up to 1). 1 is "as in the
  population"; below `UNDER_REPRESENTED` (0.5: half as many as their share) is flagged.
- *Representation score* of a dimension: lowest ratio ÷ highest ratio over the values
  with a population share. 1 means every group took part at the same rate; one group
  with nobody makes it 0.
- Stakeholder groups have no population share: the process's target groups are the
  yardstick, and a target group with no participants, or fewer than `FEW`, is flagged.
- Anonymity: `masked(count)` is the one rule every page applies — counts 1–4 are shown
  as "< 5", and nothing derived from such a count (a share, a ratio, a bar) is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import config
from db.models import Idea, Participant, Process, ProcessTargetGroup, Workshop
from services.admin import audit, permissions
from services.common.errors import NotFound
from services.common.text import one_of
from services.workshop.processes import get_process
from services.workshop.tally import capped_dots
from vocabulary import AGE_BANDS, STAKEHOLDER_GROUPS

# Counts below this are shown as "< 5": a count of 1–4 could point to a person.
MASK_BELOW = 5
# A target group with fewer participants than this is flagged as reached by too few.
FEW = 5
# An age band or area taking part at less than half its population share is flagged.
UNDER_REPRESENTED = 0.5

DIMENSIONS = ("stakeholder_group", "age_band", "area")
# Not a value participants can choose: the row of those who did not say.
NOT_GIVEN = ""

Shares = tuple[tuple[str, float], ...]


def masked(count: int) -> int | None:
    """`count` as it may be shown: None (shown as "< 5") for 1–4; 0 and 5+ unchanged."""
    return None if 0 < count < MASK_BELOW else count


def is_masked(count: int) -> bool:
    return masked(count) is None


@dataclass(frozen=True)
class Gap:
    dimension: str  # "stakeholder_group" | "age_band" | "area"
    value: str  # stakeholder group key, age band key, or area name
    participants: int  # true count (the UI masks 1–4 as "< 5")
    ratio: float | None  # representation ratio; None for stakeholder groups (no population share)


@dataclass(frozen=True)
class Row:
    """One value of a dimension: a stakeholder group, an age band, an area, or NOT_GIVEN."""

    value: str
    participants: int
    share: float | None  # among participants who answered this question (None: nobody did)
    population: float | None  # population share 0..1 (None: not known)
    ratio: float | None  # share ÷ population (None when either is unknown)
    target: bool = False  # a target group of the process (stakeholder groups only)


@dataclass(frozen=True)
class Dimension:
    key: str
    rows: tuple[Row, ...]  # the values, then NOT_GIVEN if anyone left it out
    answered: int
    not_given: int
    score: float | None  # lowest ÷ highest ratio; None without population shares or answers

    @property
    def compared(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.population is not None)


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


# --- settings -------------------------------------------------------------------------


def population_shares(
    age_shares: Shares | None = None, area_shares: Shares | None = None
) -> tuple[Shares, Shares]:
    """The population shares given, or those configured."""
    if age_shares is None or area_shares is None:
        settings = config.load()
        age_shares = settings.population_age_shares if age_shares is None else age_shares
        area_shares = settings.population_area_shares if area_shares is None else area_shares
    return age_shares, area_shares


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


def scopes(session: Session) -> Scopes:
    """The processes and workshops the page offers, newest first."""
    processes = session.execute(
        select(Process.id, Process.title).order_by(Process.starts_on.desc().nulls_last(), Process.id.desc())
    )
    workshops = session.execute(
        select(Workshop.id, Workshop.title, Workshop.process_id).order_by(
            Workshop.starts_at.desc().nulls_first(), Workshop.id.desc()
        )
    )
    return Scopes(
        tuple(Choice(i, title) for i, title in processes),
        tuple(Choice(i, title, p) for i, title, p in workshops),
    )


# --- target groups --------------------------------------------------------------------


def target_groups(session: Session, process_id: int) -> tuple[str, ...]:
    rows = session.scalars(
        select(ProcessTargetGroup.stakeholder_group).where(ProcessTargetGroup.process_id == process_id)
    )
    return _in_order(set(rows))


def set_target_groups(
    session: Session, process_id: int, groups: list[str] | tuple[str, ...], *, by_user_id: int | None
) -> tuple[str, ...]:
    """Replace the process's target groups (facilitators and admins); audited."""
    permissions.require(session, by_user_id, permissions.can_set_target_groups)
    process = get_process(session, process_id)
    chosen = _in_order({one_of(g, STAKEHOLDER_GROUPS, field="stakeholder_group") for g in groups})
    before = target_groups(session, process.id)
    if chosen == before:
        return chosen
    process.target_groups = [ProcessTargetGroup(stakeholder_group=g) for g in chosen]
    session.flush()
    # The audit row also moves the data version, so cached dashboards recompute at once.
    audit.record(
        session,
        user_id=by_user_id,
        action="process.target_groups",
        entity="process",
        entity_id=process.id,
        before=list(before),
        after=list(chosen),
    )
    return chosen


def _in_order(groups: set[str]) -> tuple[str, ...]:
    return tuple(g for g in STAKEHOLDER_GROUPS if g in groups)


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


def _targets(session: Session, process_id: int | None, workshop_id: int | None) -> tuple[str, ...]:
    if workshop_id is not None:
        process_id = session.scalar(select(Workshop.process_id).where(Workshop.id == workshop_id))
    query = select(ProcessTargetGroup.stakeholder_group).distinct()
    if process_id is not None:
        query = query.where(ProcessTargetGroup.process_id == process_id)
    return _in_order(set(session.scalars(query)))


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


def _dot_counts(session: Session, workshop_ids: list[int] | None) -> dict[str, int]:
    """Dots that count (services.workshop.tally's rule) per voter's stakeholder group."""
    counted = capped_dots(workshop_ids=workshop_ids)
    query = (
        select(Participant.stakeholder_group, func.sum(counted.c.dots))
        .join(Participant, Participant.id == counted.c.participant_id)
        .group_by(Participant.stakeholder_group)
    )
    return {group: int(n) for group, n in session.execute(query)}


def _dimension(
    key: str,
    counts: dict[str | None, int],
    order: tuple[str, ...],
    shares: Shares,
    targets: tuple[str, ...] = (),
) -> Dimension:
    total_share = sum(p for _, p in shares)
    population = {k: p / total_share for k, p in shares} if total_share else {}
    not_given = counts.get(None, 0)
    answered = sum(n for k, n in counts.items() if k is not None)
    # Known values first in their order, then population-only values, then any value
    # seen in the data but no longer configured (an area renamed since).
    values = list(order) + [k for k in population if k not in order]
    values += sorted(k for k in counts if k is not None and k not in values)
    rows = []
    for value in values:
        n = counts.get(value, 0)
        share = n / answered if answered else None
        pop = population.get(value)
        ratio = share / pop if share is not None and pop else None
        rows.append(Row(value, n, share, pop, ratio, value in targets))
    if not_given:
        rows.append(Row(NOT_GIVEN, not_given, None, None, None))
    ratios = [r.ratio for r in rows if r.ratio is not None]
    score = None
    if ratios and max(ratios) > 0:
        score = min(ratios) / max(ratios)
    return Dimension(key, tuple(rows), answered, not_given, score)


def _gaps(groups: Dimension, age: Dimension, area: Dimension, targets: tuple[str, ...]) -> tuple[Gap, ...]:
    counts = {r.value: r.participants for r in groups.rows}
    target_gaps = sorted(
        (Gap("stakeholder_group", g, counts.get(g, 0), None) for g in targets if counts.get(g, 0) < FEW),
        key=lambda gap: (gap.participants, STAKEHOLDER_GROUPS.index(gap.value)),
    )
    under = [
        (gap, i)
        for dimension in (age, area)
        for i, row in enumerate(dimension.rows)
        if row.ratio is not None and row.ratio < UNDER_REPRESENTED
        for gap in (Gap(dimension.key, row.value, row.participants, row.ratio),)
    ]
    under.sort(key=lambda pair: (pair[0].ratio, DIMENSIONS.index(pair[0].dimension), pair[1]))
    return tuple(target_gaps) + tuple(gap for gap, _ in under)


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
    age_shares, area_shares = population_shares(age_shares, area_shares)
    workshop_ids = _scope(session, process_id, workshop_id)
    targets = _targets(session, process_id, workshop_id)
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

    groups = _dimension("stakeholder_group", by_group, STAKEHOLDER_GROUPS, (), targets)
    age = _dimension("age_band", by_age, AGE_BANDS, age_shares)
    areas = tuple(dict.fromkeys(a for a, _ in area_shares))
    area = _dimension("area", by_area, areas, area_shares)

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
        gaps=_gaps(groups, age, area, targets),
    )


def not_reached(session: Session, *, process_id: int | None = None) -> list[Gap]:
    """Target groups with no or few (< 5) participants, then age bands/areas below the threshold, worst first.

    Over one process, or every process when `process_id` is None; population shares from
    the settings.
    """
    return list(report(session, process_id=process_id).gaps)
