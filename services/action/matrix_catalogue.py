"""From a 2×2 matrix to the catalogue: the ideas of one quadrant (say, the quick wins) in one step."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CatalogueEntry, Workshop
from services.action.curation import add_ideas
from services.admin import audit
from services.admin.permissions import ByUser, can_curate_catalogue, require
from services.common.errors import Conflict
from services.workshop.matrices import get_matrix, quadrant_ideas


def send_quadrant_to_catalogue(session: Session, matrix_id: int, quadrant: str, *, by_user_id: ByUser) -> int:
    """Add the quadrant's ideas that are not in the process's catalogue yet; how many were added."""
    require(session, by_user_id, can_curate_catalogue)
    view = get_matrix(session, matrix_id)
    process_id = session.get_one(Workshop, view.workshop_id).process_id
    wanted = quadrant_ideas(session, matrix_id, quadrant)
    present = set(
        session.scalars(
            select(CatalogueEntry.idea_id).where(
                CatalogueEntry.process_id == process_id, CatalogueEntry.idea_id.in_(wanted)
            )
        )
    )
    fresh = [i for i in wanted if i not in present]
    if not fresh:
        raise Conflict("error.matrix_quadrant_empty")
    add_ideas(session, process_id, fresh, by_user_id=by_user_id)
    audit.record(
        session,
        user_id=by_user_id,
        action="matrix.to_catalogue",
        entity="process",
        entity_id=process_id,
        matrix_id=matrix_id,
        quadrant=quadrant,
        ideas=len(fresh),
    )
    return len(fresh)
