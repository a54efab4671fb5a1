"""The data version dashboards cache on: one number per insert-only log, read by index seeks.

Every change a dashboard shows leaves a new row behind: board changes and votes append to
`board_event`, staff changes to `audit_event`, and hours, staff time and survey responses
are rows of their own. The newest id of each therefore moves with every change, costs
one index seek to read (no COUNT over a million rows), and never takes a write lock.
The date is part of it because "overdue" and "this month" move at midnight.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import clock
from db.models import AuditEvent, BoardEvent, HoursEntry, StaffTimeEntry, SurveyResponse

_LOGS = (BoardEvent, AuditEvent, HoursEntry, StaffTimeEntry, SurveyResponse)


def data_version(session: Session, today: date | None = None) -> tuple[int | str, ...]:
    """A value that changes whenever anything a dashboard reads has changed."""
    newest = session.execute(select(*(select(func.max(m.id)).scalar_subquery() for m in _LOGS))).one()
    return (*(n or 0 for n in newest), (today or clock.today()).isoformat())
