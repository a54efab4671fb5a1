"""Workshop participants: joining by code and being recognised again by the token in the URL."""

from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import config
import logs
from db.models import Participant
from services.admin import audit
from services.common.errors import NotFound
from services.common.text import clean_text, one_of, plain
from services.workshop.workshops import ensure_open, get_workshop, touch_board, workshop_by_code
from vocabulary import AGE_BANDS, STAKEHOLDER_GROUPS

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{22}")
DISPLAY_NAME_MAX = 40


def hash_token(token: str) -> str:
    return hashlib.sha256(plain(token).encode()).hexdigest()


def join(
    session: Session,
    code: str,
    *,
    stakeholder_group: str | None,
    display_name: str | None = None,
    age_band: str | None = None,
    area: str | None = None,
    first_time: bool | None = None,
    areas: tuple[str, ...] | None = None,
) -> tuple[Participant, str]:
    """A new participant in the workshop `code` names, and the token that identifies them.

    Only the token's hash is stored; the token itself lives in the participant's URL.
    """
    workshop = workshop_by_code(session, code)
    group = one_of(stakeholder_group, STAKEHOLDER_GROUPS, field="stakeholder_group")
    name = clean_text(display_name, field="display_name", max_len=DISPLAY_NAME_MAX, required=False)
    band = one_of(age_band, AGE_BANDS, field="age_band", required=False)
    allowed_areas = areas if areas is not None else config.load().areas
    chosen_area = one_of(area, allowed_areas, field="area", required=False)
    token = secrets.token_urlsafe(16)
    participant = Participant(
        workshop_id=workshop.id,
        token_hash=hash_token(token),
        display_name=name or None,
        stakeholder_group=group,
        age_band=band,
        area=chosen_area,
        first_time=first_time,
    )
    session.add(participant)
    session.flush()
    touch_board(session, workshop.id, "joined")
    # Ids only: the name a participant gives is theirs, not the operations log's.
    logs.event("participant.joined", workshop_id=workshop.id, participant_id=participant.id)
    return participant, token


def participant_by_token(session: Session, token: str | None) -> Participant:
    """The participant a URL token belongs to; a tampered or unknown token is NotFound."""
    if not token or not TOKEN_PATTERN.fullmatch(token):
        raise NotFound("error.participant_link")
    participant = session.scalar(select(Participant).where(Participant.token_hash == hash_token(token)))
    if participant is None:
        raise NotFound("error.participant_link")
    return participant


def workshop_of_token(session: Session, token: str | None) -> int | None:
    """The workshop id a participant token belongs to; None for a tampered or unknown one."""
    if not token or not TOKEN_PATTERN.fullmatch(token):
        return None
    return session.scalar(select(Participant.workshop_id).where(Participant.token_hash == hash_token(token)))


def count_by_group(session: Session, workshop_id: int) -> dict[str, int]:
    rows = session.execute(
        select(Participant.stakeholder_group, func.count())
        .where(Participant.workshop_id == workshop_id)
        .group_by(Participant.stakeholder_group)
    )
    return dict(rows.all())


def add_proxy(
    session: Session,
    workshop_id: int,
    *,
    stakeholder_group: str | None,
    display_name: str | None = None,
    by_user_id: int,
) -> Participant:
    """Someone without a tablet, registered by the facilitator so their ideas and dots count."""
    workshop = get_workshop(session, workshop_id)
    ensure_open(workshop)
    participant = Participant(
        workshop_id=workshop.id,
        # Nobody can sign in as a proxy: the token is thrown away at once.
        token_hash=hash_token(secrets.token_urlsafe(16)),
        display_name=clean_text(display_name, field="display_name", max_len=DISPLAY_NAME_MAX, required=False)
        or None,
        stakeholder_group=one_of(stakeholder_group, STAKEHOLDER_GROUPS, field="stakeholder_group"),
        is_proxy=True,
    )
    session.add(participant)
    session.flush()
    touch_board(session, workshop.id, "joined")
    audit.record(
        session,
        user_id=by_user_id,
        action="participant.proxy",
        entity="participant",
        entity_id=participant.id,
    )
    return participant


def proxies(session: Session, workshop_id: int) -> list[Participant]:
    return list(
        session.scalars(
            select(Participant)
            .where(Participant.workshop_id == workshop_id, Participant.is_proxy.is_(True))
            .order_by(Participant.id)
        )
    )
