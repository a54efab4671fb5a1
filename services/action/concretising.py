"""The concretising plan of an idea: who, what, for whom, when, resources, the first step, and
how it is anchored after the process. Facilitators fill it in; the catalogue, the initiative and
the participants of a process in its concretising phase read it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Idea, Workshop
from db.models.knowledge import ConcretePlan
from services.admin import audit, permissions
from services.common.errors import InvalidInput, NotFound
from services.common.text import clean_text

FIELD_MAX = 2000


@dataclass(frozen=True)
class Plan:
    who: str = ""
    what: str = ""
    for_whom: str = ""
    timing: str = ""
    resources: str = ""
    first_step: str = ""
    anchoring: str = ""


PLAN_FIELDS = tuple(f.name for f in fields(Plan))


def save_plan(session: Session, idea_id: int, plan: Plan, *, by_user_id: permissions.ByUser) -> Plan:
    """Write the idea's plan (a new one, or over the old); at least one field must say something."""
    permissions.require(session, by_user_id, permissions.can_run_workshops)
    if session.get(Idea, idea_id) is None:
        raise NotFound("error.idea_not_found")
    clean = {
        name: clean_text(
            getattr(plan, name), field=f"plan_{name}", max_len=FIELD_MAX, required=False, multiline=True
        )
        for name in PLAN_FIELDS
    }
    if not any(clean.values()):
        raise InvalidInput("error.plan_empty")
    row = session.get(ConcretePlan, idea_id)
    if row is None:
        row = ConcretePlan(idea_id=idea_id)
        session.add(row)
    for name, value in clean.items():
        setattr(row, name, value)
    session.flush()
    audit.record(session, user_id=by_user_id, action="plan.saved", entity="idea", entity_id=idea_id)
    return Plan(**clean)


def plans_for(session: Session, idea_ids: Iterable[int]) -> dict[int, Plan]:
    """The plans of those ideas that have one."""
    wanted = list(idea_ids)
    if not wanted:
        return {}
    rows = session.scalars(select(ConcretePlan).where(ConcretePlan.idea_id.in_(wanted)))
    return {r.idea_id: Plan(**{name: getattr(r, name) for name in PLAN_FIELDS}) for r in rows}


def process_plans(session: Session, process_id: int) -> list[tuple[int, str, Plan]]:
    """(idea id, idea title, plan) of every planned idea of the process's workshops, oldest idea first."""
    rows = session.execute(
        select(ConcretePlan, Idea.title)
        .join(Idea, Idea.id == ConcretePlan.idea_id)
        .join(Workshop, Workshop.id == Idea.workshop_id)
        .where(Workshop.process_id == process_id)
        .order_by(Idea.id)
    ).all()
    return [(r.idea_id, title, Plan(**{name: getattr(r, name) for name in PLAN_FIELDS})) for r, title in rows]
