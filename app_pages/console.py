"""The facilitator's console: phases, time box, the room live, grouping and merging, moderation,
hybrid entry, results, export and settings of one workshop."""

from __future__ import annotations

from dataclasses import asdict
from functools import partial

import streamlit as st

import clock
from components.charts import shorten
from components.feedback import show_flash
from components.links import join_url
from components.literal import literal, own_address
from components.qr import show_qr
from components.shell import guard, settings
from components.timer import countdown
from components.workshop_console import (
    comments_picker,
    dot_for_person,
    export_buttons,
    hidden_picker,
    ideas_table,
    merged_ideas,
    phase_stepper,
    room_metrics,
    spotlight_line,
)
from components.workshop_forms import idea_for_form, person_form, settings_form
from components.workshop_results import ranking
from db.session import read_scope
from i18n import current_language, t, tn
from runtime.actions import run
from runtime.boundary import guarded
from runtime.console_board import BoardView, board_view, done_with_ticked
from runtime.matrix_views import console_matrix_tab
from runtime.open_space_console import console_tab as open_space_tab
from runtime.privacy import workshop_participants
from services.workshop import (
    board,
    clusters,
    ideas,
    participants,
    spotlight,
    votes,
    workshop_export,
    workshops,
)
from vocabulary import STAKEHOLDER_GROUPS

TABS = ("ideas", "clusters", "moderation", "hybrid", "results", "open_space", "matrix", "export", "settings")
# The idea table follows the room as the tablets do: within 3 s, without a reload (a poll
# every 2 s leaves a second for the run itself; the version check is one primary-key read).
LIVE_SECONDS = 2


def _workshop_picker(rows) -> int:
    """The workshop in the URL, else the first one running; the choice goes back into the URL."""
    by_id = {r.id: r for r in rows}
    wanted = st.query_params.get("w")
    default = int(wanted) if wanted and wanted.isdigit() and int(wanted) in by_id else None
    if default is None:
        default = next((r.id for r in rows if workshops.is_running(r.phase)), rows[0].id)
    ids = list(by_id)
    workshop_id = st.selectbox(
        t("console.workshop"),
        ids,
        index=ids.index(default),
        format_func=lambda i: f"{by_id[i].title} · {by_id[i].code}",
        key="console_workshop",
    )
    st.query_params["w"] = str(workshop_id)
    return workshop_id


def _header(w) -> None:
    head, share = st.columns([3, 1])
    with head:
        st.title(literal(w.title))
        st.markdown(
            t("console.code_line", code=w.code, phase=t(f"phase.{w.phase}"))
            + "  \n"
            + own_address(join_url(w.code))
        )
    with share:
        st.link_button(
            t("console.open_projector"), f"projector?w={w.id}", icon=":material/slideshow:", width="stretch"
        )


def _move_phase(workshop_id: int, phase: str, user_id: int) -> None:
    run(lambda s: workshops.move_phase(s, workshop_id, phase, by_user_id=user_id), t("console.phase_moved"))


@st.dialog(t("console.confirm_back_title"))
def _confirm_back(workshop_id: int, target: str, user_id: int) -> None:
    """Going back moves every tablet in the room at once, so the facilitator says so twice."""
    st.write(t("console.confirm_back", phase=t(f"phase.{target}")))
    yes, no = st.columns(2)
    if yes.button(t("console.go_back"), type="primary", key="console_back_yes"):
        _move_phase(workshop_id, target, user_id)
    if no.button(t("console.stay"), key="console_back_no"):
        st.rerun()


def _phases(w, user_id: int) -> None:
    asked = phase_stepper(w.phase)
    if asked and workshops.is_going_back(w.phase, asked):
        _confirm_back(w.id, asked, user_id)
    elif asked:
        _move_phase(w.id, asked, user_id)


def _time_box(w, user_id: int) -> None:
    timer_col, minutes_col, start_col, stop_col = st.columns([2, 1, 1, 1], vertical_alignment="bottom")
    with timer_col:
        countdown(
            w.timer_ends_at, label=t("console.time_left"), idle=t("console.no_timer"), key="console_timer"
        )
    minutes = minutes_col.number_input(
        t("console.minutes"), 1, workshops.TIMER_MAX_MINUTES, 10, key="console_minutes"
    )
    if start_col.button(t("console.start_timer"), icon=":material/timer:", key="console_start_timer"):
        run(
            lambda s: workshops.start_timer(s, w.id, int(minutes), by_user_id=user_id),
            t("console.timer_started"),
        )
    if w.timer_ends_at and stop_col.button(t("console.stop_timer"), key="console_stop_timer"):
        run(lambda s: workshops.stop_timer(s, w.id, by_user_id=user_id), t("console.timer_stopped"))


@st.fragment(run_every=3)
def _live_room(workshop_id: int) -> None:
    """The room as it is now: only this part reruns every few seconds (with its own error boundary)."""
    with guarded("console.room"):
        with read_scope() as session:
            figures = board.room_figures(session, workshop_id)
        room_metrics(figures)


@st.fragment(run_every=LIVE_SECONDS)
def _ideas_live(workshop_id: int, page_phase: str, user_id: int) -> None:
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


def _clusters_tab(workshop_id: int, cluster_names: dict[int, str], rows, user_id: int) -> None:
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


def _moderation_tab(on_board: list[dict], hidden, user_id: int) -> None:
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


def _hybrid_tab(w, themes: dict[int, str], proxies, ranked, user_id: int) -> None:
    """People without a tablet: register them, type in their ideas, give and take their dots."""
    st.caption(t("console.hybrid_help"))
    person_form(
        on_register=lambda person: run(
            lambda s: participants.add_proxy(s, w.id, **asdict(person), by_user_id=user_id),
            t("console.person_added"),
        )
    )
    people = {
        p.id: f"{p.display_name or t('participant.anonymous')} ({t('group.' + p.stakeholder_group)})"
        + f" · {tn('console.dots_used_short', p.votes_used)}"
        for p in proxies
    }
    if w.phase in ideas.ENTER_FOR_PHASES:
        idea_for_form(
            people,
            themes,
            on_enter=lambda idea: run(
                lambda s: ideas.add_idea_for(s, w.id, **asdict(idea), by_user_id=user_id),
                t("console.idea_entered"),
            ),
        )
    if w.phase == "vote":
        _dots_for_people(w.id, people, ranked, user_id)


def _dots_for_people(workshop_id: int, people: dict[int, str], ranked, user_id: int) -> None:
    asked = dot_for_person(people, ranked)
    if asked is None:
        return
    who, which, give = asked
    if give:
        run(
            lambda s: votes.add_dot_for(s, workshop_id, who, which, by_user_id=user_id),
            t("console.dot_given"),
        )
    else:
        run(
            lambda s: votes.take_dot_for(s, workshop_id, who, which, by_user_id=user_id),
            t("console.dot_taken"),
        )


def _results_tab(view: BoardView) -> None:
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


def _export_tab(w) -> None:
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
    workshop_participants(w.id, w.title, me["id"], settings().participant_retention_days)


def _settings_tab(w, themes: dict[int, str], user_id: int, *, dots_cast: bool) -> None:
    """The join QR to share, the workshop's settings, and its themes."""
    qr_col, form_col = st.columns([1, 2])
    with qr_col:
        show_qr(join_url(w.code), caption=t("console.qr_caption", code=w.code))
    with form_col:
        settings_form(
            workshops.settings_of(w),
            dots_frozen=workshops.dot_rules_frozen(w, dots_cast=dots_cast),
            on_save=lambda typed: run(
                lambda s: workshops.update_settings(s, w.id, **asdict(typed), by_user_id=user_id),
                t("console.settings_saved"),
            ),
        )
    st.subheader(t("workshops.themes"))
    for theme_id, theme_title in themes.items():
        left, right = st.columns([4, 1], vertical_alignment="bottom")
        renamed = left.text_input(
            t("field.theme"), value=theme_title, max_chars=200, key=f"console_theme_{theme_id}"
        )
        if right.button(t("console.save_name"), key=f"console_theme_save_{theme_id}"):
            run(
                partial(workshops.rename_theme, theme_id=theme_id, title=renamed, by_user_id=user_id),
                t("console.theme_saved"),
            )
    with st.form("console_new_theme", clear_on_submit=True):
        new_theme = st.text_input(t("console.new_theme"), max_chars=200, key="console_new_theme_title")
        if st.form_submit_button(t("console.add_theme")):
            run(
                lambda s: workshops.add_theme(s, w.id, new_theme, by_user_id=user_id),
                t("console.theme_added"),
            )


me = guard("console")
show_flash()
with read_scope() as session:
    rows = workshops.list_workshops(session)
if not rows:
    st.title(t("console.title"))
    st.info(t("workshops.empty"), icon=":material/info:")
    st.stop()
workshop_id = _workshop_picker(rows)
with read_scope() as session:
    w = workshops.get_workshop(session, workshop_id)
    themes = {th.id: th.title for th in w.themes}

_header(w)
_phases(w, me["id"])
_time_box(w, me["id"])
with st.container(border=True):
    _live_room(w.id)

# Keyed, so a rerun after an action keeps the tab the facilitator was on; only that tab runs.
labels = {k: t(f"console.tab_{k}") for k in TABS}
tabs = dict(zip(TABS, st.tabs(list(labels.values()), key="console_tab", on_change="rerun"), strict=True))
view = board_view(w.id)
with tabs["ideas"]:
    if tabs["ideas"].open:
        _ideas_live(w.id, w.phase, me["id"])
with tabs["clusters"]:
    if tabs["clusters"].open:
        _clusters_tab(w.id, view.clusters, view.rows, me["id"])
with tabs["moderation"]:
    if tabs["moderation"].open:
        with read_scope() as session:
            hidden = ideas.hidden_items(session, w.id)
        _moderation_tab(view.on_board, hidden, me["id"])
with tabs["hybrid"]:
    if tabs["hybrid"].open:
        with read_scope() as session:
            proxies = participants.proxies(session, w.id)
        _hybrid_tab(w, themes, proxies, view.rows, me["id"])
with tabs["results"]:
    if tabs["results"].open:
        _results_tab(view)
with tabs["open_space"]:
    if tabs["open_space"].open:
        open_space_tab(w.id, me["id"])
with tabs["matrix"]:
    if tabs["matrix"].open:
        console_matrix_tab(w.id, me["id"], w.title)
with tabs["export"]:
    if tabs["export"].open:
        _export_tab(w)
with tabs["settings"]:
    if tabs["settings"].open:
        with read_scope() as session:
            cast = workshops.dots_cast(session, w.id)
        _settings_tab(w, themes, me["id"], dots_cast=cast)
