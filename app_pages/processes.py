"""Facilitators and admins create, edit, move and archive co-creation processes."""

from __future__ import annotations

import streamlit as st

from components.feedback import show_flash
from components.literal import literal
from components.process_form import process_fields
from components.process_stepper import process_stepper
from components.shell import guard
from db.session import read_scope
from i18n import fmt_date, t, utc_to_local
from runtime.actions import run
from runtime.knowledge_views import process_knowledge
from services.workshop import processes
from services.workshop.process_steps import stepper
from vocabulary import PROCESS_PHASES


def _new_tab(me: dict) -> None:
    with st.form("processes_new_form"):
        typed = process_fields("processes_new")
        submitted = st.form_submit_button(t("processes.create"), type="primary")
    if submitted:
        run(
            lambda s: processes.create_process(s, **typed, by_user_id=me["id"]).title,
            lambda title: t("processes.created", title=title),
        )


def _label(p: processes.Process) -> str:
    archived = f" ({t('processes.archived_badge')})" if p.archived_at else ""
    return f"{p.title}{archived}"


def _phase(me: dict, p: processes.Process) -> None:
    st.subheader(t("processes.phase_title"))
    process_stepper(stepper(p.phase), me["role"])
    if p.archived_at:
        return
    here = PROCESS_PHASES.index(p.phase)
    move, pick, _ = st.columns([2, 2, 3], vertical_alignment="bottom")
    if here + 1 < len(PROCESS_PHASES):
        following = PROCESS_PHASES[here + 1]
        if move.button(
            t("processes.move_on", phase=t(f"process_phase.{following}")),
            type="primary",
            icon=":material/arrow_forward:",
            key=f"processes_move_{p.id}",
        ):
            _set_phase(me, p.id, following)
    with pick.popover(t("processes.other_phase"), icon=":material/swap_horiz:"):
        chosen = st.radio(
            t("field.process_phase"),
            PROCESS_PHASES,
            index=here,
            format_func=lambda ph: t(f"process_phase.{ph}"),
            key=f"processes_phase_{p.id}",
        )
        if st.button(t("processes.set_phase"), key=f"processes_set_phase_{p.id}"):
            _set_phase(me, p.id, chosen)


def _set_phase(me: dict, process_id: int, phase: str) -> None:
    run(
        lambda s: processes.set_phase(s, process_id, phase, by_user_id=me["id"]).title,
        lambda title: t("processes.phase_set", title=title, phase=t(f"process_phase.{phase}")),
    )


def _edit(me: dict, p: processes.Process) -> None:
    st.subheader(t("processes.edit_title"))
    current = {
        "title": p.title,
        "description": p.description,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "target_groups": [g.stakeholder_group for g in p.target_groups],
    }
    with st.form(f"processes_edit_form_{p.id}"):
        typed = process_fields(f"processes_edit_{p.id}", current)
        submitted = st.form_submit_button(t("processes.save"), type="primary")
    if submitted:
        run(
            lambda s: processes.update_process(s, p.id, **typed, by_user_id=me["id"]),
            t("processes.saved"),
        )


def _archive(me: dict, p: processes.Process) -> None:
    st.subheader(t("processes.archive_title"))
    if p.archived_at:
        st.caption(t("processes.archived_on", date=fmt_date(utc_to_local(p.archived_at).date())))
        if st.button(t("processes.restore"), icon=":material/unarchive:", key=f"processes_restore_{p.id}"):
            run(
                lambda s: processes.set_archived(s, p.id, False, by_user_id=me["id"]), t("processes.restored")
            )
        return
    st.caption(t("processes.archive_help"))
    if st.button(t("processes.archive"), icon=":material/archive:", key=f"processes_archive_{p.id}"):
        run(lambda s: processes.set_archived(s, p.id, True, by_user_id=me["id"]), t("processes.archived"))


def _list_tab(me: dict, all_processes: list[processes.Process]) -> None:
    show_archived = st.toggle(t("processes.show_archived"), key="processes_show_archived")
    shown = [p for p in all_processes if show_archived or p.archived_at is None]
    if not shown:
        st.info(t("processes.empty"), icon=":material/info:")
        return
    by_id = {p.id: p for p in shown}
    chosen = st.selectbox(
        t("field.process"), list(by_id), format_func=lambda i: _label(by_id[i]), key="processes_pick"
    )
    p = by_id[chosen]
    with st.container(border=True):
        st.markdown(f"### {literal(p.title)}")
        if p.description:
            st.markdown(literal(p.description))
        _phase(me, p)
    _edit(me, p)
    _archive(me, p)
    process_knowledge(p.id, me["id"])


me = guard("processes")
st.title(t("processes.title"))
st.caption(t("processes.caption"))
show_flash()
with read_scope() as session:
    all_processes = processes.list_processes(session)
    for process in all_processes:
        _ = list(process.target_groups)  # loaded while the session is open
list_tab, new_tab = st.tabs([t("processes.list"), t("processes.new")])
with list_tab:
    _list_tab(me, all_processes)
with new_tab:
    _new_tab(me)
