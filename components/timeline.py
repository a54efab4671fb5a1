"""An initiative's timeline: how one entry reads, and the fields of a new event or reflection."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import streamlit as st

from components.literal import literal
from components.status import status_text
from i18n import fmt_date, t
from services.action.initiatives import TimelineView


def timeline_entry_fields(today: date, kinds: Sequence[str]) -> dict[str, Any]:
    """When it happened (today or before), which kind of entry, and what happened or was learnt."""
    c1, c2 = st.columns([1, 2])
    happened_on = c1.date_input(
        t("field.happened_on"), value=today, max_value=today, format="DD.MM.YYYY", key="initiative_tl_date"
    )
    kind = c2.radio(
        t("field.timeline_kind"),
        kinds,
        format_func=lambda k: t(f"timeline.{k}"),
        horizontal=True,
        key="initiative_tl_kind",
    )
    text = st.text_area(
        t("field.timeline_text"), help=t("initiative.reflection_help"), key="initiative_tl_text"
    )
    return {"happened_on": happened_on, "kind": kind, "text": text}


def timeline_entry(entry: TimelineView, *, deletable: bool) -> bool:
    """Date, kind (and the new status) and author; a reflection stands out from an event.

    Returns whether its delete button (shown when `deletable`) was pressed.
    """
    heading = f"**{fmt_date(entry.happened_on)}** · {t(f'timeline.{entry.kind}')}"
    if entry.new_status is not None:  # set on status entries only (a check constraint)
        heading += f": {status_text(entry.new_status)}"
    if entry.author:
        heading += f" · {literal(entry.author)}"
    st.markdown(heading)
    if entry.text and entry.kind == "reflection":
        st.info(literal(entry.text), icon=":material/psychology:")
    elif entry.text:
        st.markdown(literal(entry.text))
    return deletable and st.button(
        t("initiative.delete_entry"),
        key=f"initiative_tl_delete_{entry.id}",
        type="tertiary",
        icon=":material/delete:",
    )
