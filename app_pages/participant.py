"""The participant's live board, reached by the token in the URL (no account)."""

from __future__ import annotations

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
from services.workshop.participant_page import ParticipantPage, participant_page

POLL_MS = 1500


def _board(token: str, page: ParticipantPage) -> None:
    """The live board of the participant this token names."""
    # No snapshot in the run: the board fetches the room's shared one, built and compressed
    # once per version (api/board.py), instead of each join's run encoding it anew. The
    # board acts through JSON routes, never through this script.
    participant_board(
        {
            "api": api_path(f"/api/board/{page.code}"),
            "code": page.code,
            # The participant's own token (already in their URL), for the board's routes.
            "token": token,
            "lang": current_language(),
            "poll_ms": POLL_MS,
            "me": page.mine,
            "labels": labels(),
            # The board asks for one run of this page when a snapshot's facts differ: these
            # were read before the sections below were drawn, so a later change shows.
            "page_facts": page.facts,
        },
    )


def _what_happens(page: ParticipantPage) -> None:
    """Above the board: how much say the room has, and after the close, where the outcomes are."""
    said = page.influence
    if said.level is not None:
        st.info(influence_line(said.level, said.promise), icon=":material/how_to_reg:")
    if page.closed and page.outcomes_published:
        st.link_button(
            t("participant.what_happened"),
            outcome_link(page.public_slug, page.workshop_id),
            icon=":material/campaign:",
            type="primary",
        )


def _read(token: str | None) -> ParticipantPage | None:
    """The whole page in one read; None, having said why, for a dead link."""
    try:
        with read_scope() as session:
            return participant_page(session, token)
    except DomainError as err:
        st.title(t("participant.title"))
        show_error(err)
        st.page_link("app_pages/join.py", label=t("participant.join_again"), icon=":material/login:")
        return None


touch_friendly()
language_switch(where="top", keep_in_url=True)
token = st.query_params.get("p")
page = _read(token)
if page is not None and token is not None:
    _what_happens(page)
    _board(token, page)
    marketplace_section(token, page)
    if page.facts["matrix_id"] is not None:
        participant_matrix(token)  # a fragment: its sliders save and redraw on their own
    participant_knowledge(page)
    your_data(token, page.own_data)
