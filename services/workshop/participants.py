"""Workshop participants: joining by code and being recognised again by the token in the URL."""

from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, joinedload

import logs
from config import LANGUAGES
from db.models import Participant, Workshop
from services.admin import audit
from services.admin.municipality import effective
from services.admin.permissions import ByUser, can_run_workshops, require
from services.common.errors import InvalidInput, NotFound
from services.common.text import clean_email, clean_text, one_of, plain
from services.workshop.join_codes import workshop_by_code
from services.workshop.phases import ensure_open
from services.workshop.workshops import get_workshop, touch_board
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
    email: str | None = None,
    email_consent: bool = False,
    language: str = "da",
) -> tuple[Participant, str]:
    """A new participant in the workshop `code` names, and the token that identifies them.

    Only the token's hash is stored; the token itself lives in the participant's URL. An
    e-mail address is kept only with the participant's consent to the one outcome notice,
    with the language to write it in.
    """
    workshop = workshop_by_code(session, code)
    if not stakeholder_group:
        raise InvalidInput("error.choose_how_you_take_part")
    group = one_of(stakeholder_group, STAKEHOLDER_GROUPS, field="stakeholder_group")
    name = clean_text(display_name, field="display_name", max_len=DISPLAY_NAME_MAX, required=False)
    band = one_of(age_band, AGE_BANDS, field="age_band", required=False)
    allowed_areas = areas if areas is not None else effective(session).areas
    chosen_area = one_of(area, allowed_areas, field="area", required=False)
    address = clean_email(email)
    if address is not None and not email_consent:
        raise InvalidInput("error.email_consent")
    token = secrets.token_urlsafe(16)
    participant = Participant(
        workshop_id=workshop.id,
        token_hash=hash_token(token),
        display_name=name or None,
        stakeholder_group=group,
        age_band=band,
        area=chosen_area,
        first_time=first_time,
        email=address,
        notice_language=one_of(language, LANGUAGES, field="language") if address else None,
    )
    session.add(participant)
    session.flush()
    touch_board(session, workshop.id)
    # Ids only: the name a participant gives is theirs, not the operations log's.
    logs.event("participant.joined", workshop_id=workshop.id, participant_id=participant.id)
    return participant, token


_BY_TOKEN = select(Participant).where(Participant.token_hash == bindparam("token_hash"))
# The participant's page draws their workshop and its process too: one statement, not three.
_BY_TOKEN_WITH_WORKSHOP = _BY_TOKEN.options(
    joinedload(Participant.workshop, innerjoin=True).joinedload(Workshop.process, innerjoin=True)
)


def participant_by_token(session: Session, token: str | None, *, with_workshop: bool = False) -> Participant:
    """The participant a URL token belongs to; a tampered or unknown token is NotFound.

    `with_workshop`: their workshop and its process are loaded with them.
    """
    if not token or not TOKEN_PATTERN.fullmatch(token):
        raise NotFound("error.participant_link")
    statement = _BY_TOKEN_WITH_WORKSHOP if with_workshop else _BY_TOKEN
    participant = session.scalar(statement, {"token_hash": hash_token(token)})
    if participant is None:
        raise NotFound("error.participant_link")
    return participant


def ids_of_token(session: Session, token: str | None) -> tuple[int, int] | None:
    """(participant id, workshop id) of a participant token; None for a tampered or unknown one.

    A token names the same participant for as long as the participant exists (tokens are
    never reissued), so a process may keep the answer.
    """
    if not token or not TOKEN_PATTERN.fullmatch(token):
        return None
    row = session.execute(
        select(Participant.id, Participant.workshop_id).where(Participant.token_hash == hash_token(token))
    ).first()
    return None if row is None else (row[0], row[1])


def dots_spent_in(session: Session, workshop_id: int) -> dict[int, int]:
    """Dots spent per participant of a workshop (participant id -> votes_used), in one query.

    The board's push reads it for the room, so a tablet hears when its own participant's
    count moved (a dot from their other device) without asking for its own state on a timer.
    """
    rows = session.execute(
        select(Participant.id, Participant.votes_used).where(Participant.workshop_id == workshop_id)
    )
    return {participant_id: spent for participant_id, spent in rows}


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
    by_user_id: ByUser,
) -> Participant:
    """Someone without a tablet, registered by the facilitator so their ideas and dots count."""
    require(session, by_user_id, can_run_workshops)
    workshop = get_workshop(session, workshop_id)
    ensure_open(workshop)
    if not stakeholder_group:
        raise InvalidInput("error.choose_how_they_take_part")
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
    touch_board(session, workshop.id)
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
