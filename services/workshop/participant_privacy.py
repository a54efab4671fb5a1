"""Participants' rights: seeing, exporting and erasing the personal details given at join.

A participant's personal details are the optional ones they typed or picked when joining:
a name, an age band, an area, whether it is their first workshop, and an e-mail address
for the one notice when the workshop's outcomes are published (with the language to
write it in). Erasing them keeps
the row, so their ideas, comments and dots stay on the board and in the results, counted
for their stakeholder group (how they took part, which the results are built on), but
without anything that says who they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from db.models import Comment, Idea, Participant, Vote, Workshop
from i18n import utc_to_local
from services.admin import audit, permissions
from services.common import spreadsheet
from services.workshop.participants import participant_by_token
from services.workshop.workshops import get_workshop, touch_board

# The columns that say who someone is; `None` in each is an erased participant.
PERSONAL_FIELDS = ("display_name", "age_band", "area", "first_time", "email", "notice_language")
_CLEARED = dict.fromkeys(PERSONAL_FIELDS)


def has_personal_data() -> ColumnElement[bool]:
    """SQL: the participant still holds one of the personal details."""
    return or_(*(getattr(Participant, field).is_not(None) for field in PERSONAL_FIELDS))


@dataclass(frozen=True)
class OwnData:
    """Everything Samskab keeps about one participant, as they may see it."""

    workshop_title: str
    display_name: str | None
    stakeholder_group: str
    age_band: str | None
    area: str | None
    first_time: bool | None
    email: str | None
    notice_language: str | None
    joined_at: datetime
    ideas: int
    comments: int
    dots: int

    @property
    def erased(self) -> bool:
        return all(getattr(self, field) is None for field in PERSONAL_FIELDS)


def own_data(session: Session, token: str | None) -> OwnData:
    """What is kept about the participant the URL token names (NotFound for a bad token)."""
    return own_data_of(session, participant_by_token(session, token))


# Their ideas, comments and dots counted in one statement: every participant page run reads them.
_COUNTS = select(
    select(func.count()).where(Idea.participant_id == bindparam("participant_id")).scalar_subquery(),
    select(func.count()).where(Comment.participant_id == bindparam("participant_id")).scalar_subquery(),
    select(func.coalesce(func.sum(Vote.dots), 0))
    .where(Vote.participant_id == bindparam("participant_id"))
    .scalar_subquery(),
)


def own_data_of(session: Session, me: Participant) -> OwnData:
    """What is kept about `me`, a participant their own token named."""
    ideas, comments, dots = session.execute(_COUNTS, {"participant_id": me.id}).one()
    return OwnData(
        workshop_title=me.workshop.title,
        display_name=me.display_name,
        stakeholder_group=me.stakeholder_group,
        age_band=me.age_band,
        area=me.area,
        first_time=me.first_time,
        email=me.email,
        notice_language=me.notice_language,
        joined_at=me.joined_at,
        ideas=int(ideas or 0),
        comments=int(comments or 0),
        dots=int(dots or 0),
    )


def erase_own_data(session: Session, token: str | None) -> bool:
    """Erase the personal details of the participant the token names; False if none were left.

    The token is the participant's only identity, so it is the check here, not a staff role;
    it keeps working afterwards, so they still see the board and their own ideas and dots.
    Allowed in every phase, a closed workshop too: the right does not end with the workshop.
    """
    me = participant_by_token(session, token)
    if all(getattr(me, field) is None for field in PERSONAL_FIELDS):
        return False
    for field in PERSONAL_FIELDS:
        setattr(me, field, None)
    session.flush()
    # A name may stand next to ideas and comments on every tablet: they must re-read the board.
    touch_board(session, me.workshop_id)
    audit.record(
        session,
        user_id=None,
        action="participant.erase_own",
        entity="participant",
        entity_id=me.id,
        workshop_id=me.workshop_id,
        by="participant",
    )
    return True


def anonymise_participants(session: Session, workshop_id: int, *, by_user_id: permissions.ByUser) -> int:
    """Erase the personal details of every participant of a workshop; returns how many had some.

    Facilitators and administrators, any phase: a municipality may need to honour a request
    made by phone, or clear a workshop as soon as its report is written.
    """
    permissions.require(session, by_user_id, permissions.can_run_workshops)
    workshop = get_workshop(session, workshop_id)
    count = clear_personal_data(session, Participant.workshop_id == workshop.id)
    if count:
        touch_board(session, workshop.id)
    audit.record(
        session,
        user_id=by_user_id,
        action="participants.anonymise",
        entity="workshop",
        entity_id=workshop.id,
        participants=count,
    )
    return count


def clear_personal_data(session: Session, *where: ColumnElement[bool]) -> int:
    """One UPDATE that erases the personal details of the participants `where` picks; the count."""
    result = session.execute(
        update(Participant)
        .where(*where, has_personal_data())
        .values(_CLEARED)
        .execution_options(synchronize_session="fetch")
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


# --- the workshop's participants as a file ------------------------------------------------

# Column keys; the page passes each translated as `headers[key]`, and `group.<g>`, `age.<a>`
# for the values, so the file reads in the downloader's language.
EXPORT_COLUMNS = (
    "id",
    "joined_at",
    "name",
    "group",
    "age_band",
    "area",
    "first_time",
    "proxy",
    "ideas",
    "comments",
    "dots",
)


@dataclass(frozen=True)
class ParticipantsFile:
    title: str
    header: list[str]
    rows: list[list[spreadsheet.Cell]]


def participants_file(
    session: Session, workshop_id: int, labels: dict[str, str], *, by_user_id: permissions.ByUser
) -> ParticipantsFile:
    """Every participant of a workshop with their details and how much they contributed.

    For a facilitator answering an access request or checking what the workshop holds; the
    download is personal data, so it is recorded like a change.
    """
    permissions.require(session, by_user_id, permissions.can_run_workshops)
    workshop: Workshop = get_workshop(session, workshop_id)
    ideas = (
        select(Idea.participant_id, func.count().label("n"))
        .where(Idea.workshop_id == workshop.id)
        .group_by(Idea.participant_id)
        .subquery()
    )
    comments = (
        select(Comment.participant_id, func.count().label("n"))
        .join(Idea, Idea.id == Comment.idea_id)
        .where(Idea.workshop_id == workshop.id)
        .group_by(Comment.participant_id)
        .subquery()
    )
    dots = (
        select(Vote.participant_id, func.sum(Vote.dots).label("n"))
        .where(Vote.workshop_id == workshop.id)
        .group_by(Vote.participant_id)
        .subquery()
    )
    query = (
        select(Participant, ideas.c.n, comments.c.n, dots.c.n)
        .outerjoin(ideas, ideas.c.participant_id == Participant.id)
        .outerjoin(comments, comments.c.participant_id == Participant.id)
        .outerjoin(dots, dots.c.participant_id == Participant.id)
        .where(Participant.workshop_id == workshop.id)
        .order_by(Participant.id)
    )

    def yes_no(value: bool | None) -> str:
        return "" if value is None else labels["yes" if value else "no"]

    rows: list[list[spreadsheet.Cell]] = [
        [
            p.id,
            utc_to_local(p.joined_at).replace(second=0, microsecond=0),
            p.display_name or "",
            labels[f"group.{p.stakeholder_group}"],
            labels[f"age.{p.age_band}"] if p.age_band else "",
            p.area or "",
            yes_no(p.first_time),
            yes_no(p.is_proxy),
            int(n_ideas or 0),
            int(n_comments or 0),
            int(n_dots or 0),
        ]
        for p, n_ideas, n_comments, n_dots in session.execute(query)
    ]
    audit.record(
        session,
        user_id=by_user_id,
        action="participants.export",
        entity="workshop",
        entity_id=workshop.id,
        participants=len(rows),
    )
    return ParticipantsFile(workshop.title, [labels[k] for k in EXPORT_COLUMNS], rows)


def to_csv(table: ParticipantsFile, language: str) -> bytes:
    return spreadsheet.to_csv(table.header, table.rows, language=language)


def to_xlsx(table: ParticipantsFile, sheet_title: str) -> bytes:
    return spreadsheet.to_xlsx([(sheet_title, table.header, table.rows)])
