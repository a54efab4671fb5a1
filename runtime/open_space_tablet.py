"""The participant's "Markedsplads" under the board: propose a session, follow the grid
live, pick (and change) where to go in each slot, and write the report of a session.

Writes are authorised by the participant's token, as ideas are; the grid refreshes in a
fragment that first reads the marketplace's version (one primary-key read) and rebuilds
nothing unless it moved.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.orm import Session

from components.literal import literal
from components.open_space import session_lines
from db.models import Participant
from db.session import read_scope
from i18n import t, tn
from runtime.actions import run
from runtime.boundary import guarded
from services.workshop import participants
from services.workshop.open_space import market, reports, view, withdrawal
from services.workshop.open_space.view import TopicSession
from services.workshop.participant_page import ParticipantPage
from vocabulary import STAKEHOLDER_GROUPS

LIVE_SECONDS = 3


def _me(session: Session, token: str | None) -> Participant:
    return participants.participant_by_token(session, token)


def _pick(token: str, session_id: int) -> Callable[[Session], None]:
    return lambda s: market.pick_session(s, _me(s, token), session_id)


def _drop(token: str, slot_id: int) -> Callable[[Session], None]:
    return lambda s: market.drop_pick(s, _me(s, token), slot_id)


WITHDRAWING = "os_withdrawing"
# The marketplace's own confirmation, shown under its heading. The page's general one is
# drawn in "Your data" at the bottom (the privacy panel's), far from what was tapped.
SAID = "os_said"


def _run(change: Callable[[Session], object], message: str) -> None:
    """`runtime.actions.run`, its confirmation kept for the marketplace's heading."""

    def said(_: object) -> None:
        st.session_state[SAID] = message

    if run(change, said):
        st.rerun()


def _withdraw(token: str, held: TopicSession, my_pick: int | None) -> None:
    """Under the proposer's own session: the button, then (kept across the grid's polls) the
    confirmation, or why it cannot be withdrawn here (a report, or others who chose it)."""
    if st.session_state.get(WITHDRAWING) != held.id:
        if held.has_report:
            return  # it stays, with its report: nothing to offer
        if st.button(t("open_space.withdraw"), icon=":material/undo:", key=f"os_withdraw_{held.id}"):
            st.session_state[WITHDRAWING] = held.id
            st.rerun(scope="fragment")
        return
    others = held.picks - (1 if my_pick == held.id else 0)
    with st.container(border=True, key=f"os_withdraw_box_{held.id}"):
        if held.has_report:
            st.warning(t("open_space.withdraw_reported"), icon=":material/info:")
        elif others > 0:
            st.warning(tn("open_space.withdraw_chosen", others), icon=":material/group:")
        else:
            st.warning(t("open_space.withdraw_confirm", topic=literal(held.topic)), icon=":material/undo:")
            if st.button(t("open_space.withdraw_yes"), type="primary", key=f"os_withdraw_yes_{held.id}"):
                st.session_state.pop(WITHDRAWING, None)
                _run(
                    lambda s: withdrawal.withdraw_session(s, _me(s, token), held.id),
                    t("open_space.withdrawn"),
                )
        if st.button(t("open_space.withdraw_cancel"), key=f"os_withdraw_no_{held.id}"):
            st.session_state.pop(WITHDRAWING, None)
            st.rerun(scope="fragment")


@st.fragment(run_every=LIVE_SECONDS)
def _live_grid(token: str, workshop_id: int) -> None:
    with guarded("open_space.grid"):
        with read_scope() as session:
            me = _me(session, token)
            grid = view.cached_marketplace(session, workshop_id)
            mine = view.my_picks(session, me.id)
            me_id = me.id
        st.subheader(t("open_space.grid"))
        if not grid.slots or not grid.rooms:
            st.info(t("open_space.no_grid"), icon=":material/schedule:")
        for slot in grid.slots:
            with st.container(border=True, key=f"os_tablet_slot_{slot.id}"):
                st.markdown(f"### {literal(slot.label)}")
                held_here = grid.in_slot(slot.id)
                if not held_here:
                    st.caption(t("open_space.no_sessions_in_slot"))
                for held in held_here:
                    text_col, button_col = st.columns([3, 1], vertical_alignment="center")
                    text_col.markdown(session_lines(held, grid))
                    if held.proposed_by == me_id:
                        with text_col:
                            _withdraw(token, held, mine.get(slot.id))
                    if mine.get(slot.id) == held.id:
                        if button_col.button(
                            t("open_space.undo_pick"),
                            icon=":material/check_circle:",
                            key=f"os_drop_{slot.id}_{held.id}",
                            type="primary",
                            help=t("open_space.you_go_here"),
                        ):
                            _run(
                                _drop(token, slot.id),
                                t("open_space.dropped"),
                            )
                    elif button_col.button(t("open_space.go_here"), key=f"os_pick_{slot.id}_{held.id}"):
                        _run(
                            _pick(token, held.id),
                            t("open_space.picked"),
                        )
        if grid.unplaced:
            st.markdown(f"**{t('open_space.unplaced')}**")
            for held in grid.unplaced:
                st.markdown(f"- {session_lines(held, grid).replace('  ' + chr(10), ' · ')}")
                if held.proposed_by == me_id:
                    _withdraw(token, held, None)


def _propose(token: str, name: str | None) -> None:
    with (
        st.expander(t("open_space.propose"), icon=":material/campaign:"),
        st.form("os_propose", clear_on_submit=True),
    ):
        # Help as a caption, not a tooltip: a tablet has no hover, and the icon is a 16 px target.
        topic = st.text_input(t("open_space.topic"), max_chars=200)
        st.caption(t("open_space.topic_help"))
        me_label = t("open_space.convener_me", name=name) if name else t("open_space.convener_me_nameless")
        who = st.radio(
            t("open_space.convener"),
            ["me", "other"],
            format_func=lambda k: me_label if k == "me" else t("open_space.convener_other"),
            horizontal=True,
        )
        other = st.text_input(
            t("open_space.convener_name") if name else t("open_space.convener_name_or_yours"),
            max_chars=80,
        )
        if st.form_submit_button(t("open_space.propose_button"), type="primary"):
            convener = other if (who == "other" or not name) else None
            _run(
                lambda s: market.propose_session(s, _me(s, token), topic, convener),
                t("open_space.proposed"),
            )


def _report(token: str, participant_id: int, workshop_id: int) -> None:
    with read_scope() as session:
        grid = view.cached_marketplace(session, workshop_id)
        mine = set(view.my_picks(session, participant_id).values()) | set(
            view.proposed_by(session, participant_id)
        )
    ours = [s for s in grid.sessions if s.id in mine]
    with st.expander(t("open_space.report"), icon=":material/edit_note:"):
        if not ours:
            st.caption(t("open_space.report_help"))
            return
        topics = {s.id: s.topic for s in ours}
        chosen = st.selectbox(
            t("open_space.report_pick"),
            list(topics),
            format_func=lambda i: topics[i],
            key="os_report_session",
        )
        with read_scope() as session:
            before = view.report_of(session, chosen)
        with st.form(f"os_report_{chosen}"):
            notes = st.text_area(t("open_space.notes"), value=before.notes if before else "", max_chars=4000)
            ideas = st.text_area(t("open_space.ideas"), height=120)
            st.caption(t("open_space.ideas_help"))
            next_steps = st.text_area(
                t("open_space.next_steps"), value=before.next_steps if before else "", max_chars=2000
            )
            st.markdown(t("open_space.attendance"))
            cols = st.columns(4)
            counts = {
                g: int(
                    cols[i % 4].number_input(
                        t(f"group.{g}"),
                        min_value=0,
                        max_value=reports.PEOPLE_MAX,
                        value=(before.attendance.get(g, 0) if before else 0),
                        step=1,
                        key=f"os_people_{chosen}_{g}",
                    )
                )
                for i, g in enumerate(STAKEHOLDER_GROUPS)
            }
            if st.form_submit_button(t("open_space.save_report"), type="primary"):
                _run(
                    lambda s: reports.save_report(
                        s,
                        _me(s, token),
                        chosen,
                        notes=notes,
                        next_steps=next_steps,
                        ideas=ideas,
                        attendance=counts,
                    ),
                    t("open_space.report_saved"),
                )


def marketplace_section(token: str, page: ParticipantPage) -> None:
    """The whole section, shown only in a workshop whose facilitator switched Open Space on."""
    if not page.facts["open_space"]:
        return
    name, participant_id, workshop_id, closed = page.name, page.participant_id, page.workshop_id, page.closed
    st.header(t("open_space.title"), anchor="markedsplads")
    st.caption(t("open_space.intro"))
    said = st.session_state.pop(SAID, None)
    if said:
        st.success(said, icon=":material/check_circle:")
    _live_grid(token, workshop_id)
    if closed:
        return
    _propose(token, name)
    _report(token, participant_id, workshop_id)
