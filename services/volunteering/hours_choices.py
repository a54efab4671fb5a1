"""What the hours and time forms offer to pick: volunteers, processes, initiatives, activities."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

import clock
from db.models import Activity, Actor, Initiative, Process, Volunteer


@dataclass(frozen=True)
class Choice:
    id: int
    label: str
    process_id: int | None = None


@dataclass(frozen=True)
class Choices:
    """What a form offers: active volunteers, processes, initiatives and activities."""

    volunteers: tuple[Choice, ...]
    processes: tuple[Choice, ...]
    initiatives: tuple[Choice, ...]
    activities: tuple[Choice, ...]
    # The process to preselect: the only one running today (none when several run, or none).
    running_process_id: int | None = None


def volunteer_label(name: str, volunteer_id: int) -> str:
    """How a volunteer is named in pick lists and the bulk table: unique even for equal names."""
    return f"{name} (#{volunteer_id})"


def choices(session: Session, *, today: date | None = None) -> Choices:
    today = today or clock.today()
    volunteers = session.execute(
        select(Volunteer.id, Volunteer.name)
        .where(Volunteer.anonymised.is_(False))
        .order_by(Volunteer.name, Volunteer.id)
    ).all()
    processes = session.execute(
        select(Process.id, Process.title, Process.starts_on, Process.ends_on).order_by(
            Process.created_at.desc()
        )
    ).all()
    # A finished process (an earlier round) is rarely where today's time goes.
    running = [
        i
        for i, _, start, end in processes
        if (start is None or start <= today) and (end is None or end >= today)
    ]
    initiatives = session.execute(
        select(Initiative.id, Initiative.title, Initiative.process_id).order_by(Initiative.title)
    ).all()
    activities = session.execute(
        select(Activity.id, Activity.title, Actor.name)
        .join(Actor, Actor.id == Activity.actor_id)
        .order_by(Actor.name, Activity.title)
    ).all()
    return Choices(
        volunteers=tuple(Choice(i, volunteer_label(n, i)) for i, n in volunteers),
        processes=tuple(Choice(i, t) for i, t, _, _ in processes),
        initiatives=tuple(Choice(i, t, p) for i, t, p in initiatives),
        activities=tuple(Choice(i, f"{t} – {a}") for i, t, a in activities),
        running_process_id=running[0] if len(running) == 1 else None,
    )
