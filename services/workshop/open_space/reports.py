"""A session's report: notes, next steps, who was there (counts per stakeholder group),
and ideas, which join the workshop's board as ordinary ideas with their lineage."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.models import (
    Idea,
    OpenSpaceAttendance,
    OpenSpaceIdea,
    OpenSpacePick,
    OpenSpaceReport,
    Participant,
)
from services.common.errors import InvalidInput, LimitReached, NotAllowed
from services.common.text import clean_text
from services.workshop.ideas import TITLE_MAX
from services.workshop.open_space.common import (
    IDEAS_MAX,
    NEXT_STEPS_MAX,
    NOTES_MAX,
    running_space,
    topic_session,
    touch,
)
from services.workshop.workshops import touch_board
from vocabulary import STAKEHOLDER_GROUPS

# More than a hall holds is a typo, not a session.
PEOPLE_MAX = 500


def may_report(session: Session, participant: Participant, session_id: int) -> bool:
    """Those in a session write its report: who picked it, and who proposed it."""
    held = topic_session(session, session_id, participant.workshop_id)
    if held.proposed_by_participant_id == participant.id:
        return True
    return (
        session.scalar(
            select(OpenSpacePick.slot_id).where(
                OpenSpacePick.participant_id == participant.id, OpenSpacePick.session_id == held.id
            )
        )
        is not None
    )


def _idea_lines(ideas: str | None) -> list[str]:
    lines = [line for line in (ideas or "").replace("\r", "\n").split("\n") if line.strip()]
    if len(lines) > IDEAS_MAX:
        raise LimitReached("open_space.error_too_many_ideas", max=IDEAS_MAX)
    return [clean_text(line, field="open_space.idea", max_len=TITLE_MAX) for line in lines]


def _attendance(counts: Mapping[str, int] | None) -> dict[str, int]:
    kept: dict[str, int] = {}
    for group, people in (counts or {}).items():
        if group not in STAKEHOLDER_GROUPS:
            raise InvalidInput("error.not_a_choice", field="open_space.attendance")
        if not isinstance(people, int) or isinstance(people, bool) or not 0 <= people <= PEOPLE_MAX:
            raise InvalidInput("open_space.error_people", max=PEOPLE_MAX)
        if people:
            kept[group] = people
    return kept


def save_report(
    session: Session,
    participant: Participant,
    session_id: int,
    *,
    notes: str,
    next_steps: str = "",
    ideas: str = "",
    attendance: Mapping[str, int] | None = None,
) -> list[int]:
    """Write (or rewrite) a session's report; new idea lines join the board. The new ideas' ids.

    An idea already on the board from this session (same words) is not added twice, so
    saving the report again after a correction does not double its ideas.
    """
    workshop = running_space(session, participant.workshop_id)
    held = topic_session(session, session_id, workshop.id)
    if not may_report(session, participant, held.id):
        raise NotAllowed("open_space.error_not_in_session")
    notes = clean_text(notes, field="open_space.notes", max_len=NOTES_MAX, multiline=True)
    next_steps = clean_text(
        next_steps, field="open_space.next_steps", max_len=NEXT_STEPS_MAX, required=False, multiline=True
    )
    lines = _idea_lines(ideas)
    counts = _attendance(attendance)

    report = session.get(OpenSpaceReport, held.id)
    if report is None:
        report = OpenSpaceReport(session_id=held.id)
        session.add(report)
    report.notes, report.next_steps = notes, next_steps
    report.written_by_participant_id = participant.id
    session.execute(delete(OpenSpaceAttendance).where(OpenSpaceAttendance.session_id == held.id))
    session.add_all(
        OpenSpaceAttendance(session_id=held.id, stakeholder_group=g, people=n) for g, n in counts.items()
    )

    already = {
        title.casefold()
        for title in session.scalars(
            select(Idea.title)
            .join(OpenSpaceIdea, OpenSpaceIdea.idea_id == Idea.id)
            .where(OpenSpaceIdea.session_id == held.id, Idea.status == "active")
        )
    }
    added: list[int] = []
    for title in lines:
        if title.casefold() in already:
            continue
        already.add(title.casefold())
        idea = Idea(workshop_id=workshop.id, participant_id=participant.id, title=title)
        session.add(idea)
        session.flush()
        session.add(OpenSpaceIdea(idea_id=idea.id, session_id=held.id))
        added.append(idea.id)
    session.flush()
    touch(session, workshop.id)
    if added:
        touch_board(session, workshop.id)
    return added
