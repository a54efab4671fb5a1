"""2×2 matrices: the facilitator opens one on some ideas, each participant places each idea, the
room sees the median of every idea with its interquartile range, overall or by stakeholder group.

Axes run 0..10 (`AXIS_MAX`). The presets are impact (y) against effort (x), and How-Now-Wow:
feasibility (y) against originality (x); the facilitator may name their own axes instead.
An idea's quadrant is read from its overall medians: at or above the middle (5) is "high".
Quartiles are Excel's QUARTILE.INC (`statistics.quantiles(method="inclusive")`), so anyone can
check a figure from the export in a spreadsheet.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

import clock
from db.models import Idea, Participant
from db.models.matrix import AXIS_MAX, MATRIX_KINDS, Matrix, MatrixIdea, MatrixPlacement
from services.admin import audit, permissions
from services.common.errors import Conflict, InvalidInput, NotFound
from services.common.text import clean_text, one_of
from services.workshop.phases import ensure_open
from services.workshop.workshops import get_workshop, touch_board
from vocabulary import STAKEHOLDER_GROUPS

AXIS_TEXT_MAX = 60
# Enough for a room to place in a few minutes on a tablet; more belongs in dots.
IDEAS_MAX = 12
MIDDLE = AXIS_MAX / 2


@dataclass(frozen=True)
class Axes:
    """The facilitator's own axes: a name and the words at each end, for x and for y."""

    x_name: str
    x_low: str
    x_high: str
    y_name: str
    y_low: str
    y_high: str


@dataclass(frozen=True)
class MatrixView:
    id: int
    workshop_id: int
    kind: str
    axes: Axes  # empty words for the presets: pages take theirs from the catalogues
    is_open: bool
    by_group: bool
    ideas: tuple[tuple[int, str], ...]  # (idea id, title) in the facilitator's order


@dataclass(frozen=True)
class Spread:
    """One idea's placements (overall, or of one stakeholder group): medians and quartiles."""

    idea_id: int
    title: str
    group: str | None
    count: int
    x_median: float
    x_q1: float
    x_q3: float
    y_median: float
    y_q1: float
    y_q3: float

    @property
    def quadrant(self) -> str:
        """'hl' = high on y, low on x (a quick win on impact/effort); the first letter is y."""
        return ("h" if self.y_median >= MIDDLE else "l") + ("h" if self.x_median >= MIDDLE else "l")


QUADRANTS = ("hl", "hh", "ll", "lh")


def quartiles(values: list[int]) -> tuple[float, float, float]:
    """(Q1, median, Q3) as Excel's QUARTILE.INC; one value is its own spread."""
    if len(values) == 1:
        return float(values[0]), float(values[0]), float(values[0])
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, median, q3


def _view(session: Session, matrix: Matrix) -> MatrixView:
    rows = session.execute(
        select(Idea.id, Idea.title)
        .join(MatrixIdea, MatrixIdea.idea_id == Idea.id)
        .where(MatrixIdea.matrix_id == matrix.id)
        .order_by(MatrixIdea.position)
    ).all()
    return MatrixView(
        id=matrix.id,
        workshop_id=matrix.workshop_id,
        kind=matrix.kind,
        axes=Axes(matrix.x_name, matrix.x_low, matrix.x_high, matrix.y_name, matrix.y_low, matrix.y_high),
        is_open=matrix.is_open,
        by_group=matrix.by_group,
        ideas=tuple((i, title) for i, title in rows),
    )


def _clean_axes(axes: Axes | None) -> Axes:
    if axes is None:
        raise InvalidInput("error.required", field="matrix_x_name")
    words = {
        name: clean_text(getattr(axes, name), field=f"matrix_{name}", max_len=AXIS_TEXT_MAX)
        for name in ("x_name", "x_low", "x_high", "y_name", "y_low", "y_high")
    }
    return Axes(**words)


def open_matrix(
    session: Session,
    workshop_id: int,
    idea_ids: Iterable[int],
    *,
    kind: str,
    axes: Axes | None = None,
    by_user_id: permissions.ByUser,
) -> MatrixView:
    """Open a matrix on `idea_ids` (visible ideas of the workshop); one open matrix per workshop."""
    permissions.require(session, by_user_id, permissions.can_run_workshops)
    workshop = get_workshop(session, workshop_id)
    ensure_open(workshop)
    kind = one_of(kind, MATRIX_KINDS, field="matrix_kind")
    words = _clean_axes(axes) if kind == "custom" else Axes("", "", "", "", "", "")
    wanted = list(dict.fromkeys(idea_ids))
    if not wanted:
        raise InvalidInput("error.pick_ideas")
    if len(wanted) > IDEAS_MAX:
        raise InvalidInput("error.matrix_too_many", max=IDEAS_MAX)
    found = session.scalars(
        select(Idea.id).where(
            Idea.id.in_(wanted),
            Idea.workshop_id == workshop.id,
            Idea.status == "active",
            Idea.hidden.is_(False),
            Idea.merged_into_id.is_(None),
        )
    ).all()
    if len(found) != len(wanted):
        raise NotFound("error.idea_not_found")
    if open_matrix_of(session, workshop.id) is not None:
        raise Conflict("error.matrix_already_open")
    matrix = Matrix(workshop_id=workshop.id, kind=kind, is_open=True, **vars(words))
    session.add(matrix)
    session.flush()
    session.add_all(MatrixIdea(matrix_id=matrix.id, idea_id=i, position=p) for p, i in enumerate(wanted))
    session.flush()
    # The tablets learn of it by the board's push (services.workshop.board.page_facts).
    touch_board(session, workshop.id)
    audit.record(
        session,
        user_id=by_user_id,
        action="matrix.opened",
        entity="workshop",
        entity_id=workshop.id,
        matrix_id=matrix.id,
        kind=kind,
        ideas=len(wanted),
    )
    return _view(session, matrix)


def _matrix(session: Session, matrix_id: int) -> Matrix:
    matrix = session.get(Matrix, matrix_id)
    if matrix is None:
        raise NotFound("error.matrix_not_found")
    return matrix


def close_matrix(session: Session, matrix_id: int, *, by_user_id: permissions.ByUser) -> None:
    """Stop placements; the results stay, for the console, the export and the catalogue."""
    permissions.require(session, by_user_id, permissions.can_run_workshops)
    matrix = _matrix(session, matrix_id)
    if not matrix.is_open:
        return
    matrix.is_open = False
    matrix.closed_at = clock.utcnow()
    touch_board(session, matrix.workshop_id)
    audit.record(
        session,
        user_id=by_user_id,
        action="matrix.closed",
        entity="workshop",
        entity_id=matrix.workshop_id,
        matrix_id=matrix.id,
    )


def show_by_group(
    session: Session, matrix_id: int, by_group: bool, *, by_user_id: permissions.ByUser
) -> None:
    """Split the projector's aggregate by stakeholder group, or join it again."""
    permissions.require(session, by_user_id, permissions.can_run_workshops)
    matrix = _matrix(session, matrix_id)
    matrix.by_group = bool(by_group)
    audit.record(
        session,
        user_id=by_user_id,
        action="matrix.by_group",
        entity="workshop",
        entity_id=matrix.workshop_id,
        matrix_id=matrix.id,
        by_group=matrix.by_group,
    )


def open_matrix_of(session: Session, workshop_id: int) -> MatrixView | None:
    """The workshop's open matrix, or None."""
    matrix = session.scalar(select(Matrix).where(Matrix.workshop_id == workshop_id, Matrix.is_open.is_(True)))
    return None if matrix is None else _view(session, matrix)


def get_matrix(session: Session, matrix_id: int) -> MatrixView:
    return _view(session, _matrix(session, matrix_id))


def matrices_of(session: Session, workshop_id: int) -> list[MatrixView]:
    """Every matrix of the workshop, newest first (the open one, then the closed ones' results)."""
    found = session.scalars(
        select(Matrix).where(Matrix.workshop_id == workshop_id).order_by(Matrix.id.desc())
    ).all()
    return [_view(session, m) for m in found]


def _axis_value(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= AXIS_MAX:
        raise InvalidInput("error.matrix_position", max=AXIS_MAX)
    return value


def place(
    session: Session, participant: Participant, matrix_id: int, positions: Mapping[int, tuple[int, int]]
) -> int:
    """The participant's places for ideas of the open matrix (idea id -> (x, y)); a new place
    replaces their earlier one. Returns how many ideas were placed."""
    matrix = _matrix(session, matrix_id)
    if matrix.workshop_id != participant.workshop_id:
        raise NotFound("error.matrix_not_found")
    ensure_open(get_workshop(session, matrix.workshop_id))
    if not matrix.is_open:
        raise Conflict("error.matrix_closed")
    in_matrix = set(session.scalars(select(MatrixIdea.idea_id).where(MatrixIdea.matrix_id == matrix.id)))
    clean = {}
    for idea_id, (x, y) in positions.items():
        if idea_id not in in_matrix:
            raise NotFound("error.idea_not_found")
        clean[idea_id] = (_axis_value(x), _axis_value(y))
    if not clean:
        raise InvalidInput("error.pick_ideas")
    mine = {
        p.idea_id: p
        for p in session.scalars(
            select(MatrixPlacement).where(
                MatrixPlacement.matrix_id == matrix.id, MatrixPlacement.participant_id == participant.id
            )
        )
    }
    for idea_id, (x, y) in clean.items():
        if idea_id in mine:
            mine[idea_id].x, mine[idea_id].y = x, y
        else:
            session.add(
                MatrixPlacement(matrix_id=matrix.id, idea_id=idea_id, participant_id=participant.id, x=x, y=y)
            )
    session.flush()
    return len(clean)


def my_places(session: Session, participant: Participant, matrix_id: int) -> dict[int, tuple[int, int]]:
    rows = session.execute(
        select(MatrixPlacement.idea_id, MatrixPlacement.x, MatrixPlacement.y).where(
            MatrixPlacement.matrix_id == matrix_id, MatrixPlacement.participant_id == participant.id
        )
    ).all()
    return {idea_id: (x, y) for idea_id, x, y in rows}


def spreads(session: Session, matrix_id: int, *, by_group: bool = False) -> list[Spread]:
    """Every placed idea's medians and quartiles, in the matrix's order; per stakeholder group
    (in the vocabulary's order) when asked."""
    view = get_matrix(session, matrix_id)
    rows = session.execute(
        select(MatrixPlacement.idea_id, Participant.stakeholder_group, MatrixPlacement.x, MatrixPlacement.y)
        .join(Participant, Participant.id == MatrixPlacement.participant_id)
        .where(MatrixPlacement.matrix_id == matrix_id)
    ).all()
    points: dict[tuple[int, str | None], tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for idea_id, group, x, y in rows:
        xs, ys = points[(idea_id, group if by_group else None)]
        xs.append(x)
        ys.append(y)
    groups: list[str | None] = list(STAKEHOLDER_GROUPS) if by_group else [None]
    out = []
    for idea_id, title in view.ideas:
        for among in groups:
            if (idea_id, among) not in points:
                continue
            xs, ys = points[(idea_id, among)]
            x_q1, x_med, x_q3 = quartiles(xs)
            y_q1, y_med, y_q3 = quartiles(ys)
            out.append(Spread(idea_id, title, among, len(xs), x_med, x_q1, x_q3, y_med, y_q1, y_q3))
    return out


def placed_by(session: Session, matrix_id: int) -> int:
    """How many participants have placed at least one idea."""
    return len(
        set(
            session.scalars(
                select(MatrixPlacement.participant_id).where(MatrixPlacement.matrix_id == matrix_id)
            )
        )
    )


def quadrant_ideas(session: Session, matrix_id: int, quadrant: str) -> list[int]:
    """The ideas whose overall medians lie in `quadrant` ('hl', 'hh', 'll', 'lh')."""
    quadrant = one_of(quadrant, QUADRANTS, field="matrix_quadrant")
    return [s.idea_id for s in spreads(session, matrix_id) if s.quadrant == quadrant]
