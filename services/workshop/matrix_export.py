"""A matrix's results as files: each idea's medians and quartiles (overall and by stakeholder
group), and every placement by group, never by person. CSV and Excel through services.common."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Idea, Participant
from db.models.matrix import MatrixIdea, MatrixPlacement
from services.common import spreadsheet
from services.workshop.matrices import spreads

# The column and sheet names `sheets` needs translated in `headers` (besides "group.<group>"
# and "quadrant.<hl|hh|ll|lh>", the quadrants in the matrix's own words).
HEADER_KEYS = (
    "idea", "group", "count", "x_median", "x_q1", "x_q3", "y_median", "y_q1", "y_q3", "quadrant",
    "x", "y", "all", "sheet_results", "sheet_placements",
)  # fmt: skip

Sheet = tuple[str, list[str], list[list[spreadsheet.Cell]]]


def sheets(session: Session, matrix_id: int, headers: Mapping[str, str]) -> list[Sheet]:
    """The results (overall rows, then each group's) and the placements, in `headers`' language."""
    rows: list[list[spreadsheet.Cell]] = []
    for by_group in (False, True):
        for s in spreads(session, matrix_id, by_group=by_group):
            rows.append(
                [
                    s.title, headers["all"] if s.group is None else headers[f"group.{s.group}"], s.count,
                    s.x_median, s.x_q1, s.x_q3, s.y_median, s.y_q1, s.y_q3,
                    headers[f"quadrant.{s.quadrant}"] if s.group is None else "",
                ]
            )  # fmt: skip
    placed = session.execute(
        select(Idea.title, Participant.stakeholder_group, MatrixPlacement.x, MatrixPlacement.y)
        .join(Idea, Idea.id == MatrixPlacement.idea_id)
        .join(Participant, Participant.id == MatrixPlacement.participant_id)
        .join(
            MatrixIdea, (MatrixIdea.idea_id == Idea.id) & (MatrixIdea.matrix_id == MatrixPlacement.matrix_id)
        )
        .where(MatrixPlacement.matrix_id == matrix_id)
        .order_by(MatrixIdea.position, Participant.stakeholder_group, MatrixPlacement.x, MatrixPlacement.y)
    ).all()
    keys = ("idea", "group", "count", "x_median", "x_q1", "x_q3", "y_median", "y_q1", "y_q3", "quadrant")
    return [
        (headers["sheet_results"], [headers[k] for k in keys], rows),
        (
            headers["sheet_placements"],
            [headers[k] for k in ("idea", "group", "x", "y")],
            [[title, headers[f"group.{group}"], x, y] for title, group, x, y in placed],
        ),
    ]


def to_csv(session: Session, matrix_id: int, headers: Mapping[str, str], language: str) -> bytes:
    """The results sheet as CSV for Excel in `language`."""
    _, header, rows = sheets(session, matrix_id, headers)[0]
    return spreadsheet.to_csv(header, rows, language=language)


def to_excel(session: Session, matrix_id: int, headers: Mapping[str, str]) -> bytes:
    return spreadsheet.to_xlsx(sheets(session, matrix_id, headers))
