"""The top of the facilitator's console: which workshop, its header, the phases, the time box
and the room live (figures that rerun every few seconds)."""

from __future__ import annotations

import streamlit as st

from components.links import join_url
from components.literal import literal, own_address
from components.timer import countdown
from components.workshop_console import phase_stepper, room_metrics
from db.models import Workshop
from db.session import read_scope
from i18n import t
from runtime.actions import run
from runtime.boundary import guarded
from services.workshop import board, phases, workshops
from services.workshop.workshops import WorkshopRow


def workshop_picker(rows: list[WorkshopRow]) -> int:
    """The workshop in the URL, else the first one running; the choice goes back into the URL."""
    by_id = {r.id: r for r in rows}
    wanted = st.query_params.get("w")
    default = int(wanted) if wanted and wanted.isdigit() and int(wanted) in by_id else None
    if default is None:
        default = next((r.id for r in rows if phases.is_running(r.phase)), rows[0].id)
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


def header(w: Workshop) -> None:
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


def _confirm_back(workshop_id: int, target: str, user_id: int) -> None:
    """Going back moves every tablet in the room at once, so the facilitator says so twice."""
    # Decorated here, not at import: the dialog's title is in the language of this run.
    st.dialog(t("console.confirm_back_title"))(_confirm_back_body)(workshop_id, target, user_id)


def _confirm_back_body(workshop_id: int, target: str, user_id: int) -> None:
    st.write(t("console.confirm_back", phase=t(f"phase.{target}")))
    yes, no = st.columns(2)
    if yes.button(t("console.go_back"), type="primary", key="console_back_yes"):
        _move_phase(workshop_id, target, user_id)
    if no.button(t("console.stay"), key="console_back_no"):
        st.rerun()


def phase_controls(w: Workshop, user_id: int) -> None:
    asked = phase_stepper(w.phase)
    if asked and phases.is_going_back(w.phase, asked):
        _confirm_back(w.id, asked, user_id)
    elif asked:
        _move_phase(w.id, asked, user_id)


def time_box(w: Workshop, user_id: int) -> None:
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
def live_room(workshop_id: int) -> None:
    """The room as it is now: only this part reruns every few seconds (with its own error boundary)."""
    with guarded("console.room"):
        with read_scope() as session:
            figures = board.room_figures(session, workshop_id)
        room_metrics(figures)
