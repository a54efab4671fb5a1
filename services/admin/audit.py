"""The audit trail: who changed what, kept for admins and moderation lists."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from db.models import AuditEvent
from services.common.text import plain


def record(
    session: Session,
    *,
    user_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None = None,
    **detail: Any,
) -> AuditEvent:
    event = AuditEvent(
        user_id=user_id,
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
