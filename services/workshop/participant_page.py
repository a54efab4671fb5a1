"""Everything the participant's page draws around the board, read in one session.

A room of tablets runs this page once per join and once more whenever the page's facts
move (the close, a matrix opening, Open Space switched on). Each section used to open a
session of its own and look the participant up by token again: seven look-ups per run,
a seventh of the run's time. The page now reads once; the sections that run again on
their own (the marketplace's live grid, the matrix's sliders) still read for themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from services.action import concretising
from services.action.concretising import Plan
from services.workshop import board, influence, knowledge, own_state, participant_privacy
from services.workshop.influence import Influence
from services.workshop.knowledge import Item
from services.workshop.participant_privacy import OwnData
from services.workshop.participants import participant_by_token


@dataclass(frozen=True)
class ParticipantPage:
    participant_id: int
    workshop_id: int
    code: str
    name: str | None
    closed: bool
    # The participant's own ideas and dots, as the board draws them (own_state.personal).
    mine: dict[str, Any]
    # What the board compares with each snapshot's, to ask for one run of the page (board.page_facts).
    facts: dict[str, Any]
    influence: Influence
    public_slug: str
    outcomes_published: bool
    process_id: int
    knowledge: list[Item]
    # Shown while the process concretises its ideas; empty otherwise.
    plans: list[tuple[int, str, Plan]]
    own_data: OwnData


def participant_page(session: Session, token: str | None) -> ParticipantPage:
    """The page of the participant `token` names (NotFound for a bad or erased link)."""
    me = participant_by_token(session, token, with_workshop=True)
    workshop = me.workshop
    process = workshop.process
    return ParticipantPage(
        participant_id=me.id,
        workshop_id=workshop.id,
        code=workshop.code,
        name=me.display_name,
        closed=workshop.phase == "closed",
        mine=own_state.personal(session, me),
        facts=board.page_facts(session, workshop.id),
        influence=influence.influence_of_workshop(session, workshop.id),
        public_slug=process.public_slug,
        outcomes_published=process.public_page_published,
        process_id=process.id,
        knowledge=knowledge.items(session, process.id),
        plans=concretising.process_plans(session, process.id) if process.phase == "concretising" else [],
        own_data=participant_privacy.own_data_of(session, me),
    )
