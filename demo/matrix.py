"""The demo's 2×2 matrix: earlier in the concretising workshop, the room placed its ideas on
impact and effort. Closed since, so the projector shows the room; its results are in the console."""

from __future__ import annotations

import random

from sqlalchemy.orm import Session

from db.models import Idea, Participant, Workshop
from services.admin.permissions import SYSTEM
from services.workshop import matrices

# Where the room, on the whole, put each idea (effort, impact); each person strays from it.
# Shared meals: cheap and loved; walking friends: modest on both; the driving scheme: much
# work, much good, and the most disagreement about the work.
_CENTRES = ((3, 8, 1), (4, 5, 1), (7, 8, 3))


def seed_matrix(
    session: Session, rng: random.Random, workshop: Workshop, ideas: list[Idea], people: list[Participant]
) -> int:
    """Open an impact/effort matrix on `ideas`, have each person place each, close it; its id."""
    view = matrices.open_matrix(
        session, workshop.id, [i.id for i in ideas], kind="impact_effort", by_user_id=SYSTEM
    )
    for person in people:
        places = {}
        for idea, (effort, impact, doubt) in zip(ideas, _CENTRES, strict=False):
            x = min(matrices.AXIS_MAX, max(0, effort + rng.randint(-doubt - 1, doubt + 1)))
            y = min(matrices.AXIS_MAX, max(0, impact + rng.randint(-1, 1)))
            places[idea.id] = (x, y)
        matrices.place(session, person, view.id, places)
    matrices.close_matrix(session, view.id, by_user_id=SYSTEM)
    return view.id
