"""What a workshop produced, in the console: the ranking once revealed, and the export."""

from __future__ import annotations

import streamlit as st

import clock
from components.shell import settings
from components.workshop_console import export_buttons
from components.workshop_results import ranking
from db.models import Workshop
from db.session import read_scope
from i18n import current_language, t
from runtime.console_board import BoardView
from runtime.privacy import workshop_participants
from services.workshop import board, workshop_export
from vocabulary import STAKEHOLDER_GROUPS


def results_tab(view: BoardView) -> None:
    """The ranking with support by stakeholder group, once the room may see the votes.

    Not before: this screen may be on the wall, and even an order gives the ranking away.
    """
    if not view.votes_visible:
        st.info(t("console_live.results_at_reveal"), icon=":material/visibility_off:")
        return
    if view.phase not in board.REVEALED_PHASES:
        st.caption(t("console_live.results_live"))
    voted = board.voted(view.rows)
    if voted:
        ranking(voted)
    else:
        st.caption(t("console.no_votes"))


def export_tab(w: Workshop, user_id: int) -> None:
    st.caption(t("console.export_help"))
    headers = {k: t(f"export.{k}") for k in workshop_export.HEADER_KEYS}
    headers |= {f"group.{g}": t(f"group.{g}") for g in STAKEHOLDER_GROUPS}
    stem = f"samskab-{w.code}-{clock.now():%Y%m%d}"
    language = current_language()  # the export is built on a click, outside this run

    def export_csv() -> bytes:
        with read_scope() as session:
            return workshop_export.to_csv(workshop_export.sheets(session, w.id, headers)[0], language)

    def export_excel() -> bytes:
        with read_scope() as session:
            return workshop_export.to_excel(workshop_export.sheets(session, w.id, headers))

    export_buttons(stem, export_csv, export_excel)
    workshop_participants(w.id, w.title, user_id, settings().participant_retention_days)
