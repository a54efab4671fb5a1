"""The politicians' summary: headline figures with their trend, key initiatives, top ideas and who is missing.

Every headline is a total to date with a trend: what happened in the last twelve months
(this month included, the resource map's default period) against the twelve months
before. Dates used for the trend: a participant's join time, an idea's creation time, an
initiative's start date (launched) or end date (completed), the day hours were worked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

import clock
from db.models import HoursEntry, Idea, Initiative, Participant, Process, Workshop
from i18n import fmt_int, fmt_percent, t
from services.action import initiatives
from services.common.dates import add_months, month_start
from services.insight import bridging, inclusion, representation
from services.volunteering import resources
from vocabulary import STAKEHOLDER_GROUPS

WINDOW_MONTHS = 12
# Launched: the initiative has started running (a start date that has come), whatever
# happened since; "proposed" and "planned" ones have not been launched yet.
LAUNCHED_STATUSES = ("in_progress", "paused", "completed", "stopped")
KEY_INITIATIVES = 4
TOP_IDEAS = 5


@dataclass(frozen=True)
class Trend:
    current: int  # in the last twelve months, this month included
    previous: int  # in the twelve months before

    @property
    def is_new(self) -> bool:
        return self.previous == 0 and self.current > 0

    @property
    def change(self) -> float | None:
        """Relative change (0.12 is +12 %); None when there is nothing to compare with."""
        return (self.current - self.previous) / self.previous if self.previous else None


@dataclass(frozen=True)
class Headline:
    total: int  # to date
    trend: Trend


@dataclass(frozen=True)
class KeyInitiative:
    id: int
    title: str
    status: str
    progress: int
    lead: str | None
    ends_on: date | None


@dataclass(frozen=True)
class Summary:
    """Plain values only: `st.cache_data` pickles it."""

    process_id: int | None
    process_title: str  # "" for all processes
    today: date
    period_start: date  # first day of the trend window
    participants: Headline
    groups: Headline  # stakeholder groups reached (of `groups_of`)
    groups_of: int  # the process's target groups, or all seven groups
    ideas: Headline
    launched: Headline
    completed: Headline
    volunteer_minutes: Headline
    hour_value: int
    key_initiatives: tuple[KeyInitiative, ...]
    more_initiatives: int  # running or recently completed, not listed
    top_ideas: tuple[bridging.RankedIdea, ...]
    not_reached: tuple[representation.Gap, ...]
    hours_by_month: tuple[tuple[date, int], ...]  # minutes in each month of the window
    # The process's level of influence (vocabulary.INFLUENCE_LEVELS) and promise; None for all processes.
    influence_level: str | None = None
    influence_promise: str = ""

    @property
    def value(self) -> int:
        """Estimated value of all volunteer time, in whole units of the currency."""
        return round(self.volunteer_minutes.total * self.hour_value / 60)

    @property
    def is_empty(self) -> bool:
        return not (
            self.participants.total
            or self.ideas.total
            or self.launched.total
            or self.volunteer_minutes.total
            or self.key_initiatives
        )


def _window_counts(
    session: Session, query_from: Any, column: Any, bounds: tuple, where: list[ColumnElement[bool]]
) -> tuple[int, int, int]:
    """Rows in total, in the trend window and in the twelve months before it."""
    start, middle, end = bounds
    total, current, previous = session.execute(
        select(
            func.count(),
            func.count().filter(column >= middle, column < end),
            func.count().filter(column >= start, column < middle),
        )
        .select_from(query_from)
        .where(*where)
    ).one()
    return int(total), int(current), int(previous)


def summary(
    session: Session,
    *,
    process_id: int | None = None,
    hour_value: int = 0,
    today: date | None = None,
    timezone: str | None = None,
) -> Summary:
    """The summary of one process, or of everything when `process_id` is None."""
    today = today or clock.today()
    window_start = add_months(month_start(today), -(WINDOW_MONTHS - 1))
    previous_start = add_months(window_start, -WINDOW_MONTHS)
    tomorrow = date.fromordinal(today.toordinal() + 1)
    day_bounds = (previous_start, window_start, tomorrow)
    time_bounds = tuple(clock.day_start_utc(d, timezone) for d in day_bounds)

    process_title = ""
    process: Process | None = None
    target_groups: tuple[str, ...] = ()
    if process_id is not None:
        process = session.get(Process, process_id)
        process_title = process.title if process else ""
        target_groups = tuple(g.stakeholder_group for g in process.target_groups) if process else ()
    in_process = [Workshop.process_id == process_id] if process_id is not None else []

    # Participants per stakeholder group, in total and in each half of the trend window.
    joined = Participant.joined_at
    by_group = session.execute(
        select(
            Participant.stakeholder_group,
            func.count(),
            func.count().filter(joined >= time_bounds[1], joined < time_bounds[2]),
            func.count().filter(joined >= time_bounds[0], joined < time_bounds[1]),
        )
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .where(*in_process)
        .group_by(Participant.stakeholder_group)
    ).all()
    participants = Headline(
        sum(r[1] for r in by_group), Trend(sum(r[2] for r in by_group), sum(r[3] for r in by_group))
    )
    counted = set(target_groups or STAKEHOLDER_GROUPS)
    groups = Headline(
        len({g for g, n, _, _ in by_group if n and g in counted}),
        Trend(
            len({g for g, _, n, _ in by_group if n and g in counted}),
            len({g for g, _, _, n in by_group if n and g in counted}),
        ),
    )

    # Ideas as the process overview counts them: active, not hidden, not merged into another.
    ideas = Headline(
        *_split(
            _window_counts(
                session,
                Idea.__table__.join(Workshop.__table__, Workshop.id == Idea.workshop_id),
                Idea.created_at,
                time_bounds,
                [*in_process, Idea.status == "active", Idea.hidden.is_(False), Idea.merged_into_id.is_(None)],
            )
        )
    )

    in_scope = [Initiative.process_id == process_id] if process_id is not None else []
    launched = Headline(
        *_split(
            _window_counts(
                session,
                Initiative.__table__,
                Initiative.starts_on,
                day_bounds,
                [*in_scope, Initiative.status.in_(LAUNCHED_STATUSES), Initiative.starts_on <= today],
            )
        )
    )
    completed = Headline(
        *_split(
            _window_counts(
                session,
                Initiative.__table__,
                Initiative.ends_on,
                day_bounds,
                [*in_scope, Initiative.status == "completed"],
            )
        )
    )

    # Volunteer hours with the resource map's own scope rule (time on the process or on
    # one of its initiatives), one GROUP BY month over all time.
    scope = resources.Scope(process_id=process_id)
    months = resources.minutes_by_month(session, HoursEntry, resources.scope_conditions(HoursEntry, scope))
    window_months = [add_months(window_start, i) for i in range(WINDOW_MONTHS)]
    volunteer_minutes = Headline(
        sum(months.values()),
        Trend(
            sum(months.get(m, 0) for m in window_months),
            sum(v for m, v in months.items() if previous_start <= m < window_start),
        ),
    )

    running = initiatives.list_initiatives(
        session, statuses=("in_progress", "completed"), process_id=process_id, today=today
    )
    key = sorted(
        (r for r in running if r.status == "in_progress"), key=lambda r: (-r.progress, r.title.casefold())
    ) + sorted(
        (r for r in running if r.status == "completed" and r.ends_on and r.ends_on >= window_start),
        key=lambda r: (r.ends_on, r.id),
        reverse=True,
    )

    return Summary(
        process_id=process_id,
        process_title=process_title,
        today=today,
        period_start=window_start,
        participants=participants,
        groups=groups,
        groups_of=len(counted),
        ideas=ideas,
        launched=launched,
        completed=completed,
        volunteer_minutes=volunteer_minutes,
        hour_value=hour_value,
        key_initiatives=tuple(
            KeyInitiative(r.id, r.title, r.status, r.progress, r.lead, r.ends_on)
            for r in key[:KEY_INITIATIVES]
        ),
        more_initiatives=max(0, len(key) - KEY_INITIATIVES),
        top_ideas=tuple(bridging.top_ideas(session, process_id=process_id, limit=TOP_IDEAS, by="bridging")),
        not_reached=tuple(inclusion.not_reached(session, process_id=process_id)),
        hours_by_month=tuple((m, months.get(m, 0)) for m in window_months),
        influence_level=process.influence_level if process else None,
        influence_promise=process.influence_promise if process else "",
    )


def _split(counts: tuple[int, int, int]) -> tuple[int, Trend]:
    total, current, previous = counts
    return total, Trend(current, previous)


# --- texts shared by the page and the PDF ------------------------------------------------


def trend_change(trend: Trend, *, absolute: bool = False) -> str | None:
    """ "+12 %", "-3", "±0" or "new"; None when both periods are empty.

    A plain hyphen for a fall, so `st.metric` points its arrow down.
    """
    if not trend.current and not trend.previous:
        return None
    if trend.is_new:
        return t("summary.trend_new")
    diff = trend.current - trend.previous
    sign = "+" if diff > 0 else ("-" if diff < 0 else "±")
    if absolute or trend.change is None:
        return f"{sign}{fmt_int(abs(diff))}"
    return f"{sign}{fmt_percent(abs(trend.change))}"


def trend_text(trend: Trend, *, absolute: bool = False) -> str:
    """ "+12 % vs previous 12 months", "new", or "" when there is nothing to compare."""
    change = trend_change(trend, absolute=absolute)
    if change is None:
        return ""
    return change if trend.is_new else t("summary.trend", change=change)


def gap_label(gap: representation.Gap) -> str:
    """One group nobody (or few) came from, in the user's language: "80 or older (few)"."""
    if gap.dimension == "stakeholder_group":
        name = t(f"group.{gap.value}")
    elif gap.dimension == "age_band":
        name = t(f"age.{gap.value}")
    else:
        name = t("summary.area", area=gap.value)
    if gap.participants == 0:
        return name
    if gap.participants < 5:
        return t("summary.gap_few", name=name)
    return t("summary.gap_under", name=name)


def not_reached_text(gaps: Iterable[representation.Gap]) -> str:
    labels = [gap_label(g) for g in gaps]
    if not labels:
        return t("summary.all_reached")
    return t("summary.not_reached", groups=", ".join(labels))
