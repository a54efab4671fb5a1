"""Where an initiative came from: its ideas with their support, their other initiatives, more origins."""

from __future__ import annotations

import streamlit as st

from components.literal import literal
from components.support import support_columns
from components.tables import literal_table
from i18n import t
from services.action.catalogue import Candidate, Entry
from services.action.initiatives import Detail, EntryRef
from services.action.lineage import OriginIdea


def origin_table(origins: list[OriginIdea]) -> None:
    # A real table (not a canvas grid): short, and read aloud by screen readers.
    literal_table(
        {
            **support_columns(origins),
            t("initiative.also_led_to"): [", ".join(r.title for r in o.other_initiatives) for o in origins],
        },
    )


def sibling_links(origins: list[OriginIdea]) -> None:
    """A link to every other initiative the same ideas led to."""
    for o in origins:
        for ref in o.other_initiatives:
            st.page_link(
                "app_pages/initiative.py",
                label=t("initiative.sibling", idea=literal(o.title), title=literal(ref.title)),
                icon=":material/call_split:",
                query_params={"id": str(ref.id)},
            )


def entry_list(entries: list[EntryRef]) -> None:
    """The catalogue entries the initiative came from, with their section."""
    st.markdown(f"**{t('initiative.entries')}**")
    for e in entries:
        st.markdown(f"- {literal(e.title)} ({literal(e.section or t('catalogue.no_section'))})")


def more_origins_fields(view: Detail, entries: list[Entry], ideas: list[Candidate]) -> dict[str, list[int]]:
    """The process's catalogue entries and ideas not linked to `view` yet; returns the ones picked."""
    linked_entries, linked_ideas = {e.id for e in view.entries}, {o.id for o in view.origins}
    entry_titles = {e.id: e.title for e in entries if e.id not in linked_entries}
    idea_titles = {c.id: c.title for c in ideas if c.id not in linked_ideas}
    entry_ids = st.multiselect(
        t("initiatives.from_entries"),
        list(entry_titles),
        format_func=entry_titles.__getitem__,
        placeholder=t("initiatives.pick_entries"),
        key="initiative_more_entries",
    )
    idea_ids = st.multiselect(
        t("initiatives.from_ideas"),
        list(idea_titles),
        format_func=idea_titles.__getitem__,
        placeholder=t("catalogue.pick_placeholder"),
        key="initiative_more_ideas",
    )
    return {"entry_ids": entry_ids, "idea_ids": idea_ids}
