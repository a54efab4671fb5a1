"""The participant's live board, reached by the token in the URL (no account)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.board import draft_title, labels, participant_board, pending_action
from components.feedback import plain_error_text, show_error
from components.links import api_path
from components.shell import choose_language, language_switch, settings
from components.tablet import touch_friendly
from db.session import read_scope, session_scope
from i18n import current_language, t
from runtime.boundary import guarded_callback
from runtime.knowledge_views import participant_knowledge
from runtime.matrix_views import participant_matrix
from runtime.open_space_tablet import marketplace_section
from runtime.outcome_forms import influence_line, outcome_link
from runtime.privacy import your_data
from services.common.errors import DomainError
from services.common.ids import optional_id, parse_id
from services.workshop import board, ideas, influence, participants

POLL_MS = 1500
RESULT_KEY = "board_result"

# Action type -> (service call, success message key). Dots have their own route (api/board.py).
_ACTIONS = {
    "add": (
        lambda s, me, a: ideas.add_idea(
            s,
            me,
            theme_id=optional_id(a.get("theme_id")),
            title=a.get("title"),
            description=a.get("description"),
        ),
        "board.added",
    ),
    "edit": (
        lambda s, me, a: ideas.edit_idea(
            s, me, parse_id(a.get("idea_id")), title=a.get("title"), description=a.get("description")
        ),
        "board.saved",
    ),
    "withdraw": (lambda s, me, a: ideas.withdraw_idea(s, me, parse_id(a.get("idea_id"))), "board.withdrawn"),
    "comment": (
        lambda s, me, a: ideas.add_comment(s, me, parse_id(a.get("idea_id")), a.get("body")),
        "board.commented",
    ),
}


def _on_action() -> None:
    """Carry out what the participant did on the board, before the page reruns."""
    # A callback runs before app.py has set the run's language: set it, or the answer is Danish.
    choose_language(settings().language, query_param=True)
    action = pending_action() or {}
    outcome: dict[str, Any] = {"id": action.get("id"), "ok": False, "message": t("board.unknown_action")}
    kind = action.get("type")  # JSON from the browser: a list or an object would not even hash
    handler = _ACTIONS.get(kind) if isinstance(kind, str) else None
    if handler is not None:
        call, success = handler
        try:
            with session_scope() as session:
                me = participants.participant_by_token(session, st.query_params.get("p"))
                call(session, me, action)
        except DomainError as err:
            outcome["message"] = plain_error_text(err)
        except (KeyError, TypeError, ValueError):
            outcome["message"] = t("board.unknown_action")
        else:
            outcome |= {"ok": True, "message": t(success)}
    st.session_state[RESULT_KEY] = outcome


def _link_is_dead(err: DomainError) -> None:
    st.title(t("participant.title"))
    show_error(err)
    st.page_link("app_pages/join.py", label=t("participant.join_again"), icon=":material/login:")


def _board(token: str | None) -> None:
    """The live board of the participant this token names."""
    # The board gets the snapshot once per session; after that it fetches changes itself
    # (compressed, from the shared cache), so an action's rerun neither builds nor ships it.
    sent_before = st.session_state.get("board_has_snapshot") == token
    draft = draft_title()
    try:
        with read_scope() as session:
            me = participants.participant_by_token(session, token)
            code, phase = me.workshop.code, me.workshop.phase
            mine = board.personal(session, me)
            snapshot = None if sent_before else board.cached_snapshot(session, code)
            candidates = ideas.visible_titles(session, me.workshop_id) if draft and phase == "collect" else []
    except DomainError as err:
        _link_is_dead(err)
        return
    st.session_state["board_has_snapshot"] = token
    suggestions = [
        {"id": idea_id, "title": title} for idea_id, title, _ in ideas.similar_titles(draft, candidates)
    ]
    participant_board(
        {
            "api": api_path(f"/api/board/{code}"),
            "code": code,
            # The participant's own token (already in their URL), for the dots route.
            "token": token,
            "lang": current_language(),
            "poll_ms": POLL_MS,
            "snapshot": snapshot,
            "me": mine,
            "labels": labels(),
            "suggestions": suggestions,
            "result": st.session_state.get(RESULT_KEY),
        },
        on_action=guarded_callback("participant.board_action", _on_action),
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
_what_happens(st.query_params.get("p"))
_board(st.query_params.get("p"))
marketplace_section(st.query_params.get("p"))
participant_matrix(st.query_params.get("p"))
participant_knowledge(st.query_params.get("p"))
your_data(st.query_params.get("p"))
