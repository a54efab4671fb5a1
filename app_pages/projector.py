"""The room's screen: a big QR and code, the phase, the time box and live counts; the results on reveal."""

from __future__ import annotations

import streamlit as st

from components.charts import shorten, stacked_bars
from components.links import join_url
from components.literal import literal, own_address
from components.qr import show_qr
from components.shell import guard
from components.timer import countdown
from components.workshop_results import support_bars
from db.session import read_scope
from i18n import fmt_int, t
from runtime.boundary import guarded
from services.workshop import board, workshops

# Readable from the back of the room: no sidebar, no toolbar, large type. Static CSS only.
_BACK_OF_THE_ROOM = """<style>
    [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
    header[data-testid="stHeader"] { display: none; }
    [data-testid="stMainBlockContainer"] { padding: 1.5rem 2.5rem; max-width: 100%; }
    [data-testid="stMetricValue"] { font-size: 3.5rem; }
    [data-testid="stMetricLabel"] p { font-size: 1.4rem; }
    .st-key-projector_code p { font-size: 5rem; font-weight: 800; letter-spacing: 0.3rem; margin: 0; }
    .st-key-projector_phase p { font-size: 2.4rem; font-weight: 700; margin: 0; }
    .st-key-projector_help p { font-size: 1.5rem; margin: 0; }
    </style>"""


def _workshop_to_show() -> int:
    """The workshop in the URL; without one, the facilitator picks it (and the page stops)."""
    with read_scope() as session:
        rows = workshops.list_workshops(session)
    by_id = {r.id: r for r in rows}
    wanted = st.query_params.get("w", "")
    if wanted.isdigit() and int(wanted) in by_id:
        return int(wanted)
    if not by_id:
        st.info(t("workshops.empty"), icon=":material/info:")
        st.stop()
    # Running workshops first: that is what a facilitator usually puts on the wall.
    ordered = sorted(by_id, key=lambda i: not workshops.is_running(by_id[i].phase))
    chosen = st.selectbox(
        t("console.workshop"), ordered, format_func=lambda i: f"{by_id[i].title} ({by_id[i].code})"
    )
    if st.button(t("projector.show"), type="primary"):
        st.query_params["w"] = str(chosen)
        st.rerun()
    st.stop()


def _results(ranked) -> None:
    """After the reveal: the top ten, numbered, with their support by stakeholder group."""
    st.container(key="projector_phase").markdown(t("phase.results"))
    voted = board.voted(ranked)[:10]
    if not voted:
        st.markdown(t("console.no_votes"))
        return
    st.plotly_chart(
        support_bars(
            [f"{i}. {shorten(r.title, 60)}" for i, r in enumerate(voted, start=1)],
            voted,
            title=t("projector.results_title"),
            y_title="",
            height=720,
        ).update_layout(font={"size": 20}),
        width="stretch",
        key="projector_chart",
    )


def _join_and_follow(w, figures) -> None:
    """Before the reveal: how to join on the left; the phase, its time box and the room on the right."""
    left, right = st.columns([2, 3], gap="large")
    with left:
        show_qr(join_url(w.code), caption=own_address(join_url(w.code)), width=420)
        st.container(key="projector_code").markdown(w.code)
    with right:
        st.container(key="projector_phase").markdown(t(f"phase.{w.phase}"))
        st.container(key="projector_help").markdown(t(f"projector.help_{w.phase}"))
        countdown(w.timer_ends_at, label=t("console.time_left"), idle="", size="6rem", key="projector_timer")
        a, b, c = st.columns(3)
        a.metric(t("overview.participants"), fmt_int(figures.participants))
        b.metric(t("overview.ideas"), fmt_int(figures.ideas))
        c.metric(t("console.dots_used"), fmt_int(figures.dots_used))
        present = figures.groups_present
        if present:
            st.plotly_chart(
                stacked_bars(
                    [t(f"group.{g}") for g in present],
                    {t("overview.participants"): [figures.by_group[g] for g in present]},
                    title=t("projector.groups_title"),
                    x_title=t("overview.participants"),
                    y_title="",
                ).update_layout(font={"size": 18}, showlegend=False),
                width="stretch",
                key="projector_groups",
            )


@st.fragment(run_every=2)
def _room(workshop_id: int) -> None:
    """Everything on the screen follows the workshop; only this fragment reruns.

    A fragment's rerun does not pass through the page's error boundary in app.py, so it
    has its own.
    """
    with guarded("projector.room"):
        with read_scope() as session:
            w = workshops.get_workshop(session, workshop_id)
            figures = board.room_figures(session, w.id)
            revealed = w.phase in board.REVEALED_PHASES
            ranked = board.results(session, w.id) if revealed else []
        st.title(literal(w.title))
        if revealed:
            _results(ranked)
        else:
            _join_and_follow(w, figures)


guard("projector")
st.html(_BACK_OF_THE_ROOM)
_room(_workshop_to_show())
