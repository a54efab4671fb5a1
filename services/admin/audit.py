"""The audit trail: who changed what; filtered and exported for admins, purged after its retention period."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session, joinedload

import clock
from db.models import AuditEvent, User
from i18n import utc_to_local
from services.admin import permissions
from services.common import spreadsheet
from services.common.errors import InvalidInput
from services.common.text import plain

# The page shows at most this many rows; the export holds every row the filters match.
PAGE_LIMIT = 500
EXPORT_LIMIT = 100_000
SEARCH_MAX = 60


def record(
    session: Session,
    *,
    user_id: permissions.ByUser | None,
    action: str,
    entity: str,
    entity_id: int | None = None,
    **detail: Any,
) -> AuditEvent:
    event = AuditEvent(
        user_id=permissions.user_id_of(user_id),  # the system's own rows have no user
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True),
    )
    session.add(event)
    session.flush()
    return event


def recent(session: Session, limit: int = 200, entity: str | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).options(joinedload(AuditEvent.user))
    if entity:
        query = query.where(AuditEvent.entity == plain(entity))
    return list(session.scalars(query.order_by(AuditEvent.id.desc()).limit(limit)))


# --- reading it: filters and export ------------------------------------------------------

SYSTEM_USER = 0  # `AuditFilter.user_id` for the rows the system itself wrote (no user)


@dataclass(frozen=True)
class AuditFilter:
    """What the audit page narrows to; every field optional.

    `user_id` is a user's id, or SYSTEM_USER for the system's own rows. `search` matches the
    start of an action or entity ("workshop", "hours.delete"). The period is local days,
    both included.
    """

    user_id: int | None = None
    search: str = ""
    since: date | None = None
    until: date | None = None


def _query(flt: AuditFilter):  # noqa: ANN202 - a SQL SELECT
    if flt.since and flt.until and flt.until < flt.since:
        raise InvalidInput("error.dates_order")
    query = select(AuditEvent).options(joinedload(AuditEvent.user))
    if flt.user_id == SYSTEM_USER:
        query = query.where(AuditEvent.user_id.is_(None))
    elif flt.user_id is not None:
        query = query.where(AuditEvent.user_id == flt.user_id)
    search = plain(flt.search or "").strip().lower()[:SEARCH_MAX]
    if search:
        # A prefix, escaped: "_" and "%" in what an admin types match only themselves.
        pattern = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                func.lower(AuditEvent.action).like(pattern, escape="\\"),
                func.lower(AuditEvent.entity).like(pattern, escape="\\"),
            )
        )
    if flt.since:
        query = query.where(AuditEvent.at >= clock.day_start_utc(flt.since))
    if flt.until:
        query = query.where(AuditEvent.at < clock.day_start_utc(flt.until + timedelta(days=1)))
    return query.order_by(AuditEvent.id.desc())


def search(session: Session, flt: AuditFilter, *, limit: int = PAGE_LIMIT) -> list[AuditEvent]:
    """The events the filter matches, newest first."""
    return list(session.scalars(_query(flt).limit(limit)))


def count(session: Session, flt: AuditFilter) -> int:
    return session.scalar(select(func.count()).select_from(_query(flt).order_by(None).subquery())) or 0


def people(session: Session) -> list[tuple[int, str]]:
    """(id, username) of everyone who appears in the log, for the "who" filter."""
    rows = session.execute(
        select(User.id, User.username).where(User.id.in_(select(AuditEvent.user_id).distinct()))
    )
    return sorted(((i, u) for i, u in rows.all()), key=lambda row: row[1])


def who(event: AuditEvent, system_label: str) -> str:
    if event.user is not None:
        return event.user.username
    return system_label if event.user_id is None else "—"


def export_csv(
    session: Session, flt: AuditFilter, *, headers: Sequence[str], system_label: str, language: str
) -> bytes:
    """Every matching event as a CSV for Excel in `language` (`;` and a BOM for da/nb); cells inert."""
    rows: list[list[spreadsheet.Cell]] = [
        [
            utc_to_local(e.at) if e.at else None,
            who(e, system_label),
            e.action,
            e.entity,
            e.entity_id,
            e.detail,
        ]
        for e in search(session, flt, limit=EXPORT_LIMIT)
    ]
    return spreadsheet.to_csv(headers, rows, language=language)


# --- retention -----------------------------------------------------------------------------


def purge(session: Session, *, retention_days: int, by_user_id: permissions.ByUser) -> int:
    """Delete audit rows older than `retention_days` (0: keep everything); returns how many.

    A purge that removed rows leaves a row of its own, so the log says when it was cut and
    how far back; one that found nothing to remove writes nothing (it runs at every start).
    """
    permissions.require(session, by_user_id, permissions.can_manage_users)
    if retention_days <= 0:
        return 0
    cutoff: datetime = clock.utcnow() - timedelta(days=retention_days)
    # "fetch": rows this session holds are dropped from it too, so a reused id finds no ghost.
    deleted = session.execute(
        delete(AuditEvent).where(AuditEvent.at < cutoff).execution_options(synchronize_session="fetch")
    )
    gone = int(getattr(deleted, "rowcount", 0) or 0)
    if gone == 0:
        return 0
    record(
        session,
        user_id=by_user_id,
        action="audit.purge",
        entity="audit_event",
        retention_days=retention_days,
        before=cutoff,
        deleted=gone,
    )
    return gone
