"""How well the participants mirror the people they are meant to: the representation arithmetic
over a few grouped counts (no database), what counts as a gap, and the one anonymity rule.

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

from sqlalchemy.orm import Session

from services.admin.municipality import effective
from vocabulary import STAKEHOLDER_GROUPS

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


# --- settings -------------------------------------------------------------------------


def population_shares(
    session: Session, age_shares: Shares | None = None, area_shares: Shares | None = None
) -> tuple[Shares, Shares]:
    """The population shares given, or those in effect (services.admin.municipality)."""
    if age_shares is None or area_shares is None:
        here = effective(session)
        age_shares = here.age_shares if age_shares is None else age_shares
        area_shares = here.area_shares if area_shares is None else area_shares
    return age_shares, area_shares


# --- representation -------------------------------------------------------------------


def measure_dimension(
    key: str,
    counts: dict[str | None, int],
    order: tuple[str, ...],
    shares: Shares,
    targets: tuple[str, ...] = (),
) -> Dimension:
    """A dimension's rows with their shares, population shares and ratios, and its score."""
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


def find_gaps(
    groups: Dimension, age: Dimension, area: Dimension, targets: tuple[str, ...]
) -> tuple[Gap, ...]:
    """Target groups reached by fewer than `FEW`, then age bands and areas under-represented, worst first."""
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
