"""A workshop as files: ideas with clusters and support by group, as CSV and as Excel."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Idea, Participant, Theme
from services.common import spreadsheet
from services.workshop.board import results, room_figures, votes_visible
from services.workshop.workshops import get_workshop
from vocabulary import STAKEHOLDER_GROUPS


@dataclass(frozen=True)
class Sheet:
    name: str
    header: list[str]
    rows: list[list[spreadsheet.Cell]]


# The column and sheet names `sheets` needs translated in `headers` (besides "group.<group>").
HEADER_KEYS = (
    "id", "theme", "cluster", "title", "description", "dots", "voters", "merged", "merged_into", "group",
    "participants", "proxies", "sheet.ideas", "sheet.merged", "sheet.participants",
)  # fmt: skip


def sheets(session: Session, workshop_id: int, headers: dict[str, str]) -> list[Sheet]:
    """The export's tables; `headers` holds the translated column and group names."""
    workshop = get_workshop(session, workshop_id)
    groups = list(STAKEHOLDER_GROUPS)
    ranked = results(session, workshop_id)
    # Before a hidden vote is revealed the file may not give the ranking away either: the
    # ideas in the order they arrived, and no dots.
    counted = votes_visible(workshop)
    if not counted:
        ranked = sorted(ranked, key=lambda r: r.id)
    idea_rows: list[list[spreadsheet.Cell]] = [
        [
            r.id, r.theme, r.cluster, r.title, r.description,
            *((r.dots, r.voters) if counted else ()), r.merged,
            *((r.dots_by_group.get(g, 0) for g in groups) if counted else ()),
        ]
        for r in ranked
    ]  # fmt: skip
    merged = session.execute(
        select(Idea.id, Idea.title, Idea.merged_into_id, Theme.title)
        .outerjoin(Theme, Theme.id == Idea.theme_id)
        .where(Idea.workshop_id == workshop.id, Idea.merged_into_id.is_not(None), Idea.hidden.is_(False))
        .order_by(Idea.merged_into_id, Idea.id)
    ).all()
    figures = room_figures(session, workshop_id)
    proxies = session.scalar(
        select(func.count()).where(Participant.workshop_id == workshop.id, Participant.is_proxy.is_(True))
    )
    group_names = [headers[f"group.{g}"] for g in groups]
    group_rows: list[list[spreadsheet.Cell]] = [
        [
            headers[f"group.{g}"],
            figures.by_group.get(g, 0),
            *((sum(r.dots_by_group.get(g, 0) for r in ranked),) if counted else ()),
        ]
        for g in groups
    ]
    idea_columns = ("id", "theme", "cluster", "title", "description", "dots", "voters", "merged")
    return [
        Sheet(
            headers["sheet.ideas"],
            [headers[k] for k in idea_columns if counted or k not in ("dots", "voters")]
            + (group_names if counted else []),
            idea_rows,
        ),
        Sheet(
            headers["sheet.merged"],
            [headers["id"], headers["title"], headers["merged_into"], headers["theme"]],
            [list(row) for row in merged],
        ),
        Sheet(
            headers["sheet.participants"],
            [headers["group"], headers["participants"], *([headers["dots"]] if counted else [])],
            [*group_rows, [headers["proxies"], proxies, *([""] if counted else [])]],
        ),
    ]


def to_csv(sheet: Sheet, language: str) -> bytes:
    """One table as CSV for Excel in `language` (the one its headers are in)."""
    return spreadsheet.to_csv(sheet.header, sheet.rows, language=language)


def to_excel(all_sheets: list[Sheet]) -> bytes:
    return spreadsheet.to_xlsx([(sheet.name, sheet.header, sheet.rows) for sheet in all_sheets])
