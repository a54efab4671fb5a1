"""One initiative: who does what, milestones, timeline with reflections, checklist, and its origin.

Each tab is a function below, in the order of the tabs. `editor` is the signed-in user's id
when they may change the initiative, and None when they only read it.
"""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

import clock
from components.checklist import checklist_fields, checklist_progress, checklist_table
from components.feedback import show_flash
from components.initiative_facts import facts_table, initiative_fields, initiative_header
from components.initiative_team import activity_table, new_actor_fields, role_fields, team_table
from components.literal import literal
from components.milestones import milestone_fields, milestone_table, new_milestone_fields
from components.origins import entry_list, more_origins_fields, origin_table, sibling_links
from components.pickers import picked_on_press
from components.shell import guard
from components.timeline import timeline_entry, timeline_entry_fields
from db.session import read_scope
from i18n import t
from runtime.actions import run
from runtime.knowledge_views import plans_of
from services.action import actors, catalogue, follow_up, initiative_actors, initiatives, lifecycle
from services.action.initiative_figures import checklist_figures
from services.admin.permissions import can_manage_initiatives


def _chosen_initiative() -> int:
    """The initiative named in the URL; without a known one, a picker instead, and the page stops."""
    with read_scope() as session:
        names = initiatives.titles(session)
    raw = st.query_params.get("id", "")
    if raw.isdigit() and int(raw) in names:
        return int(raw)
    st.title(t("initiative.title"))
    if raw:
        st.warning(t("error.initiative_not_found"), icon=":material/warning:")
    if not names:
        st.info(t("initiatives.none_found"), icon=":material/info:")
        st.stop()
    picked = st.selectbox(
        t("initiatives.open_pick"),
        list(names),
        index=None,
        placeholder=t("common.choose"),
        format_func=names.__getitem__,
        key="initiative_pick",
    )
    if picked is not None:
        st.query_params["id"] = str(picked)
        st.rerun()
    st.stop()


def _take_off(label: str, linked: dict[int, str], key: str, unlink, done: str) -> None:
    """Pick one linked thing and a button to unlink it (`unlink(session, id)`)."""
    gone = picked_on_press(label, linked, key=key, button=t("initiative.unlink"))
    if gone is not None:
        run(lambda s: unlink(s, gone), done)


def _overview_tab(view: initiatives.Detail, editor: int | None) -> None:
    if view.description:
        st.markdown(literal(view.description))
    facts_table(view)
    if editor is None:
        return
    with st.expander(t("initiative.edit"), icon=":material/edit:"), st.form("initiative_edit_form"):
        changes = initiative_fields(view)
        if st.form_submit_button(t("initiative.save"), type="primary"):
            run(
                lambda s: lifecycle.update_initiative(s, view.id, **changes, by_user_id=editor),
                t("initiative.saved"),
            )
    with st.expander(t("initiative.delete_title"), icon=":material/delete:"):
        st.caption(t("initiative.delete_help"))
        sure = st.checkbox(t("initiative.delete_confirm"), key="initiative_delete_sure")
        if st.button(t("initiative.delete"), disabled=not sure, key="initiative_delete"):
            run(
                lambda s: lifecycle.delete_initiative(s, view.id, by_user_id=editor),
                t("initiative.deleted", title=literal(view.title)),
                page="app_pages/initiatives.py",
            )


def _naming_the_demoted(message: str):
    """`message`, and who is no longer lead when the change made another actor lead."""
    return lambda demoted: (
        f"{message} {t('initiative.lead_demoted', name=literal(demoted))}" if demoted else message
    )


def _actors_tab(
    view: initiatives.Detail,
    actor_names: dict[int, str],
    activity_rows: list[actors.ActivityRow],
    editor: int | None,
) -> None:
    st.caption(t("initiative.roles_help"))
    if view.actors:
        team_table(view.actors)
    else:
        st.info(t("initiative.no_actors"), icon=":material/info:")
    if editor is not None:
        with (
            st.expander(t("initiative.add_actor"), icon=":material/person_add:"),
            st.form("initiative_add_actor_form", clear_on_submit=True),
        ):
            added = new_actor_fields(actor_names, view.actors)
            if st.form_submit_button(t("initiative.add_actor_button"), type="primary"):
                run(
                    lambda s: initiative_actors.add_actor(s, view.id, **added, by_user_id=editor),
                    _naming_the_demoted(t("initiative.actor_added")),
                )
        if view.actors:
            _change_actor(view, editor)
    _activities(view, activity_rows, editor)


def _change_actor(view: initiatives.Detail, editor: int) -> None:
    with st.expander(t("initiative.change_actor"), icon=":material/edit:"):
        links = {a.id: a for a in view.actors}
        link_id = st.selectbox(
            t("initiative.actor"),
            list(links),
            format_func=lambda i: links[i].name,
            key="initiative_change_pick",
        )
        link = links[link_id]
        with st.form(f"initiative_change_actor_form_{link.id}"):
            changed = role_fields(link)
            if st.form_submit_button(t("initiative.save_role"), type="primary"):
                run(
                    lambda s: initiative_actors.update_actor_role(s, link.id, **changed, by_user_id=editor),
                    _naming_the_demoted(t("initiative.role_saved")),
                )
        if st.button(
            t("initiative.remove_actor"), key="initiative_remove_actor", icon=":material/person_remove:"
        ):
            run(
                lambda s: initiative_actors.remove_actor(s, link.id, by_user_id=editor),
                t("initiative.actor_removed"),
            )


def _activities(
    view: initiatives.Detail, activity_rows: list[actors.ActivityRow], editor: int | None
) -> None:
    """The actors' existing activities the initiative builds on."""
    st.subheader(t("initiative.activities"))
    st.caption(t("initiative.activities_help"))
    if view.activities:
        activity_table(view.activities)
    if editor is None:
        return
    linked = {a.id for a in view.activities}
    options = {a.id: f"{a.title} — {a.actor_name}" for a in activity_rows if a.id not in linked}
    activity_id = picked_on_press(
        t("initiative.link_activity"),
        options,
        key="initiative_activity",
        button=t("initiative.link"),
        button_key="initiative_link_activity",
    )
    if activity_id is not None:
        run(
            lambda s: initiative_actors.link_activity(s, view.id, activity_id, by_user_id=editor),
            t("initiative.activity_linked"),
        )
    if view.activities:
        _take_off(
            t("initiative.unlink_activity"),
            {a.id: a.title for a in view.activities},
            "initiative_unlink_pick",
            lambda s, gone: initiative_actors.unlink_activity(s, view.id, gone, by_user_id=editor),
            t("initiative.activity_unlinked"),
        )


def _milestones_tab(view: initiatives.Detail, editor: int | None) -> None:
    if view.progress_from_milestones:
        st.caption(t("initiative.progress_follows"))
    if view.milestones:
        milestone_table(view.milestones)
    else:
        st.info(t("initiative.no_milestones"), icon=":material/info:")
    if editor is None:
        return
    with st.form("initiative_milestone_form", clear_on_submit=True):
        new = new_milestone_fields()
        if st.form_submit_button(t("initiative.add_milestone"), type="primary"):
            run(
                lambda s: follow_up.add_milestone(s, view.id, **new, by_user_id=editor),
                t("initiative.milestone_added"),
            )
    if not view.milestones:
        return
    by_id = {m.id: m for m in view.milestones}
    picked = st.selectbox(
        t("initiative.pick_milestone"),
        list(by_id),
        format_func=lambda i: by_id[i].title,
        key="initiative_ms_pick",
    )
    m = by_id[picked]
    c1, c2, c3 = st.columns(3)
    if c1.button(
        t("initiative.reopen") if m.done else t("initiative.mark_done"),
        key="initiative_ms_toggle",
        icon=":material/undo:" if m.done else ":material/check:",
    ):
        run(
            lambda s: follow_up.set_milestone_done(s, m.id, not m.done, by_user_id=editor),
            t("initiative.milestone_saved"),
        )
    if c2.button(t("initiative.delete_milestone"), key="initiative_ms_delete", icon=":material/delete:"):
        run(
            lambda s: follow_up.delete_milestone(s, m.id, by_user_id=editor),
            t("initiative.milestone_deleted"),
        )
    with (
        c3.popover(t("initiative.edit_milestone"), icon=":material/edit:"),
        st.form(f"initiative_ms_edit_{m.id}"),
    ):
        changed = milestone_fields(m)
        if st.form_submit_button(t("initiative.save")):
            run(
                lambda s: follow_up.update_milestone(s, m.id, **changed, by_user_id=editor),
                t("initiative.milestone_saved"),
            )


def _timeline_tab(view: initiatives.Detail, today: date, editor: int | None) -> None:
    st.caption(t("initiative.timeline_help"))
    if editor is not None:
        with st.form("initiative_timeline_form", clear_on_submit=True):
            new_entry = timeline_entry_fields(today, follow_up.USER_TIMELINE_KINDS)
            if st.form_submit_button(t("initiative.add_entry"), type="primary"):
                run(
                    lambda s: follow_up.add_timeline_entry(s, view.id, **new_entry, by_user_id=editor),
                    t("initiative.entry_added"),
                )
    if not view.timeline:
        st.info(t("initiative.no_timeline"), icon=":material/info:")
    for entry in view.timeline:
        # A status entry is the record of a status change: it keeps no delete button.
        with st.container(border=True):
            deleted = timeline_entry(entry, deletable=editor is not None and entry.kind != "status")
            if deleted and editor is not None:
                run(
                    partial(follow_up.delete_timeline_entry, entry_id=entry.id, by_user_id=editor),
                    t("initiative.entry_deleted"),
                )


def _checklist_tab(view: initiatives.Detail, editor: int | None) -> None:
    st.caption(t("initiative.checklist_help"))
    checklist_progress(checklist_figures(view.checklist))
    if editor is None:
        checklist_table(view.checklist)
        return
    with st.form("initiative_checklist_form"):
        chosen = checklist_fields(view.checklist)
        if st.form_submit_button(t("initiative.save_checklist"), type="primary"):

            def save_all(s) -> None:
                for item, (status, note) in chosen.items():
                    follow_up.set_checklist_item(
                        s, view.id, item, status=status, note=note, by_user_id=editor
                    )

            run(save_all, t("initiative.checklist_saved"))


def _origin_tab(
    view: initiatives.Detail,
    candidates: list[catalogue.Candidate],
    book: catalogue.Catalogue | None,
    editor: int | None,
) -> None:
    st.caption(t("initiative.origin_help"))
    if view.origins:
        origin_table(view.origins)
        sibling_links(view.origins)
        plans_of((o.id, o.title) for o in view.origins)
    else:
        st.info(t("initiative.no_origins"), icon=":material/info:")
    if view.entries:
        entry_list(view.entries)
    if editor is None or not view.process_id:
        return
    with (
        st.expander(t("initiative.add_origins"), icon=":material/add_link:"),
        st.form("initiative_origins_form", clear_on_submit=True),
    ):
        more = more_origins_fields(view, book.entries if book else [], candidates)
        if st.form_submit_button(t("initiative.link"), type="primary"):
            run(
                lambda s: lifecycle.link_origins(s, view.id, **more, by_user_id=editor),
                t("initiative.origins_linked"),
            )
    if view.origins:
        _take_off(
            t("initiative.unlink_idea"),
            {o.id: o.title for o in view.origins},
            "initiative_unlink_idea",
            lambda s, gone: lifecycle.unlink_idea(s, view.id, gone, by_user_id=editor),
            t("initiative.origin_unlinked"),
        )


me = guard("initiative")
editor = me["id"] if can_manage_initiatives(me["role"]) else None
st.page_link("app_pages/initiatives.py", label=t("initiative.back"), icon=":material/arrow_back:")
show_flash()
initiative_id = _chosen_initiative()
today = clock.today()
with read_scope() as session:
    view = initiatives.detail(session, initiative_id, today=today)
    actor_names = actors.actor_names(session)
    activity_rows = actors.list_activities(session)
    candidates = catalogue.candidates(session, view.process_id) if view.process_id else []
    book = catalogue.catalogue(session, view.process_id) if view.process_id else None

st.title(literal(view.title))
initiative_header(view)
tab_overview, tab_actors, tab_milestones, tab_timeline, tab_checklist, tab_origin = st.tabs(
    [
        t("initiative.tab_overview"),
        t("initiative.tab_actors"),
        t("initiative.tab_milestones"),
        t("initiative.tab_timeline"),
        t("initiative.tab_checklist"),
        t("initiative.tab_origin"),
    ],
    key="initiative_tabs",
    on_change="rerun",
)
with tab_overview:
    _overview_tab(view, editor)
with tab_actors:
    _actors_tab(view, actor_names, activity_rows, editor)
with tab_milestones:
    _milestones_tab(view, editor)
with tab_timeline:
    _timeline_tab(view, today, editor)
with tab_checklist:
    _checklist_tab(view, editor)
with tab_origin:
    _origin_tab(view, candidates, book, editor)
