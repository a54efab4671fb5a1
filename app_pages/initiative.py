"""One initiative: who does what, milestones, timeline with reflections, checklist, and its origin."""

from __future__ import annotations

import streamlit as st

import clock
from components.feedback import flash, show_error, show_flash
from components.literal import literal
from components.shell import guard
from components.status import status_badge, status_text
from components.tables import literal_table
from db.session import read_scope, session_scope
from i18n import fmt_date, fmt_int, t
from services.action import actors, catalogue, follow_up, initiative_actors, initiatives, lifecycle
from services.admin.permissions import can_manage_initiatives
from services.common.errors import DomainError
from vocabulary import CHECKLIST_ITEMS, CHECKLIST_STATUSES, INITIATIVE_ROLES, INITIATIVE_STATUSES

me = guard("initiative")
may_manage = can_manage_initiatives(me["role"])
st.page_link("app_pages/initiatives.py", label=t("initiative.back"), icon=":material/arrow_back:")
show_flash()


def _run(action, done: str) -> None:
    try:
        with session_scope() as session:
            action(session)
    except DomainError as err:
        show_error(err)
    else:
        flash(done)


with read_scope() as session:
    names = initiatives.titles(session)
raw = st.query_params.get("id", "")
initiative_id = int(raw) if raw.isdigit() and int(raw) in names else None
if initiative_id is None:
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
        format_func=names.get,
        key="initiative_pick",
    )
    if picked is not None:
        st.query_params["id"] = str(picked)
        st.rerun()
    st.stop()

today = clock.today()
with read_scope() as session:
    view = initiatives.detail(session, initiative_id, today=today)
    actor_names = actors.actor_names(session)
    activity_rows = actors.list_activities(session)
    candidates = catalogue.candidates(session, view.process_id) if view.process_id else []
    book = catalogue.catalogue(session, view.process_id) if view.process_id else None

# --- header ------------------------------------------------------------------------------

st.title(literal(view.title))


def _take_off(label: str, current: dict[int, str], key: str, remove, done: str) -> None:
    """Pick one linked thing and a button to unlink it (`remove(session, id)`)."""
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    gone = c1.selectbox(
        label, list(current), index=None, placeholder=t("common.choose"), format_func=current.get, key=key
    )
    if c2.button(t("initiative.unlink"), key=f"{key}_button", disabled=gone is None, width="stretch"):
        _run(lambda s: remove(s, gone), done)


def _fact(column, label: str, value: str) -> None:
    """A label and a value that wraps (a metric would cut a long actor name off)."""
    column.caption(label)
    column.markdown(f"**{literal(value)}**")


lead = view.lead
cols = st.columns([1, 2, 2, 1])
with cols[0]:
    st.caption(t("field.status"))
    status_badge(view.status)
_fact(cols[1], t("initiatives.lead"), lead.name if lead else t("initiatives.no_lead"))
period = " – ".join(fmt_date(d) if d else "…" for d in (view.starts_on, view.ends_on))
_fact(cols[2], t("initiative.period"), period if (view.starts_on or view.ends_on) else "—")
_fact(cols[3], t("field.process"), view.process_title or "—")
st.progress(view.progress / 100, text=t("follow.progress", progress=view.progress))
if view.overdue:
    st.warning(
        t("initiative.overdue_warning", titles=", ".join(literal(m.title) for m in view.overdue)),
        icon=":material/alarm:",
    )
if lead is None:
    st.info(t("initiative.no_lead_warning"), icon=":material/person_off:")

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

# --- overview ----------------------------------------------------------------------------

with tab_overview:
    if view.description:
        st.markdown(literal(view.description))
    facts = {
        t("field.target_group"): view.target_group or "—",
        t("field.budget"): t("common.amount", amount=fmt_int(view.budget))
        if view.budget is not None
        else "—",
        t("field.expected_volunteers"): fmt_int(view.expected_volunteers)
        if view.expected_volunteers is not None
        else "—",
        t("initiative.progress_how"): t("initiative.progress_auto")
        if view.progress_from_milestones
        else t("initiative.progress_manual"),
    }
    literal_table({t("initiative.fact"): list(facts), t("initiative.value"): list(facts.values())})
    if may_manage:
        with st.expander(t("initiative.edit"), icon=":material/edit:"), st.form("initiative_edit_form"):
            title = st.text_input(t("field.title"), value=view.title, key="initiative_title")
            description = st.text_area(
                t("field.description"), value=view.description, key="initiative_description"
            )
            target_group = st.text_input(
                t("field.target_group"), value=view.target_group, key="initiative_target"
            )
            c1, c2 = st.columns(2)
            status = c1.selectbox(
                t("field.status"),
                INITIATIVE_STATUSES,
                index=INITIATIVE_STATUSES.index(view.status),
                format_func=lambda s: t(f"status.{s}"),
                help=t("initiative.status_help"),
                key="initiative_status",
            )
            note = c2.text_input(
                t("field.status_note"), help=t("initiative.status_note_help"), key="initiative_status_note"
            )
            c1, c2 = st.columns(2)
            starts_on = c1.date_input(
                t("field.starts_on"), value=view.starts_on, format="DD.MM.YYYY", key="initiative_starts_on"
            )
            ends_on = c2.date_input(
                t("field.ends_on"), value=view.ends_on, format="DD.MM.YYYY", key="initiative_ends_on"
            )
            c1, c2 = st.columns(2)
            progress = c1.slider(
                t("field.progress"), 0, 100, value=view.progress, step=5, key="initiative_progress"
            )
            follow = c2.checkbox(
                t("initiative.follow_milestones"),
                value=view.progress_from_milestones,
                help=t("initiative.follow_milestones_help"),
                key="initiative_follow",
            )
            c1, c2 = st.columns(2)
            budget = c1.number_input(
                t("field.budget"), min_value=0, value=view.budget, step=1000, key="initiative_budget"
            )
            volunteers = c2.number_input(
                t("field.expected_volunteers"),
                min_value=0,
                value=view.expected_volunteers,
                step=1,
                key="initiative_volunteers",
            )
            if st.form_submit_button(t("initiative.save"), type="primary"):
                _run(
                    lambda s: lifecycle.update_initiative(
                        s,
                        view.id,
                        title=title,
                        description=description,
                        target_group=target_group,
                        status=status,
                        progress=progress,
                        progress_from_milestones=follow,
                        starts_on=starts_on,
                        ends_on=ends_on,
                        budget=budget,
                        expected_volunteers=volunteers,
                        status_note=note,
                        by_user_id=me["id"],
                    ),
                    t("initiative.saved"),
                )
        with st.expander(t("initiative.delete_title"), icon=":material/delete:"):
            st.caption(t("initiative.delete_help"))
            sure = st.checkbox(t("initiative.delete_confirm"), key="initiative_delete_sure")
            if st.button(t("initiative.delete"), disabled=not sure, key="initiative_delete"):
                try:
                    with session_scope() as session:
                        lifecycle.delete_initiative(session, view.id, by_user_id=me["id"])
                except DomainError as err:
                    show_error(err)
                else:
                    flash(t("initiative.deleted", title=literal(view.title)), page="app_pages/initiatives.py")

# --- actors and roles --------------------------------------------------------------------

with tab_actors:
    st.caption(t("initiative.roles_help"))
    if view.actors:
        literal_table(
            {
                t("initiative.actor"): [a.name for a in view.actors],
                t("field.actor_kind"): [t(f"actor_kind.{a.kind}") for a in view.actors],
                t("field.initiative_role"): [t(f"initiative_role.{a.role}") for a in view.actors],
                t("field.responsibilities"): [a.responsibilities or "—" for a in view.actors],
                t("field.contact_name"): [a.contact_name for a in view.actors],
            }
        )
    else:
        st.info(t("initiative.no_actors"), icon=":material/info:")
    if may_manage:
        on_it = {a.actor_id for a in view.actors}
        free = [i for i in actor_names if i not in on_it]
        with (
            st.expander(t("initiative.add_actor"), icon=":material/person_add:"),
            st.form("initiative_add_actor_form", clear_on_submit=True),
        ):
            actor_id = st.selectbox(
                t("initiative.actor"),
                free,
                index=None,
                placeholder=t("common.choose"),
                format_func=actor_names.get,
                key="initiative_add_actor",
            )
            role = st.radio(
                t("field.initiative_role"),
                INITIATIVE_ROLES,
                index=1,
                format_func=lambda r: t(f"initiative_role.{r}"),
                horizontal=True,
                key="initiative_add_role",
            )
            duties = st.text_area(
                t("field.responsibilities"),
                help=t("initiative.responsibilities_help"),
                key="initiative_add_duties",
            )
            st.caption(t("initiative.actor_missing"))
            if st.form_submit_button(t("initiative.add_actor_button"), type="primary"):
                try:
                    with session_scope() as session:
                        demoted = initiative_actors.add_actor(
                            session,
                            view.id,
                            actor_id=actor_id,
                            role=role,
                            responsibilities=duties,
                            by_user_id=me["id"],
                        )
                except DomainError as err:
                    show_error(err)
                else:
                    message = t("initiative.actor_added")
                    if demoted:
                        message += " " + t("initiative.lead_demoted", name=literal(demoted))
                    flash(message)
        if view.actors:
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
                    new_role = st.radio(
                        t("field.initiative_role"),
                        INITIATIVE_ROLES,
                        index=INITIATIVE_ROLES.index(link.role),
                        format_func=lambda r: t(f"initiative_role.{r}"),
                        horizontal=True,
                        key=f"initiative_change_role_{link.id}",
                    )
                    new_duties = st.text_area(
                        t("field.responsibilities"),
                        value=link.responsibilities,
                        key=f"initiative_change_duties_{link.id}",
                    )
                    if st.form_submit_button(t("initiative.save_role"), type="primary"):
                        try:
                            with session_scope() as session:
                                demoted = initiative_actors.update_actor_role(
                                    session,
                                    link.id,
                                    role=new_role,
                                    responsibilities=new_duties,
                                    by_user_id=me["id"],
                                )
                        except DomainError as err:
                            show_error(err)
                        else:
                            message = t("initiative.role_saved")
                            if demoted:
                                message += " " + t("initiative.lead_demoted", name=literal(demoted))
                            flash(message)
                if st.button(
                    t("initiative.remove_actor"),
                    key="initiative_remove_actor",
                    icon=":material/person_remove:",
                ):
                    _run(
                        lambda s: initiative_actors.remove_actor(s, link.id, by_user_id=me["id"]),
                        t("initiative.actor_removed"),
                    )

    st.subheader(t("initiative.activities"))
    st.caption(t("initiative.activities_help"))
    if view.activities:
        literal_table(
            {
                t("field.title"): [a.title for a in view.activities],
                t("activities.by"): [a.actor_name for a in view.activities],
                t("activities.how_often"): [a.schedule for a in view.activities],
            }
        )
    if may_manage:
        linked = {a.id for a in view.activities}
        options = {a.id: f"{a.title} — {a.actor_name}" for a in activity_rows if a.id not in linked}
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        activity_id = c1.selectbox(
            t("initiative.link_activity"),
            list(options),
            index=None,
            placeholder=t("common.choose"),
            format_func=options.get,
            key="initiative_activity",
        )
        if c2.button(
            t("initiative.link"),
            key="initiative_link_activity",
            disabled=activity_id is None,
            width="stretch",
        ):
            _run(
                lambda s: initiative_actors.link_activity(s, view.id, activity_id, by_user_id=me["id"]),
                t("initiative.activity_linked"),
            )
        if view.activities:
            _take_off(
                t("initiative.unlink_activity"),
                {a.id: a.title for a in view.activities},
                "initiative_unlink_pick",
                lambda s, gone: initiative_actors.unlink_activity(s, view.id, gone, by_user_id=me["id"]),
                t("initiative.activity_unlinked"),
            )

# --- milestones --------------------------------------------------------------------------

with tab_milestones:
    if view.progress_from_milestones:
        st.caption(t("initiative.progress_follows"))
    if view.milestones:
        st.dataframe(
            {
                t("field.milestone"): [m.title for m in view.milestones],
                t("field.due_on"): [fmt_date(m.due_on) if m.due_on else "" for m in view.milestones],
                t("initiative.state"): [
                    t("initiative.done_on", date=fmt_date(m.done_on))
                    if m.done and m.done_on
                    else t("initiative.done")
                    if m.done
                    else ("⚠ " + t("initiative.overdue_flag"))
                    if m.overdue
                    else t("initiative.open")
                    for m in view.milestones
                ],
            },
            hide_index=True,
            width="stretch",
        )
    else:
        st.info(t("initiative.no_milestones"), icon=":material/info:")
    if may_manage:
        with st.form("initiative_milestone_form", clear_on_submit=True):
            c1, c2 = st.columns([3, 1])
            ms_title = c1.text_input(t("field.milestone"), key="initiative_ms_title")
            ms_due = c2.date_input(
                t("field.due_on"), value=None, format="DD.MM.YYYY", key="initiative_ms_due"
            )
            if st.form_submit_button(t("initiative.add_milestone"), type="primary"):
                _run(
                    lambda s: follow_up.add_milestone(
                        s, view.id, title=ms_title, due_on=ms_due, by_user_id=me["id"]
                    ),
                    t("initiative.milestone_added"),
                )
        if view.milestones:
            ms = {m.id: m for m in view.milestones}
            ms_id = st.selectbox(
                t("initiative.pick_milestone"),
                list(ms),
                format_func=lambda i: ms[i].title,
                key="initiative_ms_pick",
            )
            m = ms[ms_id]
            c1, c2, c3 = st.columns(3)
            if c1.button(
                t("initiative.reopen") if m.done else t("initiative.mark_done"),
                key="initiative_ms_toggle",
                icon=":material/undo:" if m.done else ":material/check:",
            ):
                _run(
                    lambda s: follow_up.set_milestone_done(s, m.id, not m.done, by_user_id=me["id"]),
                    t("initiative.milestone_saved"),
                )
            if c2.button(
                t("initiative.delete_milestone"), key="initiative_ms_delete", icon=":material/delete:"
            ):
                _run(
                    lambda s: follow_up.delete_milestone(s, m.id, by_user_id=me["id"]),
                    t("initiative.milestone_deleted"),
                )
            with (
                c3.popover(t("initiative.edit_milestone"), icon=":material/edit:"),
                st.form(f"initiative_ms_edit_{m.id}"),
            ):
                new_title = st.text_input(
                    t("field.milestone"), value=m.title, key=f"initiative_ms_edit_title_{m.id}"
                )
                new_due = st.date_input(
                    t("field.due_on"),
                    value=m.due_on,
                    format="DD.MM.YYYY",
                    key=f"initiative_ms_edit_due_{m.id}",
                )
                if st.form_submit_button(t("initiative.save")):
                    _run(
                        lambda s: follow_up.update_milestone(
                            s, m.id, title=new_title, due_on=new_due, by_user_id=me["id"]
                        ),
                        t("initiative.milestone_saved"),
                    )

# --- timeline ----------------------------------------------------------------------------

with tab_timeline:
    st.caption(t("initiative.timeline_help"))
    if may_manage:
        with st.form("initiative_timeline_form", clear_on_submit=True):
            c1, c2 = st.columns([1, 2])
            happened_on = c1.date_input(
                t("field.happened_on"),
                value=today,
                max_value=today,
                format="DD.MM.YYYY",
                key="initiative_tl_date",
            )
            kind = c2.radio(
                t("field.timeline_kind"),
                follow_up.USER_TIMELINE_KINDS,
                format_func=lambda k: t(f"timeline.{k}"),
                horizontal=True,
                key="initiative_tl_kind",
            )
            text = st.text_area(
                t("field.timeline_text"), help=t("initiative.reflection_help"), key="initiative_tl_text"
            )
            if st.form_submit_button(t("initiative.add_entry"), type="primary"):
                _run(
                    lambda s: follow_up.add_timeline_entry(
                        s, view.id, happened_on=happened_on, kind=kind, text=text, by_user_id=me["id"]
                    ),
                    t("initiative.entry_added"),
                )
    if not view.timeline:
        st.info(t("initiative.no_timeline"), icon=":material/info:")
    for entry in view.timeline:
        with st.container(border=True):
            heading = f"**{fmt_date(entry.happened_on)}** · {t(f'timeline.{entry.kind}')}"
            if entry.kind == "status":
                heading += f": {status_text(entry.new_status)}"
            if entry.author:
                heading += f" · {literal(entry.author)}"
            st.markdown(heading)
            if entry.text and entry.kind == "reflection":
                st.info(literal(entry.text), icon=":material/psychology:")
            elif entry.text:
                st.markdown(literal(entry.text))
            if (
                may_manage
                and entry.kind != "status"
                and st.button(
                    t("initiative.delete_entry"),
                    key=f"initiative_tl_delete_{entry.id}",
                    type="tertiary",
                    icon=":material/delete:",
                )
            ):
                _run(
                    lambda s, e=entry.id: follow_up.delete_timeline_entry(s, e, by_user_id=me["id"]),
                    t("initiative.entry_deleted"),
                )

# --- checklist ---------------------------------------------------------------------------

with tab_checklist:
    st.caption(t("initiative.checklist_help"))
    done = sum(c.status != "open" for c in view.checklist)
    st.progress(
        done / len(CHECKLIST_ITEMS),
        text=t("initiative.checklist_progress", done=done, total=len(CHECKLIST_ITEMS)),
    )
    if may_manage:
        with st.form("initiative_checklist_form"):
            chosen = {}
            for item in view.checklist:
                st.markdown(f"**{t(f'checklist.{item.item}')}**")
                st.caption(t(f"checklist_help.{item.item}"))
                c1, c2 = st.columns([2, 3])
                chosen[item.item] = (
                    c1.radio(
                        t("field.checklist_status"),
                        CHECKLIST_STATUSES,
                        index=CHECKLIST_STATUSES.index(item.status),
                        format_func=lambda s: t(f"checklist_status.{s}"),
                        horizontal=True,
                        label_visibility="collapsed",
                        key=f"initiative_check_{item.item}",
                    ),
                    c2.text_input(
                        t("field.checklist_note"),
                        value=item.note,
                        label_visibility="collapsed",
                        placeholder=t("field.checklist_note"),
                        key=f"initiative_check_note_{item.item}",
                    ),
                )
            if st.form_submit_button(t("initiative.save_checklist"), type="primary"):

                def save_all(s) -> None:
                    for item, (status, note) in chosen.items():
                        follow_up.set_checklist_item(
                            s, view.id, item, status=status, note=note, by_user_id=me["id"]
                        )

                _run(save_all, t("initiative.checklist_saved"))
    else:
        literal_table(
            {
                t("initiative.checklist_item"): [t(f"checklist.{c.item}") for c in view.checklist],
                t("field.checklist_status"): [t(f"checklist_status.{c.status}") for c in view.checklist],
                t("field.checklist_note"): [c.note for c in view.checklist],
            }
        )

# --- where it came from ------------------------------------------------------------------

with tab_origin:
    st.caption(t("initiative.origin_help"))
    if view.origins:
        # A real table (not a canvas grid): short, and read aloud by screen readers.
        literal_table(
            {
                t("catalogue.idea"): [o.title for o in view.origins],
                t("field.workshop"): [o.workshop_title for o in view.origins],
                t("field.theme"): [o.theme for o in view.origins],
                t("catalogue.dots"): [o.dots for o in view.origins],
                t("catalogue.voters"): [o.voters for o in view.origins],
                t("catalogue.by_group"): [
                    " · ".join(
                        f"{t(f'group.{g}')} {d}"
                        for g, d in sorted(o.dots_by_group.items(), key=lambda kv: -kv[1])
                    )
                    for o in view.origins
                ],
                t("initiative.also_led_to"): [
                    ", ".join(r.title for r in o.other_initiatives) for o in view.origins
                ],
            },
        )
        for o in view.origins:
            for ref in o.other_initiatives:
                st.page_link(
                    "app_pages/initiative.py",
                    label=t("initiative.sibling", idea=literal(o.title), title=literal(ref.title)),
                    icon=":material/call_split:",
                    query_params={"id": str(ref.id)},
                )
    else:
        st.info(t("initiative.no_origins"), icon=":material/info:")
    if view.entries:
        st.markdown(f"**{t('initiative.entries')}**")
        for e in view.entries:
            st.markdown(f"- {literal(e.title)} ({literal(e.section or t('catalogue.no_section'))})")
    if may_manage and view.process_id:
        linked_ideas = {o.id for o in view.origins}
        linked_entries = {e.id for e in view.entries}
        idea_options = {c.id: c.title for c in candidates if c.id not in linked_ideas}
        entry_options = {e.id: e.title for e in (book.entries if book else []) if e.id not in linked_entries}
        with (
            st.expander(t("initiative.add_origins"), icon=":material/add_link:"),
            st.form("initiative_origins_form", clear_on_submit=True),
        ):
            more_entries = st.multiselect(
                t("initiatives.from_entries"),
                list(entry_options),
                format_func=entry_options.get,
                placeholder=t("initiatives.pick_entries"),
                key="initiative_more_entries",
            )
            more_ideas = st.multiselect(
                t("initiatives.from_ideas"),
                list(idea_options),
                format_func=idea_options.get,
                placeholder=t("catalogue.pick_placeholder"),
                key="initiative_more_ideas",
            )
            if st.form_submit_button(t("initiative.link"), type="primary"):
                _run(
                    lambda s: lifecycle.link_origins(
                        s, view.id, idea_ids=more_ideas, entry_ids=more_entries, by_user_id=me["id"]
                    ),
                    t("initiative.origins_linked"),
                )
        if view.origins:
            _take_off(
                t("initiative.unlink_idea"),
                {o.id: o.title for o in view.origins},
                "initiative_unlink_idea",
                lambda s, gone: lifecycle.unlink_idea(s, view.id, gone, by_user_id=me["id"]),
                t("initiative.origin_unlinked"),
            )
