"""The console's view of the board: read once per board version, so its live parts cost little.

The console's idea table reruns every few seconds (a fragment); it re-reads the board
only when the workshop's version counters, phase or spotlight moved since it last did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from components.tables import clear_picked
from components.workshop_console import IDEAS_TABLE
from db.session import read_scope
from services.workshop import board, spotlight, workshops
from services.workshop.board import RankedIdea
from services.workshop.spotlight import Spotlit


@dataclass(frozen=True)
class BoardView:
    """The board as the console shows it, read once per board version."""

    phase: str
    votes_visible: bool
    # In the order shown: by rank once the votes are visible, else as the ideas arrived
    # (an order by dots would give the ranking away before the reveal).
    rows: list[RankedIdea]
    on_board: list[dict]
    clusters: dict[int, str]
    spotlight: Spotlit | None


def board_view(workshop_id: int) -> BoardView:
    """The board now; re-read only when its version (or the phase or spotlight) moved.

    A version read is one primary-key lookup, so the live table costs next to nothing
    while the room is quiet.
    """
    with read_scope() as session:
        w = workshops.get_workshop(session, workshop_id)
        visible = board.votes_visible(w)
        version = (w.id, w.phase, w.board_version, w.votes_version if visible else 0, w.spotlight_idea_id)
        cached = st.session_state.get("_console_board")
        if cached is not None and cached[0] == version:
            return cached[1]
        ranked = board.results(session, w.id)
        snap = board.snapshot(session, w.id)
        view = BoardView(
            phase=w.phase,
            votes_visible=visible,
            rows=ranked if visible else sorted(ranked, key=lambda r: r.id),
            on_board=snap["ideas"],
            clusters={c["id"]: c["name"] for c in snap["clusters"]},
            spotlight=spotlight.in_spotlight(session, w.id),
        )
    st.session_state["_console_board"] = (version, view)
    return view


def done_with_ticked(message: str) -> Callable[[object], str]:
    """The `done` of an action on the ticked ideas: untick them all, then say what happened."""

    def done(_result: object) -> str:
        clear_picked(IDEAS_TABLE)
        return message

    return done
