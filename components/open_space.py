"""Open Space widgets on plain data (services.workshop.open_space.view): a session's card,
the projector's grid in large type, a report. User text goes through `literal()`."""

from __future__ import annotations

import streamlit as st

from components.literal import literal
from i18n import t, tn
from services.workshop.open_space.proceedings import attendance_line, where_line
from services.workshop.open_space.view import Marketplace, Report, TopicSession

# Static CSS (no user text): the grid read from the back of the room at 1920×1080.
WALL_CSS = """<style>
    .st-key-os_wall [data-testid="stVerticalBlockBorderWrapper"] { background: #ffffff; }
    .st-key-os_wall_title p { font-size: 2.6rem; font-weight: 800; margin: 0; }
    .st-key-os_wall_empty p { font-size: 2rem; margin: 0; }
    [class*="st-key-os_room_"] p { font-size: 1.9rem; font-weight: 700; margin: 0; color: #1f5f8b; }
    [class*="st-key-os_slot_"] p { font-size: 2rem; font-weight: 800; margin: 0; }
    [class*="st-key-os_topic_"] p { font-size: 1.9rem; font-weight: 700; line-height: 1.2;
        margin: 0; overflow-wrap: anywhere; }
    [class*="st-key-os_who_"] p { font-size: 1.35rem; margin: 0; color: #333; }
    [class*="st-key-os_free_"] p { font-size: 1.4rem; margin: 0; color: #6c757d; }
    </style>"""


def session_lines(held: TopicSession, market: Marketplace) -> str:
    """Topic in bold, then convener, room and how many picked it: Markdown, user text literal."""
    where = [t("open_space.convened_by", name=literal(held.convener))]
    if held.room_id is not None:
        where.append(literal(market.room_name(held.room_id)))
    where.append(tn("open_space.picks", held.picks))
    return f"**{literal(held.topic)}**  \n" + " · ".join(where)


def projector_grid(market: Marketplace) -> None:
    """Rooms across, time slots down; each cell the topic wrapped, its convener and picks."""
    st.container(key="os_wall_title").markdown(t("open_space.projector_title"))
    if not market.slots or not market.rooms:
        st.container(key="os_wall_empty").markdown(t("open_space.projector_empty"))
        return
    widths = [1] + [3] * len(market.rooms)
    with st.container(key="os_wall"):
        head = st.columns(widths, gap="small")
        for col, room in zip(head[1:], market.rooms, strict=True):
            col.container(key=f"os_room_{room.id}").markdown(literal(room.name))
        for slot in market.slots:
            row = st.columns(widths, gap="small")
            row[0].container(key=f"os_slot_{slot.id}").markdown(literal(slot.label))
            for col, room in zip(row[1:], market.rooms, strict=True):
                held = market.cell(slot.id, room.id)
                with col.container(border=True):
                    if held is None:
                        col_key = f"{slot.id}_{room.id}"
                        st.container(key=f"os_free_{col_key}").markdown(t("open_space.free"))
                        continue
                    st.container(key=f"os_topic_{held.id}").markdown(literal(held.topic))
                    st.container(key=f"os_who_{held.id}").markdown(
                        t("open_space.convened_by", name=literal(held.convener))
                        + "  \n"
                        + tn("open_space.picks", held.picks)
                    )


def report_view(report: Report, *, heading: bool = True) -> None:
    """One report as the console and the catalogue show it."""
    if heading:
        st.markdown(f"**{literal(report.topic)}**")
    st.caption(literal(where_line(report)))
    if report.attendance:
        st.caption(literal(t("open_space.present", groups=attendance_line(report))))
    st.markdown(literal(report.notes))
    if report.ideas:
        st.markdown(f"**{t('open_space.ideas')}**")
        for idea in report.ideas:
            st.markdown(f"- {literal(idea)} · _{literal(t('open_space.from_session', topic=report.topic))}_")
    if report.next_steps:
        st.markdown(f"**{t('open_space.next_steps')}**")
        st.markdown(literal(report.next_steps))
