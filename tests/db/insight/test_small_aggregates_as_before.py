"""The small aggregates, now run as Core statements built once, give what the ORM gave.

`data_version`, `inclusion.scopes` and `initiative_progress.initiative_figures` used to build
their selects on every call and read them through `Session.execute` (the ORM's result
loading); they now run prebuilt (or, for the figures, per-call) selects on the Session's
connection and fetch all rows at once, because on SQLite that fixed cost was as large as
the reads. `_former_*` are the former implementations, kept as the reference; random
processes, workshops, initiatives, milestones and leads (dates missing, equal or on the
edges of the period and of today) must give equal results, in the same order. Runs on
SQLite, and on PostgreSQL when DATABASE_URL points there.

`initiative_figures` now builds its selects once per shape of filters, with named bind
parameters for the filters' values: the statements it sends must be the former ones, with
the same values in the same places (only the parameters' names may differ on PostgreSQL).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import case, event, select, text
from sqlalchemy.orm import Session

from db.models import Actor, DataVersion, Initiative, InitiativeActor, Milestone, Process, Workshop
from services.action.initiatives import overdue_milestone
from services.insight import inclusion, initiative_progress
from services.insight.dashboard_filters import initiative_conditions, period
from services.insight.data_version import data_version
from services.insight.inclusion import Choice, Scopes
from services.insight.initiative_progress import (
    RUNNING,
    InitiativeFigures,
    InitiativeProgress,
    OverdueMilestone,
    _lead_name,
)
from tests.factories import make_actor, make_initiative, make_process, make_workshop
from tests.when import TODAY
from vocabulary import INITIATIVE_STATUSES

SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _former_data_version(session: Session, today: date) -> tuple[int | str, ...]:
    row = session.execute(select(DataVersion.version, DataVersion.votes).where(DataVersion.id == 1)).first()
    version, votes = row if row is not None else (0, 0)
    return (version, votes, today.isoformat())


def _former_scopes(session: Session) -> Scopes:
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


def _former_initiative_figures(
    session: Session,
    *,
    process_id: int | None,
    start: date | None,
    end: date | None,
    actor_id: int | None,
    today: date,
) -> InitiativeFigures:
    p = period(start, end, today)
    conditions = initiative_conditions(p, process_id, actor_id)
    lead = _lead_name()
    status_order = case({s: i for i, s in enumerate(INITIATIVE_STATUSES)}, value=Initiative.status)
    running = tuple(
        InitiativeProgress(i, title, status, progress, name or "")
        for i, title, status, progress, name in session.execute(
            select(Initiative.id, Initiative.title, Initiative.status, Initiative.progress, lead)
            .where(*conditions, Initiative.status.in_(RUNNING))
            .order_by(status_order, Initiative.progress.desc(), Initiative.id)
        )
    )
    overdue = tuple(
        OverdueMilestone(i, title, milestone, due, (today - due).days, name or "")
        for i, title, milestone, due, name in session.execute(
            select(Initiative.id, Initiative.title, Milestone.title, Milestone.due_on, lead)
            .join(Initiative, Initiative.id == Milestone.initiative_id)
            .where(*conditions, overdue_milestone(today))
            .order_by(Milestone.due_on, Milestone.id)
        )
    )
    return InitiativeFigures(
        running=running, overdue=overdue, without_lead=tuple(r for r in running if not r.lead)
    )


# A named parameter as psycopg takes it; SQLite's are positional (?) already.
_NAMED = re.compile(r"%\((\w+)\)s")


def _sent(session: Session, call: Callable[[], Any]) -> tuple[Any, list[tuple[str, tuple[Any, ...]]]]:
    """What `call` returns, and the statements it sent with their values in the order they appear."""
    engine = session.get_bind()
    sent: list[tuple[str, tuple[Any, ...]]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if isinstance(parameters, dict):
            values = tuple(parameters[name] for name in _NAMED.findall(statement))
            sent.append((_NAMED.sub("?", statement), values))
        else:
            sent.append((statement, tuple(parameters)))

    event.listen(engine, "before_cursor_execute", record)
    try:
        return call(), sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_data_version_as_before(session):
    assert data_version(session, TODAY) == _former_data_version(session, TODAY)
    session.execute(text("DELETE FROM data_version"))  # the row missing: (0, 0)
    assert data_version(session, TODAY) == _former_data_version(session, TODAY) == (0, 0, TODAY.isoformat())
    session.rollback()


# Days from TODAY, few enough that equal dates (ties broken by id) are common.
day = st.one_of(st.none(), st.integers(-3, 3))


@SLOW
@given(processes=st.lists(st.tuples(day, st.lists(day, max_size=3)), max_size=6))
def test_scopes_as_before(session, processes):
    try:
        for starts, workshops in processes:
            process = make_process(session)
            process.starts_on = None if starts is None else TODAY + timedelta(days=starts)
            for at in workshops:
                workshop = make_workshop(session, process_id=process.id)
                workshop.starts_at = None if at is None else datetime(2026, 11, 23, 17) + timedelta(days=at)
        session.flush()
        assert inclusion.scopes(session) == _former_scopes(session)
    finally:
        session.rollback()


initiative = st.fixed_dictionaries(
    {
        "status": st.sampled_from(INITIATIVE_STATUSES),
        "progress": st.sampled_from([0, 10, 50, 50, 100]),
        "starts_on": day,
        "ends_on": st.one_of(st.none(), st.integers(-400, 30)),
        "lead": st.integers(0, 2),  # none, the first actor, the second
        "partner": st.integers(0, 2),
        "process": st.booleans(),  # the first process or the second
        # milestones: (days from today it is due, or None; done); overdue ones are most
        "milestones": st.lists(
            st.tuples(st.one_of(day, st.integers(-20, -1)), st.booleans()), min_size=1, max_size=4
        ),
    }
)


@SLOW
@given(
    initiatives=st.lists(initiative, min_size=1, max_size=8),
    today_shift=st.integers(-2, 2),
    by_process=st.booleans(),
    by_actor=st.booleans(),
    default_period=st.booleans(),
)
def test_initiative_figures_as_before(
    session, initiatives, today_shift, by_process, by_actor, default_period
):
    try:
        today = TODAY + timedelta(days=today_shift)
        processes = [make_process(session).id, make_process(session).id]
        actors: list[Actor | None] = [None, make_actor(session), make_actor(session)]
        for spec in initiatives:
            row = make_initiative(session, process_id=processes[spec["process"]])
            row.status, row.progress = spec["status"], spec["progress"]
            row.starts_on = None if spec["starts_on"] is None else TODAY + timedelta(days=spec["starts_on"])
            row.ends_on = None if spec["ends_on"] is None else TODAY + timedelta(days=spec["ends_on"])
            if row.starts_on and row.ends_on and row.ends_on < row.starts_on:
                row.ends_on = row.starts_on  # an initiative ends on or after it starts
            lead, partner = actors[spec["lead"]], actors[spec["partner"]]
            if lead is not None:
                session.add(InitiativeActor(initiative_id=row.id, actor_id=lead.id, role="lead"))
            if partner is not None and partner is not lead:
                session.add(InitiativeActor(initiative_id=row.id, actor_id=partner.id, role="partner"))
            for n, (due, done) in enumerate(spec["milestones"]):
                due_on = None if due is None else TODAY + timedelta(days=due)
                session.add(Milestone(initiative_id=row.id, title=f"m{n}", due_on=due_on, done=done))
        session.flush()
        first = actors[1]
        assert first is not None
        filters = {
            "process_id": processes[0] if by_process else None,
            "start": None if default_period else today - timedelta(days=200),
            "end": None if default_period else today,
            "actor_id": first.id if by_actor else None,
            "today": today,
        }
        got, sent = _sent(session, lambda: initiative_progress.initiative_figures(session, **filters))
        expected, sent_before = _sent(
            session,
            lambda: _former_initiative_figures(
                session,
                process_id=filters["process_id"],
                start=filters["start"],
                end=filters["end"],
                actor_id=filters["actor_id"],
                today=today,
            ),
        )
        assert got == expected
        assert len(sent) == 2 and sent == sent_before
        types = [type(d) for m in got.overdue for d in (m.due_on, m.days_overdue)]
        assert types == [date, int] * len(got.overdue)
    finally:
        session.rollback()
