"""An initiative's ethics and law checklist: a table to read, or a stand and a note per item."""

from __future__ import annotations

import streamlit as st

from components.tables import literal_table
from i18n import t, tn
from services.action.initiative_figures import ChecklistFigures
from services.action.initiatives import ChecklistView
from vocabulary import CHECKLIST_STATUSES


def checklist_progress(figures: ChecklistFigures) -> None:
    st.progress(figures.share, text=tn("initiative.checklist_progress", figures.total, done=figures.handled))


def checklist_fields(items: list[ChecklistView]) -> dict[str, tuple[str, str]]:
    """Each item with what it asks; returns the stand and note chosen per item."""
    chosen = {}
    for item in items:
        st.markdown(f"**{t(f'checklist.{item.item}')}**")
        st.caption(t(f"checklist_help.{item.item}"))
        c1, c2 = st.columns([2, 3])
        chosen[item.item] = (
            c1.radio(
                t("field.checklist_status"),
                CHECKLIST_STATUSES,
                index=CHECKLIST_STATUSES.index(item.status),
                format_func=lambda s: t(f"checklist_status.{s}"),
                horizontal=True,
                label_visibility="collapsed",
                key=f"initiative_check_{item.item}",
            ),
            c2.text_input(
                t("field.checklist_note"),
                value=item.note,
                label_visibility="collapsed",
                placeholder=t("field.checklist_note"),
                key=f"initiative_check_note_{item.item}",
            ),
        )
    return chosen


def checklist_table(items: list[ChecklistView]) -> None:
    literal_table(
        {
            t("initiative.checklist_item"): [t(f"checklist.{c.item}") for c in items],
            t("field.checklist_status"): [t(f"checklist_status.{c.status}") for c in items],
            t("field.checklist_note"): [c.note for c in items],
        }
    )
