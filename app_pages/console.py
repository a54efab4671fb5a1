"""The facilitator's console: phases, time box, the room live, grouping and merging, moderation,
hybrid entry, results, export and settings of one workshop."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

import clock
from components.charts import shorten, stacked_bars
from components.feedback import flash, show_error, show_flash
from components.links import join_url
from components.literal import literal
from components.qr import show_qr
from components.shell import guard
from components.timer import countdown
from db.session import read_scope, session_scope
from i18n import fmt_int, local_to_utc, t, utc_to_local
from services.common.errors import DomainError
from services.workshop import board, clusters, ideas, participants, votes, workshop_export, workshops
from vocabulary import PHASES, STAKEHOLDER_GROUPS

me = guard("console")
show_flash()


def run(change, done: str) -> None:
    """Do one change in its own unit of work; show the refusal, or the result after a rerun."""
    try:
        with session_scope() as session:
            change(session)
    except DomainError as err:
        show_error(err)
    else:
        flash(done)


# --- which workshop --------------------------------------------------------------------

with read_scope() as session:
    rows = workshops.list_workshops(session)
if not rows:
    st.title(t("console.title"))
    st.info(t("workshops.empty"), icon=":material/info:")
    st.stop()
by_id = {r.id: r for r in rows}
wanted = st.query_params.get("w")
default = int(wanted) if wanted and wanted.isdigit() and int(wanted) in by_id else None
if default is None:
    default = next((r.id for r in rows if r.phase not in ("draft", "closed")), rows[0].id)
ids = list(by_id)
workshop_id = st.selectbox(
    t("console.workshop"),
    ids,
    index=ids.index(default),
    format_func=lambda i: f"{by_id[i].title} · {by_id[i].code}",
    key="console_workshop",
)
st.query_params["w"] = str(workshop_id)

with read_scope() as session:
    w = workshops.get_workshop(session, workshop_id)
    themes = [(th.id, th.title) for th in w.themes]
    phase = w.phase

# --- header, phases, time box -----------------------------------------------------------

head, share = st.columns([3, 1])
with head:
    st.title(literal(w.title))
    st.markdown(
        t("console.code_line", code=w.code, phase=t(f"phase.{phase}")) + "  \n" + literal(join_url(w.code))
    )
with share:
    st.link_button(
        t("console.open_projector"), f"projector?w={w.id}", icon=":material/slideshow:", width="stretch"
    )

steps = st.columns(len(PHASES))
for col, p in zip(steps, PHASES, strict=True):
    marker = "◉" if p == phase else ("✓" if PHASES.index(p) < PHASES.index(phase) else "○")
    col.markdown(f"{marker} **{t('phase.' + p)}**" if p == phase else f"{marker} {t('phase.' + p)}")


@st.dialog(t("console.confirm_back_title"))
def confirm_back(target: str) -> None:
    st.write(t("console.confirm_back", phase=t(f"phase.{target}")))
    yes, no = st.columns(2)
    if yes.button(t("console.go_back"), type="primary", key="console_back_yes"):
        run(lambda s: workshops.move_phase(s, w.id, target, by_user_id=me["id"]), t("console.phase_moved"))
    if no.button(t("console.stay"), key="console_back_no"):
        st.rerun()


index = PHASES.index(phase)
back_col, next_col, jump_col = st.columns([1, 1, 2], vertical_alignment="bottom")
if index > 0 and back_col.button(
    t("console.back_to", phase=t(f"phase.{PHASES[index - 1]}")), icon=":material/undo:", key="console_back"
):
    confirm_back(PHASES[index - 1])
if index < len(PHASES) - 1 and next_col.button(
    t("console.next_to", phase=t(f"phase.{PHASES[index + 1]}")), type="primary", key="console_next"
):
    run(
        lambda s: workshops.move_phase(s, w.id, PHASES[index + 1], by_user_id=me["id"]),
        t("console.phase_moved"),
    )
with jump_col:
    target = st.selectbox(
        t("console.jump"),
        [p for p in PHASES if p != phase],
        format_func=lambda p: t(f"phase.{p}"),
        index=None,
        placeholder=t("console.jump_placeholder"),
        key="console_jump",
    )
    if target and st.button(t("console.jump_go"), key="console_jump_go"):
        if workshops.is_going_back(phase, target):
            confirm_back(target)
        else:
            run(
                lambda s: workshops.move_phase(s, w.id, target, by_user_id=me["id"]), t("console.phase_moved")
            )

timer_col, minutes_col, start_col, stop_col = st.columns([2, 1, 1, 1], vertical_alignment="bottom")
with timer_col:
    countdown(w.timer_ends_at, label=t("console.time_left"), idle=t("console.no_timer"), key="console_timer")
minutes = minutes_col.number_input(
    t("console.minutes"), 1, workshops.TIMER_MAX_MINUTES, 10, key="console_minutes"
)
if start_col.button(t("console.start_timer"), icon=":material/timer:", key="console_start_timer"):
    run(
        lambda s: workshops.start_timer(s, w.id, int(minutes), by_user_id=me["id"]),
        t("console.timer_started"),
    )
if w.timer_ends_at and stop_col.button(t("console.stop_timer"), key="console_stop_timer"):
    run(lambda s: workshops.stop_timer(s, w.id, by_user_id=me["id"]), t("console.timer_stopped"))


@st.fragment(run_every=3)
def live_room() -> None:
    """The room as it is now: only this part reruns every few seconds."""
    with read_scope() as session:
        figures = board.room_figures(session, w.id)
    cols = st.columns(4)
    cols[0].metric(t("overview.participants"), fmt_int(figures.participants))
    cols[1].metric(t("overview.ideas"), fmt_int(figures.ideas))
    cols[2].metric(
        t("console.dots_used"), f"{fmt_int(figures.dots_used)} / {fmt_int(figures.dots_available)}"
    )
    groups = [g for g in STAKEHOLDER_GROUPS if figures.by_group.get(g)]
    cols[3].metric(t("console.groups_reached"), f"{len(groups)} / {len(STAKEHOLDER_GROUPS)}")
    if figures.participants:
        parts = [f"{t('group.' + g)}: {fmt_int(figures.by_group[g])}" for g in groups]
        missing = [t("group." + g) for g in STAKEHOLDER_GROUPS if g not in groups]
        if missing:
            parts.append(t("console.missing", groups=", ".join(missing)))
        st.caption(" · ".join(parts))


with st.container(border=True):
    live_room()

# --- the work, in tabs ------------------------------------------------------------------

(ideas_tab, clusters_tab, moderation_tab, hybrid_tab, results_tab, export_tab, settings_tab) = st.tabs(
    [
        t(f"console.tab_{k}")
        for k in ("ideas", "clusters", "moderation", "hybrid", "results", "export", "settings")
    ]
)

with read_scope() as session:
    ranked = board.results(session, w.id)
    snap = board.snapshot(session, w.id)
    all_clusters = [(c["id"], c["name"]) for c in snap["clusters"]]
    hidden = ideas.hidden_items(session, w.id)
    proxies = [
        (p.id, p.display_name, p.stakeholder_group, p.votes_used) for p in participants.proxies(session, w.id)
    ]
cluster_names = dict(all_clusters)
theme_names = dict(themes)

with ideas_tab:
    if not ranked:
        st.info(t("console.no_ideas"), icon=":material/info:")
    else:
        show_counts = st.toggle(
            t("console.show_counts"), value=phase in board.REVEALED_PHASES, key="console_counts"
        )
        table = {
            t("console.col_title"): [r.title for r in ranked],
            t("field.theme"): [r.theme for r in ranked],
            t("console.col_cluster"): [r.cluster for r in ranked],
            t("console.col_merged"): [r.merged for r in ranked],
        }
        if show_counts:
            table[t("console.col_dots")] = [r.dots for r in ranked]
            table[t("console.col_voters")] = [r.voters for r in ranked]
        picked = st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            on_select="rerun",
            selection_mode="multi-row",
            key="console_ideas",
        )
        chosen = [ranked[i].id for i in picked.selection.rows]
        titles = {r.id: r.title for r in ranked}
        if not chosen:
            st.caption(t("console.select_hint"))
        else:
            st.markdown(t("console.selected", n=len(chosen)))
            a, b, c = st.columns(3)
            with a:
                into = st.selectbox(
                    t("console.put_in_cluster"),
                    [None, *cluster_names],
                    format_func=lambda i: t("console.no_cluster") if i is None else cluster_names[i],
                    key="console_into_cluster",
                )
                if st.button(t("console.apply"), key="console_apply_cluster"):
                    run(lambda s: clusters.assign(s, chosen, into, by_user_id=me["id"]), t("console.grouped"))
            with b:
                if len(chosen) > 1:
                    survivor = st.selectbox(
                        t("console.merge_into"),
                        chosen,
                        format_func=lambda i: shorten(titles[i]),
                        key="console_survivor",
                    )
                    if st.button(t("console.merge"), key="console_merge"):
                        rest = [i for i in chosen if i != survivor]
                        run(
                            lambda s: clusters.merge(s, survivor, rest, by_user_id=me["id"]),
                            t("console.merged"),
                        )
                else:
                    st.caption(t("console.merge_hint"))
            with c:
                reason = st.text_input(t("console.hide_reason"), max_chars=200, key="console_hide_reason")
                if st.button(t("console.hide"), key="console_hide"):

                    def hide_all(s, reason=reason):
                        for i in chosen:
                            ideas.hide_idea(s, i, hidden=True, reason=reason, by_user_id=me["id"])

                    run(hide_all, t("console.hidden"))
    merged_away = [
        (i["id"], m_title, i["title"], m_id)
        for i in snap["ideas"]
        for m_id, m_title in zip(i["members"], i["merged_titles"], strict=True)
    ]
    if merged_away:
        with st.expander(t("console.merged_list", n=len(merged_away))):
            for _, m_title, s_title, m_id in merged_away:
                left, right = st.columns([4, 1], vertical_alignment="center")
                left.markdown(t("console.merged_line", idea=literal(m_title), survivor=literal(s_title)))
                if right.button(t("console.undo"), key=f"console_unmerge_{m_id}"):
                    run(
                        lambda s, m_id=m_id: clusters.unmerge(s, m_id, by_user_id=me["id"]),
                        t("console.unmerged"),
                    )

with clusters_tab:
    with st.form("console_new_cluster", clear_on_submit=True):
        name = st.text_input(
            t("console.cluster_name"), max_chars=clusters.NAME_MAX, key="console_cluster_name"
        )
        if st.form_submit_button(t("console.add_cluster")):
            run(
                lambda s: clusters.create_cluster(s, w.id, name, by_user_id=me["id"]),
                t("console.cluster_added"),
            )
    if not all_clusters:
        st.caption(t("console.no_clusters"))
    for cluster_id, cluster_name in all_clusters:
        members = [r.title for r in ranked if r.cluster == cluster_name]
        with st.expander(f"{literal(cluster_name)} ({len(members)})"):
            for title in members:
                st.markdown(f"- {literal(title)}")
            new_name = st.text_input(
                t("console.rename"), value=cluster_name, key=f"console_rename_{cluster_id}"
            )
            left, right = st.columns(2)
            if left.button(t("console.save_name"), key=f"console_save_{cluster_id}"):
                run(
                    lambda s, c=cluster_id, n=new_name: clusters.rename_cluster(s, c, n, by_user_id=me["id"]),
                    t("console.cluster_saved"),
                )
            if right.button(t("console.delete_cluster"), key=f"console_delete_{cluster_id}"):
                run(
                    lambda s, c=cluster_id: clusters.delete_cluster(s, c, by_user_id=me["id"]),
                    t("console.cluster_deleted"),
                )

with moderation_tab:
    st.caption(t("console.moderation_help"))
    comments = [(c["id"], c["body"], i["title"]) for i in snap["ideas"] for c in i["comments"]]
    if comments:
        picked_comments = st.dataframe(
            {
                t("console.col_comment"): [c[1] for c in comments],
                t("console.col_on_idea"): [c[2] for c in comments],
            },
            hide_index=True,
            width="stretch",
            on_select="rerun",
            selection_mode="multi-row",
            key="console_comments",
        )
        chosen_comments = [comments[i][0] for i in picked_comments.selection.rows]
        if chosen_comments:
            why = st.text_input(t("console.hide_reason"), max_chars=200, key="console_comment_reason")
            if st.button(t("console.hide_comments"), key="console_hide_comments"):

                def hide_comments(s, why=why):
                    for c in chosen_comments:
                        ideas.hide_comment(s, c, hidden=True, reason=why, by_user_id=me["id"])

                run(hide_comments, t("console.hidden"))
    st.subheader(t("console.hidden_list"))
    if not hidden:
        st.caption(t("console.nothing_hidden"))
    else:
        picked_hidden = st.dataframe(
            {
                t("console.col_kind"): [t(f"console.kind_{h.kind}") for h in hidden],
                t("console.col_text"): [h.text for h in hidden],
                t("console.hide_reason"): [h.reason for h in hidden],
                t("console.col_by"): [h.hidden_by for h in hidden],
            },
            hide_index=True,
            width="stretch",
            on_select="rerun",
            selection_mode="multi-row",
            key="console_hidden",
        )
        restore = [hidden[i] for i in picked_hidden.selection.rows]
        if restore and st.button(t("console.show_again"), key="console_show_again"):

            def show_again(s):
                for h in restore:
                    if h.kind == "idea":
                        ideas.hide_idea(s, h.id, hidden=False, by_user_id=me["id"])
                    else:
                        ideas.hide_comment(s, h.id, hidden=False, by_user_id=me["id"])

            run(show_again, t("console.shown_again"))

with hybrid_tab:
    st.caption(t("console.hybrid_help"))
    with st.form("console_proxy_form", clear_on_submit=True):
        st.markdown(f"**{t('console.add_person')}**")
        group = st.pills(
            t("field.stakeholder_group"),
            STAKEHOLDER_GROUPS,
            format_func=lambda g: t(f"group.{g}"),
            key="console_proxy_group",
        )
        person_name = st.text_input(t("field.display_name_optional"), max_chars=40, key="console_proxy_name")
        if st.form_submit_button(t("console.add_person_button")):
            run(
                lambda s: participants.add_proxy(
                    s, w.id, stakeholder_group=group, display_name=person_name, by_user_id=me["id"]
                ),
                t("console.person_added"),
            )
    proxy_names = {
        p_id: f"{name or t('participant.anonymous')} ({t('group.' + grp)})"
        + f" · {t('console.dots_used_short', n=used)}"
        for p_id, name, grp, used in proxies
    }
    if phase in ("collect", "cluster"):
        with st.form("console_idea_for", clear_on_submit=True):
            st.markdown(f"**{t('console.enter_idea')}**")
            author = st.selectbox(
                t("console.idea_from"),
                [None, *proxy_names],
                format_func=lambda i: t("console.no_author") if i is None else proxy_names[i],
                key="console_idea_author",
            )
            theme_id = st.selectbox(
                t("field.theme"), list(theme_names), format_func=theme_names.get, key="console_idea_theme"
            )
            title = st.text_input(t("field.idea_title"), max_chars=ideas.TITLE_MAX, key="console_idea_title")
            description = st.text_area(
                t("field.idea_description"), max_chars=ideas.DESCRIPTION_MAX, key="console_idea_description"
            )
            if st.form_submit_button(t("console.enter_idea_button")):
                run(
                    lambda s: ideas.add_idea_for(
                        s, w.id, theme_id=theme_id, title=title, description=description,
                        participant_id=author, by_user_id=me["id"],
                    ),
                    t("console.idea_entered"),
                )  # fmt: skip
    if phase == "vote":
        st.markdown(f"**{t('console.dots_for')}**")
        if not proxy_names:
            st.caption(t("console.no_people"))
        else:
            who = st.selectbox(
                t("console.person"), list(proxy_names), format_func=proxy_names.get, key="console_dot_who"
            )
            idea_titles = {r.id: r.title for r in ranked}
            which = st.selectbox(
                t("console.col_title"),
                list(idea_titles),
                format_func=lambda i: shorten(idea_titles[i], 80),
                key="console_dot_idea",
            )
            plus, minus = st.columns(2)
            if which and plus.button(t("console.give_dot"), key="console_give_dot"):
                run(lambda s: votes.add_dot_for(s, w.id, who, which), t("console.dot_given"))
            if which and minus.button(t("console.take_dot"), key="console_take_dot"):
                run(lambda s: votes.take_dot_for(s, w.id, who, which), t("console.dot_taken"))

with results_tab:
    if phase not in board.REVEALED_PHASES:
        st.info(t("console.results_preview"), icon=":material/visibility_off:")
    voted = [r for r in ranked if r.dots]
    if not voted:
        st.caption(t("console.no_votes"))
    else:
        top = voted[:12]
        groups = [g for g in STAKEHOLDER_GROUPS if any(r.dots_by_group.get(g) for r in top)]
        st.plotly_chart(
            stacked_bars(
                [shorten(r.title) for r in top],
                {t(f"group.{g}"): [r.dots_by_group.get(g, 0) for r in top] for g in groups},
                title=t("console.chart_title"),
                x_title=t("console.col_dots"),
                y_title=t("console.col_title"),
            ),
            width="stretch",
            key="console_chart",
        )
        st.dataframe(
            {
                t("console.col_rank"): list(range(1, len(voted) + 1)),
                t("console.col_title"): [r.title for r in voted],
                t("console.col_dots"): [r.dots for r in voted],
                t("console.col_voters"): [r.voters for r in voted],
            }
            | {t(f"group.{g}"): [r.dots_by_group.get(g, 0) for r in voted] for g in groups},
            hide_index=True,
            width="stretch",
        )

with export_tab:
    st.caption(t("console.export_help"))
    headers = {
        k: t(f"export.{k}")
        for k in ("id", "theme", "cluster", "title", "description", "dots", "voters", "merged", "merged_into",
                  "group", "participants", "proxies", "sheet.ideas", "sheet.merged", "sheet.participants")
    } | {f"group.{g}": t(f"group.{g}") for g in STAKEHOLDER_GROUPS}  # fmt: skip
    stem = f"samskab-{w.code}-{clock.now():%Y%m%d}"

    def export_csv(workshop_id: int = w.id, headers: dict = headers) -> bytes:
        with read_scope() as session:
            return workshop_export.to_csv(workshop_export.sheets(session, workshop_id, headers)[0])

    def export_excel(workshop_id: int = w.id, headers: dict = headers) -> bytes:
        with read_scope() as session:
            return workshop_export.to_excel(workshop_export.sheets(session, workshop_id, headers))

    left, right = st.columns(2)
    left.download_button(
        t("console.download_csv"), export_csv, file_name=f"{stem}.csv", mime="text/csv",
        icon=":material/download:", key="console_csv",
    )  # fmt: skip
    right.download_button(
        t("console.download_excel"), export_excel, file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:", key="console_excel",
    )  # fmt: skip

with settings_tab:
    qr_col, form_col = st.columns([1, 2])
    with qr_col:
        show_qr(join_url(w.code), caption=t("console.qr_caption", code=w.code))
    with form_col, st.form("console_settings"):
        new_title = st.text_input(t("field.title"), value=w.title, max_chars=200, key="console_set_title")
        local = utc_to_local(w.starts_at) if w.starts_at else None
        day, hour = st.columns(2)
        on = day.date_input(
            t("field.date"),
            value=local.date() if local else None,
            format="DD.MM.YYYY",
            key="console_set_date",
        )
        at = hour.time_input(
            t("workshops.time"), value=local.time() if local else None, step=900, key="console_set_time"
        )
        place = st.text_input(t("field.place"), value=w.place, max_chars=200, key="console_set_place")
        budget_col, cap_col = st.columns(2)
        frozen = PHASES.index(phase) >= PHASES.index("vote")
        budget = budget_col.number_input(
            t("workshops.dot_budget"), 1, 50, w.dot_budget, disabled=frozen, key="console_set_budget"
        )
        cap = cap_col.number_input(
            t("workshops.dots_per_idea"), 1, 50, w.dots_per_idea, disabled=frozen, key="console_set_cap"
        )
        anonymous = st.toggle(t("workshops.anonymous"), value=w.anonymous_ideas, key="console_set_anon")
        comments_on = st.toggle(t("workshops.comments"), value=w.comments_enabled, key="console_set_comments")
        hide_votes = st.toggle(
            t("workshops.hide_votes"), value=w.hide_votes_until_reveal, key="console_set_hide"
        )
        if st.form_submit_button(t("console.save_settings"), type="primary"):
            starts = local_to_utc(datetime.combine(on, at)) if on and at else None
            run(
                lambda s: workshops.update_settings(
                    s, w.id, title=new_title, starts_at=starts, place=place, dot_budget=int(budget),
                    dots_per_idea=int(cap), anonymous_ideas=anonymous, comments_enabled=comments_on,
                    hide_votes_until_reveal=hide_votes, by_user_id=me["id"],
                ),
                t("console.settings_saved"),
            )  # fmt: skip
    st.subheader(t("workshops.themes"))
    for theme_id, theme_title in themes:
        left, right = st.columns([4, 1], vertical_alignment="bottom")
        renamed = left.text_input(
            t("field.theme"), value=theme_title, max_chars=200, key=f"console_theme_{theme_id}"
        )
        if right.button(t("console.save_name"), key=f"console_theme_save_{theme_id}"):
            run(
                lambda s, i=theme_id, n=renamed: workshops.rename_theme(s, i, n, by_user_id=me["id"]),
                t("console.theme_saved"),
            )
    with st.form("console_new_theme", clear_on_submit=True):
        new_theme = st.text_input(t("console.new_theme"), max_chars=200, key="console_new_theme_title")
        if st.form_submit_button(t("console.add_theme")):
            run(
                lambda s: workshops.add_theme(s, w.id, new_theme, by_user_id=me["id"]),
                t("console.theme_added"),
            )
