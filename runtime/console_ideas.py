"""The console's ideas: the live table of every idea and what to do with the ticked ones
(cluster, merge, hide, spotlight), the clusters, and moderation of comments."""

from __future__ import annotations

from functools import partial

import streamlit as st

from components.charts import shorten
from components.literal import literal
from components.workshop_console import (
    comments_picker,
    hidden_picker,
    ideas_table,
    merged_ideas,
    spotlight_line,
)
from i18n import t
from runtime.actions import run
from runtime.boundary import guarded
from runtime.console_board import BoardView, board_view, done_with_ticked
from services.workshop import board, clusters, ideas, spotlight
from services.workshop.board import RankedIdea
from services.workshop.ideas import HiddenItem

# The idea table follows the room as the tablets do: within 3 s, without a reload (a poll
# every 2 s leaves a second for the run itself; the version check is one primary-key read).
LIVE_SECONDS = 2


@st.fragment(run_every=LIVE_SECONDS)
def ideas_live(workshop_id: int, page_phase: str, user_id: int) -> None:
    """The ideas tab, live: only this part reruns every few seconds (with its own error boundary).

    A phase moved from another console redraws the whole page, whose buttons follow the phase.
    """
    with guarded("console.ideas"):
        view = board_view(workshop_id)
        if view.phase != page_phase:
            st.rerun()
        spotlight_line(
            view.spotlight.title if view.spotlight else None,
            on_clear=lambda: run(
                lambda s: spotlight.clear_spotlight(s, workshop_id, by_user_id=user_id),
                t("spotlight.cleared"),
            ),
        )
        _ideas_tab(workshop_id, view, user_id)
        _merged_ideas(view.on_board, user_id)


def _ideas_tab(workshop_id: int, view: BoardView, user_id: int) -> None:
    """Every idea; ticked ones can be put in a cluster, merged into one, hidden, or put on the projector."""
    if not view.rows:
        st.info(t("console.no_ideas"), icon=":material/info:")
        return
    chosen = ideas_table(
        view.rows, votes_visible=view.votes_visible, revealed=view.phase in board.REVEALED_PHASES
    )
    if not chosen:
        st.caption(t("console.select_hint"))
        return
    st.markdown(t("console.selected", n=len(chosen)))
    into_col, merge_col, hide_col, spot_col = st.columns(4)
    cluster_names = view.clusters
    with into_col:
        into = st.selectbox(
            t("console.put_in_cluster"),
            [None, *cluster_names],
            format_func=lambda i: t("console.no_cluster") if i is None else cluster_names[i],
            key="console_into_cluster",
        )
        if st.button(t("console.apply"), key="console_apply_cluster"):
            run(
                lambda s: clusters.assign(s, chosen, into, by_user_id=user_id),
                done_with_ticked(t("console.grouped")),
            )
    with merge_col:
        if len(chosen) < 2:
            st.caption(t("console.merge_hint"))
        else:
            titles = {r.id: r.title for r in view.rows}
            survivor = st.selectbox(
                t("console.merge_into"),
                chosen,
                format_func=lambda i: shorten(titles[i]),
                key="console_survivor",
            )
            if st.button(t("console.merge"), key="console_merge"):
                rest = [i for i in chosen if i != survivor]
                run(
                    lambda s: clusters.merge(s, survivor, rest, by_user_id=user_id),
                    done_with_ticked(t("console.merged")),
                )
    with hide_col:
        reason = st.text_input(t("console.hide_reason"), max_chars=200, key="console_hide_reason")
        if st.button(t("console.hide"), key="console_hide"):
            run(
                lambda s: ideas.hide_ideas(s, chosen, reason=reason, by_user_id=user_id),
                done_with_ticked(t("console.hidden")),
            )
    with spot_col:
        if len(chosen) != 1:
            st.caption(t("spotlight.hint"))
        elif st.button(t("spotlight.show"), icon=":material/slideshow:", key="console_spotlight"):
            run(
                lambda s: spotlight.put_in_spotlight(s, workshop_id, chosen[0], by_user_id=user_id),
                done_with_ticked(t("spotlight.shown")),
            )


def _merged_ideas(on_board: list[dict], user_id: int) -> None:
    merged_ideas(
        on_board,
        on_undo=lambda idea_id: run(
            lambda s: clusters.unmerge(s, idea_id, by_user_id=user_id), t("console.unmerged")
        ),
    )


def clusters_tab(
    workshop_id: int, cluster_names: dict[int, str], rows: list[RankedIdea], user_id: int
) -> None:
    with st.form("console_new_cluster", clear_on_submit=True):
        name = st.text_input(
            t("console.cluster_name"), max_chars=clusters.NAME_MAX, key="console_cluster_name"
        )
        if st.form_submit_button(t("console.add_cluster")):
            run(
                lambda s: clusters.create_cluster(s, workshop_id, name, by_user_id=user_id),
                t("console.cluster_added"),
            )
    if not cluster_names:
        st.caption(t("console.no_clusters"))
    for cluster_id, cluster_name in cluster_names.items():
        members = [r.title for r in rows if r.cluster == cluster_name]
        with st.expander(f"{literal(cluster_name)} ({len(members)})"):
            for title in members:
                st.markdown(f"- {literal(title)}")
            new_name = st.text_input(
                t("console.rename"), value=cluster_name, key=f"console_rename_{cluster_id}"
            )
            left, right = st.columns(2)
            if left.button(t("console.save_name"), key=f"console_save_{cluster_id}"):
                run(
                    partial(
                        clusters.rename_cluster, cluster_id=cluster_id, name=new_name, by_user_id=user_id
                    ),
                    t("console.cluster_saved"),
                )
            if right.button(t("console.delete_cluster"), key=f"console_delete_{cluster_id}"):
                run(
                    partial(clusters.delete_cluster, cluster_id=cluster_id, by_user_id=user_id),
                    t("console.cluster_deleted"),
                )


def moderation_tab(on_board: list[dict], hidden: list[HiddenItem], user_id: int) -> None:
    """Hide comments that break the room's rules; everything hidden stays listed and can come back."""
    st.caption(t("console.moderation_help"))
    chosen = comments_picker(on_board)
    if chosen:
        why = st.text_input(t("console.hide_reason"), max_chars=200, key="console_comment_reason")
        if st.button(t("console.hide_comments"), key="console_hide_comments"):
            run(lambda s: ideas.hide_comments(s, chosen, reason=why, by_user_id=user_id), t("console.hidden"))
    st.subheader(t("console.hidden_list"))
    if not hidden:
        st.caption(t("console.nothing_hidden"))
        return
    restore = hidden_picker(hidden)
    if restore and st.button(t("console.show_again"), key="console_show_again"):
        run(lambda s: ideas.show_again(s, restore, by_user_id=user_id), t("console.shown_again"))
