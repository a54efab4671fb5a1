"""A process's target groups: the stakeholder groups it means to reach, chosen by facilitators
and admins (audited), kept in the vocabulary's order, and read for one process or for the
scope of an inclusion report. They are the yardstick for stakeholder groups, which have no
population share to compare with.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import ProcessTargetGroup, Workshop
from services.admin import audit, permissions
from services.admin.permissions import ByUser
from services.common.text import one_of
from services.workshop.processes import get_process
from vocabulary import STAKEHOLDER_GROUPS


def target_groups(session: Session, process_id: int) -> tuple[str, ...]:
    rows = session.scalars(
        select(ProcessTargetGroup.stakeholder_group).where(ProcessTargetGroup.process_id == process_id)
    )
    return _in_order(set(rows))


def set_target_groups(
    session: Session, process_id: int, groups: list[str] | tuple[str, ...], *, by_user_id: ByUser
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


def targets_in_scope(session: Session, process_id: int | None, workshop_id: int | None) -> tuple[str, ...]:
    """The target groups an inclusion report measures against: its process's, or every process's."""
    if workshop_id is not None:
        process_id = session.scalar(select(Workshop.process_id).where(Workshop.id == workshop_id))
    query = select(ProcessTargetGroup.stakeholder_group).distinct()
    if process_id is not None:
        query = query.where(ProcessTargetGroup.process_id == process_id)
    return _in_order(set(session.scalars(query)))
