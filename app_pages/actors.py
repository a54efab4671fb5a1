"""Actors and the activities they already run: search, register, edit, delete."""

from __future__ import annotations

import streamlit as st

from components.feedback import show_flash
from components.literal import literal
from components.shell import guard
from db.session import read_scope
from i18n import fmt_int, t, tn
from runtime.actions import run
from services.action import actors
from services.admin.permissions import can_delete_actors, can_manage_actors
from vocabulary import ACTOR_KINDS


def _kind(kind: str) -> str:
    return t(f"actor_kind.{kind}")


def _actors_tab(user_id: int, *, may_edit: bool, may_delete: bool) -> None:
    every = _actor_list()
    if not may_edit:
        return
    with st.expander(t("actors.new"), icon=":material/add:"):
        typed = _actor_form("new", None)
        if typed is not None:
            run(
                lambda s: actors.create_actor(s, **typed, by_user_id=user_id),
                t("actors.created", name=literal(typed["name"].strip())),
            )
    if every:
        _change_actor(every, user_id, may_delete=may_delete)


def _actor_list() -> list[actors.ActorRow]:
    """Search and filter the actors; returns every actor, for the picker below."""
    c1, c2 = st.columns([2, 3])
    search = c1.text_input(t("common.search"), key="actors_search", placeholder=t("actors.search_hint"))
    kinds = c2.multiselect(
        t("field.actor_kind"), ACTOR_KINDS, format_func=_kind, placeholder=t("common.all"), key="actors_kinds"
    )
    with read_scope() as session:
        rows = actors.list_actors(session, search=search, kinds=kinds)
        every = actors.list_actors(session)
    st.caption(tn("actors.count", len(every), shown=fmt_int(len(rows))))
    if rows:
        st.dataframe(
            {
                t("field.actor_name"): [r.name for r in rows],
                t("field.actor_kind"): [_kind(r.kind) for r in rows],
                t("actors.what_they_do"): [r.description for r in rows],
                t("field.contact_name"): [r.contact_name for r in rows],
                t("field.contact_email"): [r.contact_email for r in rows],
                t("field.contact_phone"): [r.contact_phone for r in rows],
                t("actors.activities"): [r.activities for r in rows],
                t("actors.initiatives"): [r.initiatives for r in rows],
                t("actors.leads"): [r.leads for r in rows],
            },
            hide_index=True,
            width="stretch",
        )
    else:
        st.info(t("actors.none_found"), icon=":material/info:")
    return every


def _actor_form(prefix: str, actor: actors.ActorRow | None) -> dict | None:
    """The actor's fields; returns what was typed when the form is submitted."""
    with st.form(f"actors_{prefix}_form", clear_on_submit=actor is None):
        name = st.text_input(
            t("field.actor_name"), value=actor.name if actor else "", key=f"actors_{prefix}_name"
        )
        kind = st.selectbox(
            t("field.actor_kind"),
            ACTOR_KINDS,
            index=ACTOR_KINDS.index(actor.kind) if actor else 0,
            format_func=_kind,
            key=f"actors_{prefix}_kind",
        )
        description = st.text_area(
            t("actors.what_they_do"),
            value=actor.description if actor else "",
            key=f"actors_{prefix}_description",
        )
        c1, c2, c3 = st.columns(3)
        contact = c1.text_input(
            t("field.contact_name"), value=actor.contact_name if actor else "", key=f"actors_{prefix}_contact"
        )
        email = c2.text_input(
            t("field.contact_email"), value=actor.contact_email if actor else "", key=f"actors_{prefix}_email"
        )
        phone = c3.text_input(
            t("field.contact_phone"), value=actor.contact_phone if actor else "", key=f"actors_{prefix}_phone"
        )
        label = t("actors.save") if actor else t("actors.create")
        if st.form_submit_button(label, type="primary"):
            return {
                "name": name,
                "kind": kind,
                "description": description,
                "contact_name": contact,
                "contact_email": email,
                "contact_phone": phone,
            }
    return None


def _change_actor(every: list[actors.ActorRow], user_id: int, *, may_delete: bool) -> None:
    with st.expander(t("actors.change"), icon=":material/edit:"):
        by_id = {r.id: r for r in every}
        picked = st.selectbox(
            t("actors.pick"), list(by_id), format_func=lambda i: by_id[i].name, key="actors_pick"
        )
        actor = by_id[picked]
        typed = _actor_form(f"edit_{actor.id}", actor)
        if typed is not None:
            run(
                lambda s: actors.update_actor(s, actor.id, **typed, by_user_id=user_id),
                t("actors.saved", name=literal(typed["name"].strip())),
            )
        if not may_delete:
            return
        st.divider()
        st.caption(t("actors.delete_help", activities=fmt_int(actor.activities)))
        sure = st.checkbox(
            t("actors.delete_confirm", name=literal(actor.name)), key=f"actors_delete_sure_{actor.id}"
        )
        if st.button(t("actors.delete"), key="actors_delete", disabled=not sure, icon=":material/delete:"):
            run(
                lambda s: actors.delete_actor(s, actor.id, by_user_id=user_id),
                t("actors.deleted", name=literal(actor.name)),
            )


def _activities_tab(user_id: int, *, may_edit: bool, may_delete: bool) -> None:
    st.caption(t("activities.caption"))
    with read_scope() as session:
        names = actors.actor_names(session)
    every = _activity_list(names)
    if not may_edit:
        return
    if not names:
        st.info(t("activities.needs_actor"), icon=":material/info:")
        return
    with st.expander(t("activities.new"), icon=":material/add:"):
        typed = _activity_form("new", names, None)
        if typed is not None:
            run(
                lambda s: actors.create_activity(s, **typed, by_user_id=user_id),
                t("activities.created", title=literal(typed["title"].strip())),
            )
    if every:
        _change_activity(every, names, user_id, may_delete=may_delete)


def _activity_list(names: dict[int, str]) -> list[actors.ActivityRow]:
    """Search and filter the activities; returns every activity, for the picker below."""
    c1, c2, c3 = st.columns([2, 2, 1])
    search = c1.text_input(t("common.search"), key="activities_search")
    actor_id = c2.selectbox(
        t("activities.by"),
        list(names),
        index=None,
        format_func=names.__getitem__,
        placeholder=t("common.all"),
        key="activities_actor",
    )
    active_only = c3.toggle(t("activities.only_running"), value=True, key="activities_active_only")
    with read_scope() as session:
        rows = actors.list_activities(session, search=search, actor_id=actor_id, active_only=active_only)
        every = actors.list_activities(session)
    if rows:
        st.dataframe(
            {
                t("field.title"): [r.title for r in rows],
                t("activities.by"): [r.actor_name for r in rows],
                t("activities.for_whom"): [r.target_group for r in rows],
                t("activities.where"): [r.place for r in rows],
                t("activities.how_often"): [r.schedule for r in rows],
                t("activities.running"): [t("common.yes") if r.active else t("common.no") for r in rows],
                t("activities.linked"): [", ".join(r.initiatives) for r in rows],
            },
            hide_index=True,
            width="stretch",
        )
    else:
        st.info(t("activities.none_found"), icon=":material/info:")
    return every


def _activity_form(prefix: str, names: dict[int, str], activity: actors.ActivityRow | None) -> dict | None:
    with st.form(f"activities_{prefix}_form", clear_on_submit=activity is None):
        ids = list(names)
        actor_id = st.selectbox(
            t("activities.by"),
            ids,
            index=ids.index(activity.actor_id) if activity else None,
            format_func=names.__getitem__,
            placeholder=t("activities.pick_actor"),
            key=f"activities_{prefix}_actor",
        )
        title = st.text_input(
            t("field.title"), value=activity.title if activity else "", key=f"activities_{prefix}_title"
        )
        description = st.text_area(
            t("field.description"),
            value=activity.description if activity else "",
            key=f"activities_{prefix}_description",
        )
        c1, c2, c3 = st.columns(3)
        target = c1.text_input(
            t("activities.for_whom"),
            value=activity.target_group if activity else "",
            key=f"activities_{prefix}_target",
        )
        place = c2.text_input(
            t("activities.where"), value=activity.place if activity else "", key=f"activities_{prefix}_place"
        )
        schedule = c3.text_input(
            t("activities.how_often"),
            value=activity.schedule if activity else "",
            key=f"activities_{prefix}_schedule",
        )
        active = st.checkbox(
            t("activities.still_runs"),
            value=activity.active if activity else True,
            key=f"activities_{prefix}_active",
        )
        label = t("actors.save") if activity else t("activities.create")
        if st.form_submit_button(label, type="primary"):
            return {
                "actor_id": actor_id,
                "title": title,
                "description": description,
                "target_group": target,
                "place": place,
                "schedule": schedule,
                "active": active,
            }
    return None


def _change_activity(
    every: list[actors.ActivityRow], names: dict[int, str], user_id: int, *, may_delete: bool
) -> None:
    with st.expander(t("activities.change"), icon=":material/edit:"):
        by_id = {r.id: r for r in every}
        picked = st.selectbox(
            t("activities.pick"),
            list(by_id),
            format_func=lambda i: f"{by_id[i].title} — {by_id[i].actor_name}",
            key="activities_pick",
        )
        activity = by_id[picked]
        typed = _activity_form(f"edit_{activity.id}", names, activity)
        if typed is not None:
            run(
                lambda s: actors.update_activity(s, activity.id, **typed, by_user_id=user_id),
                t("activities.saved", title=literal(typed["title"].strip())),
            )
        if not may_delete:
            return
        sure = st.checkbox(
            t("activities.delete_confirm", title=literal(activity.title)),
            key=f"activities_delete_sure_{activity.id}",
        )
        if st.button(
            t("activities.delete"), key="activities_delete", disabled=not sure, icon=":material/delete:"
        ):
            run(
                lambda s: actors.delete_activity(s, activity.id, by_user_id=user_id),
                t("activities.deleted", title=literal(activity.title)),
            )


me = guard("actors")
may_edit, may_delete = can_manage_actors(me["role"]), can_delete_actors(me["role"])
st.title(t("actors.title"))
st.caption(t("actors.caption"))
show_flash()
# A key keeps the open tab across reruns (a flash message above would otherwise reset it).
actors_tab, activities_tab = st.tabs(
    [t("actors.tab_actors"), t("actors.tab_activities")], key="actors_tabs", on_change="rerun"
)
with actors_tab:
    _actors_tab(me["id"], may_edit=may_edit, may_delete=may_delete)
with activities_tab:
    _activities_tab(me["id"], may_edit=may_edit, may_delete=may_delete)
