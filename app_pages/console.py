"""The facilitator's console: phases, time box, the room live, grouping and merging, moderation,
hybrid entry, results, export and settings of one workshop.

The page reads as the screen looks; each part lives in a `runtime.console_*` module."""

from __future__ import annotations

import streamlit as st

from components.feedback import show_flash
from components.shell import guard
from db.session import read_scope
from i18n import t
from runtime.console_board import board_view
from runtime.console_head import header, live_room, phase_controls, time_box, workshop_picker
from runtime.console_hybrid import hybrid_tab
from runtime.console_ideas import clusters_tab, ideas_live, moderation_tab
from runtime.console_results import export_tab, results_tab
from runtime.console_settings import settings_tab
from runtime.matrix_views import console_matrix_tab
from runtime.open_space_console import console_tab as open_space_tab
from services.workshop import ideas, participants, phases, workshops

TABS = ("ideas", "clusters", "moderation", "hybrid", "results", "open_space", "matrix", "export", "settings")


me = guard("console")
show_flash()
with read_scope() as session:
    rows = workshops.list_workshops(session)
if not rows:
    st.title(t("console.title"))
    st.info(t("workshops.empty"), icon=":material/info:")
    st.stop()
workshop_id = workshop_picker(rows)
with read_scope() as session:
    w = workshops.get_workshop(session, workshop_id)
    theme_titles = {th.id: th.title for th in w.themes}

header(w)
phase_controls(w, me["id"])
time_box(w, me["id"])
with st.container(border=True):
    live_room(w.id)

# Keyed, so a rerun after an action keeps the tab the facilitator was on; only that tab runs.
labels = {k: t(f"console.tab_{k}") for k in TABS}
tabs = dict(zip(TABS, st.tabs(list(labels.values()), key="console_tab", on_change="rerun"), strict=True))
view = board_view(w.id)
with tabs["ideas"]:
    if tabs["ideas"].open:
        ideas_live(w.id, w.phase, me["id"])
with tabs["clusters"]:
    if tabs["clusters"].open:
        clusters_tab(w.id, view.clusters, view.rows, me["id"])
with tabs["moderation"]:
    if tabs["moderation"].open:
        with read_scope() as session:
            hidden = ideas.hidden_items(session, w.id)
        moderation_tab(view.on_board, hidden, me["id"])
with tabs["hybrid"]:
    if tabs["hybrid"].open:
        with read_scope() as session:
            proxies = participants.proxies(session, w.id)
        hybrid_tab(w, theme_titles, proxies, view.rows, me["id"])
with tabs["results"]:
    if tabs["results"].open:
        results_tab(view)
with tabs["open_space"]:
    if tabs["open_space"].open:
        open_space_tab(w.id, me["id"])
with tabs["matrix"]:
    if tabs["matrix"].open:
        console_matrix_tab(w.id, me["id"], w.title)
with tabs["export"]:
    if tabs["export"].open:
        export_tab(w, me["id"])
with tabs["settings"]:
    if tabs["settings"].open:
        with read_scope() as session:
            cast = phases.dots_cast(session, w.id)
        settings_tab(w, theme_titles, me["id"], dots_cast=cast)
