"""The figures a user reads off initiatives: the counts above the list, an initiative's checklist.

Counted here rather than on the page, so what counts as "in progress", "overdue" or
"handled" is decided once, next to the rows the figures come from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Initiative
from services.action.initiatives import ChecklistView, InitiativeRow
from vocabulary import CHECKLIST_ITEMS


@dataclass(frozen=True)
class ListFigures:
    """The metrics above the initiatives list; all but `total` count the initiatives shown."""

    shown: int
    total: int
    in_progress: int
    with_overdue: int
    without_lead: int


def list_figures(session: Session, shown: Sequence[InitiativeRow]) -> ListFigures:
    """Figures for `shown` (the list as filtered), and how many initiatives there are in all."""
    return ListFigures(
        shown=len(shown),
        # Counted, not listed: the total needs no leads, partners or milestones.
        total=session.scalar(select(func.count(Initiative.id))) or 0,
        in_progress=sum(r.status == "in_progress" for r in shown),
        with_overdue=sum(r.overdue > 0 for r in shown),
        without_lead=sum(r.lead is None for r in shown),
    )


@dataclass(frozen=True)
class ChecklistFigures:
    handled: int
    total: int

    @property
    def share(self) -> float:
        return self.handled / self.total if self.total else 0.0


def checklist_figures(checklist: Sequence[ChecklistView]) -> ChecklistFigures:
    """How many of the ethics and law items have been taken a stand on, of every item there is.

    "Not relevant" is a stand too: only items still open are left to handle.
    """
    return ChecklistFigures(
        handled=sum(item.status != "open" for item in checklist), total=len(CHECKLIST_ITEMS)
    )
