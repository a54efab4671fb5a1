"""The projector's Open Space: while the facilitator has it switched on, the room's screen
shows the marketplace grid (unless an idea is in the spotlight)."""

from __future__ import annotations

import streamlit as st

from components.open_space import WALL_CSS, projector_grid
from db.session import read_scope
from services.workshop.open_space import view


def marketplace_wall(workshop_id: int) -> bool:
    """Draw the grid if Open Space is on in this workshop; say whether it did."""
    with read_scope() as session:
        on, _ = view.version(session, workshop_id)
        if not on:
            return False
        market = view.cached_marketplace(session, workshop_id)
    st.html(WALL_CSS)
    projector_grid(market)
    return True
