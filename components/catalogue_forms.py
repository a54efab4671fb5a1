"""The fields of the catalogue's forms: picking ideas, and wording an entry for print.

Each draws its fields and returns their values; the page owns the form and its button,
so a refusal is shown inside the form, next to what was typed.
"""

from __future__ import annotations

import streamlit as st

from i18n import t, tn
from services.action.catalogue import Candidate, Entry
from services.action.curation import GROUPINGS


def section_label(name: str) -> str:
    return name or t("catalogue.no_section")


def ideas_to_add(available: dict[int, Candidate]) -> tuple[list[int], str]:
    """The ideas picked (most dots first, as given) and how to group them into sections."""
    picked = st.multiselect(
        t("catalogue.ideas_to_add"),
        list(available),
        format_func=lambda i: f"{available[i].title} ({tn('catalogue.dots_short', available[i].dots)})",
        placeholder=t("catalogue.pick_placeholder"),
        key="catalogue_pick_ideas",
    )
    group_by = st.radio(
        t("catalogue.group_by"),
        GROUPINGS,
        format_func=lambda g: t(f"catalogue.group_by_{g}"),
        horizontal=True,
        key="catalogue_pick_group_by",
    )
    return picked, group_by


def wording(sections: list[str], entry: Entry | None = None) -> dict[str, str]:
    """Title, text and section of `entry`, or of a new entry written by hand when there is none.

    A new entry may go into a new section (typed into the list) or none; an existing
    entry starts in its own.
    """

    def key(field: str) -> str:
        return f"catalogue_edit_{field}_{entry.id}" if entry else f"catalogue_new_{field}"

    title = st.text_input(t("field.title"), value=entry.title if entry else "", key=key("title"))
    body = st.text_area(
        t("field.entry_text"),
        value=entry.body if entry else "",
        height=140 if entry else None,
        key=key("body"),
    )
    where = (
        {"index": sections.index(entry.section), "help": t("catalogue.section_help")}
        if entry
        else {"index": None, "placeholder": t("common.choose")}
    )
    section = st.selectbox(
        t("catalogue.section"),
        sections,
        format_func=section_label,
        accept_new_options=True,
        key=key("section"),
        **where,
    )
    return {"title": title, "body": body, "section": section or ""}
