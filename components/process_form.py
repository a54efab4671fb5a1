"""The fields of a co-creation process (new or edited): title, purpose, period, target groups."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from i18n import t
from vocabulary import STAKEHOLDER_GROUPS


def process_fields(key: str, current: dict[str, Any] | None = None) -> dict[str, Any]:
    """Draw the fields inside a form; return what is typed, as create/update_process take it."""
    current = current or {}
    title = st.text_input(t("field.title"), value=current.get("title", ""), max_chars=200, key=f"{key}_title")
    description = st.text_area(
        t("field.purpose"),
        value=current.get("description", ""),
        help=t("processes.purpose_help"),
        key=f"{key}_purpose",
    )
    start, end = st.columns(2)
    starts_on: date | None = start.date_input(
        t("field.starts_on"), value=current.get("starts_on"), format="DD.MM.YYYY", key=f"{key}_starts"
    )
    ends_on: date | None = end.date_input(
        t("field.ends_on"), value=current.get("ends_on"), format="DD.MM.YYYY", key=f"{key}_ends"
    )
    groups = st.multiselect(
        t("field.target_groups"),
        STAKEHOLDER_GROUPS,
        default=current.get("target_groups", []),
        format_func=lambda g: t(f"group.{g}"),
        help=t("processes.target_groups_help"),
        key=f"{key}_groups",
    )
    return {
        "title": title,
        "description": description,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "target_groups": groups,
    }
