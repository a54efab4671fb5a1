"""The console's Open Space tab: switch it on, lay out time slots and rooms, put up and
place sessions (one per cell), and read the reports. Every write goes through a service
that checks the role and audits."""

from __future__ import annotations

from functools import partial

import streamlit as st

from components.literal import literal
from components.open_space import report_view
from db.session import read_scope
from i18n import t, tn
from runtime.actions import run
from services.workshop.open_space import common, grid, view, withdrawal
from services.workshop.open_space.view import Marketplace, TopicSession

NOWHERE = (None, None)


def _switch(market: Marketplace, workshop_id: int, user_id: int) -> None:
    on = st.toggle(
        t("open_space.switch"), value=market.switched_on, help=t("open_space.switch_help"), key="os_switch"
    )
    if on != market.switched_on:
        run(
            lambda s: grid.switch_open_space(s, workshop_id, on, by_user_id=user_id),
            t("open_space.switched_on") if on else t("open_space.switched_off"),
        )


def _slots(market: Marketplace, workshop_id: int, user_id: int) -> None:
    st.subheader(t("open_space.slots"))
    for slot in market.slots:
        label_col, remove_col = st.columns([3, 1], vertical_alignment="center")
        label_col.markdown(literal(slot.label))
        if remove_col.button(t("open_space.remove"), key=f"os_remove_slot_{slot.id}"):
            run(partial(grid.remove_slot, slot_id=slot.id, by_user_id=user_id), t("open_space.removed"))
    with st.form("os_new_slot", clear_on_submit=True):
        starts_col, ends_col = st.columns(2)
        starts = starts_col.text_input(
            t("open_space.starts"), max_chars=common.SLOT_LABEL_MAX, placeholder="10.00"
        )
        ends = ends_col.text_input(t("open_space.ends"), max_chars=common.SLOT_LABEL_MAX, placeholder="10.45")
        if st.form_submit_button(t("open_space.add_slot")):
            run(
                lambda s: grid.add_slot(s, workshop_id, starts, ends, by_user_id=user_id),
                t("open_space.slot_added"),
            )


def _rooms(market: Marketplace, workshop_id: int, user_id: int) -> None:
    st.subheader(t("open_space.rooms"))
    for room in market.rooms:
        name_col, remove_col = st.columns([3, 1], vertical_alignment="center")
        name_col.markdown(literal(room.name))
        if remove_col.button(t("open_space.remove"), key=f"os_remove_room_{room.id}"):
            run(partial(grid.remove_room, room_id=room.id, by_user_id=user_id), t("open_space.removed"))
    with st.form("os_new_room", clear_on_submit=True):
        name = st.text_input(t("open_space.room_name"), max_chars=common.ROOM_MAX)
        if st.form_submit_button(t("open_space.add_room")):
            run(lambda s: grid.add_room(s, workshop_id, name, by_user_id=user_id), t("open_space.room_added"))


def _remove(held: TopicSession, user_id: int) -> None:
    """Take a session off the marketplace, after a confirmation that says whose picks go."""
    with st.popover(t("open_space.remove_session"), icon=":material/delete:"):
        st.markdown(t("open_space.remove_session_confirm", topic=literal(held.topic)))
        if held.has_report:
            st.warning(t("open_space.withdraw_reported"), icon=":material/info:")
            return
        if held.picks:
            st.caption(tn("open_space.remove_session_picks", held.picks))
        if st.button(t("open_space.remove_session_yes"), type="primary", key=f"os_remove_session_{held.id}"):
            run(
                partial(withdrawal.remove_session, session_id=held.id, by_user_id=user_id),
                t("open_space.session_removed"),
            )


def _sessions(market: Marketplace, workshop_id: int, user_id: int) -> None:
    st.subheader(t("open_space.sessions"))
    cells = [NOWHERE] + [(slot.id, room.id) for slot in market.slots for room in market.rooms]

    def cell_label(cell: tuple[int | None, int | None]) -> str:
        if cell == NOWHERE:
            return t("open_space.not_placed")
        taken = market.cell(cell[0], cell[1])  # type: ignore[arg-type]
        label = t("open_space.cell", time=market.slot_label(cell[0]), room=market.room_name(cell[1]))
        return f"{label} · {taken.topic}" if taken else f"{label} · {t('open_space.free')}"

    if not market.sessions:
        st.caption(t("open_space.no_sessions"))
    for held in market.sessions:
        text_col, cell_col, button_col = st.columns([3, 3, 1], vertical_alignment="bottom")
        text_col.markdown(
            f"**{literal(held.topic)}**  \n"
            + t("open_space.convened_by", name=literal(held.convener))
            + " · "
            + tn("open_space.picks", held.picks)
            + (f" · {t('open_space.reported')}" if held.has_report else "")
        )
        now = (held.slot_id, held.room_id)
        chosen = cell_col.selectbox(
            t("open_space.place"),
            cells,
            index=cells.index(now) if now in cells else 0,
            format_func=cell_label,
            key=f"os_cell_{held.id}",
        )
        if button_col.button(t("open_space.save_place"), key=f"os_place_{held.id}", disabled=chosen == now):
            run(
                partial(
                    grid.place_session,
                    session_id=held.id,
                    slot_id=chosen[0],
                    room_id=chosen[1],
                    by_user_id=user_id,
                ),
                t("open_space.placed"),
            )
        with text_col:
            _remove(held, user_id)
    with st.form("os_propose_for", clear_on_submit=True):
        st.markdown(f"**{t('open_space.propose_for')}**")
        topic_col, convener_col = st.columns([3, 2])
        topic = topic_col.text_input(t("open_space.topic"), max_chars=common.TOPIC_MAX)
        convener = convener_col.text_input(t("open_space.convener_name"), max_chars=common.CONVENER_MAX)
        if st.form_submit_button(t("open_space.propose_button")):
            run(
                lambda s: grid.propose_session_for(s, workshop_id, topic, convener, by_user_id=user_id),
                t("open_space.proposed"),
            )


def _reports(workshop_id: int) -> None:
    st.subheader(t("open_space.reports"))
    with read_scope() as session:
        found = view.reports(session, workshop_id=workshop_id)
    if not found:
        st.caption(t("open_space.no_reports"))
    for report in found:
        with st.expander(literal(report.topic)):
            report_view(report, heading=False)


def console_tab(workshop_id: int, user_id: int) -> None:
    """The whole tab; it reads the grid fresh (the facilitator's own changes rerun the page)."""
    with read_scope() as session:
        market = view.marketplace(session, workshop_id)
    _switch(market, workshop_id, user_id)
    slots_col, rooms_col = st.columns(2, gap="large")
    with slots_col:
        _slots(market, workshop_id, user_id)
    with rooms_col:
        _rooms(market, workshop_id, user_id)
    _sessions(market, workshop_id, user_id)
    _reports(workshop_id)
