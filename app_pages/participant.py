"""The participant's live board, reached by the token in the URL (no account)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.board import labels, participant_board
from components.feedback import show_error
from components.links import api_path
from components.shell import language_switch
from components.tablet import touch_friendly
from db.session import read_scope
from i18n import current_language, t
from runtime.knowledge_views import participant_knowledge
from runtime.matrix_views import participant_matrix
from runtime.open_space_tablet import marketplace_section
from runtime.outcome_forms import influence_line, outcome_link
from runtime.privacy import your_data
from services.common.errors import DomainError
from services.workshop import board, influence, participants

POLL_MS = 1500


def _link_is_dead(err: DomainError) -> None:
    st.title(t("participant.title"))
    show_error(err)
    st.page_link("app_pages/join.py", label=t("participant.join_again"), icon=":material/login:")


def _page_facts(token: str | None) -> dict[str, Any] | None:
    """What the sections around the board are drawn from (the close, the open matrix, Open
    Space), read before they are, so a change after this read shows up as a difference."""
    try:
        with read_scope() as session:
            return board.page_facts(session, participants.participant_by_token(session, token).workshop_id)
    except DomainError:
        return None  # the board says the link is dead


def _board(token: str | None, facts: dict[str, Any] | None) -> None:
    """The live board of the participant this token names."""
    # No snapshot in the run: the board fetches the room's shared one, built and compressed
    # once per version (api/board.py), instead of each join's run encoding it anew. The
    # board acts through JSON routes, never through this script.
    try:
        with read_scope() as session:
            me = participants.participant_by_token(session, token)
            code = me.workshop.code
            mine = board.personal(session, me)
    except DomainError as err:
        _link_is_dead(err)
        return
    participant_board(
        {
            "api": api_path(f"/api/board/{code}"),
            "code": code,
            # The participant's own token (already in their URL), for the board's routes.
            "token": token,
            "lang": current_language(),
            "poll_ms": POLL_MS,
            "me": mine,
            "labels": labels(),
            # The board asks for one run of this page when a snapshot's facts differ.
            "page_facts": facts,
        },
    )


def _what_happens(token: str | None) -> None:
    """Above the board: how much say the room has, and after the close, where the outcomes are."""
    try:
        with read_scope() as session:
            me = participants.participant_by_token(session, token)
            said = influence.influence_of_workshop(session, me.workshop_id)
            closed = me.workshop.phase == "closed"
            process = me.workshop.process
            slug, published, workshop_id = process.public_slug, process.public_page_published, me.workshop_id
    except DomainError:
        return  # the board says the link is dead
    if said.level is not None:
        st.info(influence_line(said.level, said.promise), icon=":material/how_to_reg:")
    if closed and published:
        st.link_button(
            t("participant.what_happened"),
            outcome_link(slug, workshop_id),
            icon=":material/campaign:",
            type="primary",
        )


touch_friendly()
language_switch(where="top", keep_in_url=True)
facts = _page_facts(st.query_params.get("p"))
_what_happens(st.query_params.get("p"))
_board(st.query_params.get("p"), facts)
marketplace_section(st.query_params.get("p"))
participant_matrix(st.query_params.get("p"))
participant_knowledge(st.query_params.get("p"))
your_data(st.query_params.get("p"))
