"""The room's screen: how to join; the ideas as they arrive; one idea in the spotlight; the results; thanks.

Before ideas come in it shows a big QR and code. While ideas are collected, grouped and
voted on, it is a wall of the ideas themselves, in large type by theme, with a small way
to join beside it. The facilitator can put one idea in the spotlight from the console.
The reveal shows the ranking in labels the back row reads; a closed workshop says thanks.
"""

from __future__ import annotations

import math

import streamlit as st

from components.charts import show_chart, stacked_bars
from components.links import join_url
from components.literal import literal, own_address
from components.projector_wall import idea_wall, spotlight_card, wall_css
from components.qr import show_qr
from components.shell import guard
from components.timer import countdown
from components.workshop_results import support_bars
from db.session import read_scope
from i18n import fmt_int, t
from runtime.boundary import guarded
from runtime.matrix_views import projector_matrix
from runtime.open_space_wall import marketplace_wall
from runtime.outcome_forms import influence_line
from services.workshop import board, influence, phases, spotlight, workshops

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
    .st-key-projector_side .st-key-projector_code p { font-size: 3.2rem; }
    .st-key-projector_side .st-key-projector_phase p { font-size: 1.9rem; }
    .st-key-projector_side [data-testid="stMetricValue"] { font-size: 2.4rem; }
    .st-key-projector_side [data-testid="stMetricLabel"] p { font-size: 1.2rem; }
    .st-key-projector_thanks p { font-size: 5rem; font-weight: 800; line-height: 1.1; margin: 0; }
    .st-key-projector_closed p { font-size: 2.2rem; margin: 0; }
    .st-key-projector_influence { margin-bottom: 0.75rem; }
    .st-key-projector_influence p { font-size: 1.5rem; line-height: 1.35; margin: 0; }
    </style>"""
# The ideas the reveal shows: as many as the back row can read on one screen.
RESULTS_TOP = 8
# Characters per line of an idea's label in the results (whole titles, wrapped).
RESULTS_WRAP = 34
# Phases the idea wall shows; before them the room needs the way in, after them the results.
WALL_PHASES = ("collect", "cluster", "vote")


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
    ordered = sorted(by_id, key=lambda i: not phases.is_running(by_id[i].phase))
    chosen = st.selectbox(
        t("console.workshop"), ordered, format_func=lambda i: f"{by_id[i].title} ({by_id[i].code})"
    )
    if st.button(t("projector.show"), type="primary"):
        st.query_params["w"] = str(chosen)
        st.rerun()
    st.stop()


def _results(ranked) -> None:
    """After the reveal: the top, numbered, with their support by stakeholder group.

    Labels of 30 px, dark, whole titles wrapped; whole-number ticks; no toolbar (a
    projector has no one to click it). Plotly's labels are escaped by `stacked_bars`.
    """
    voted = board.voted(ranked)[:RESULTS_TOP]
    if not voted:
        st.container(key="projector_help").markdown(t("console.no_votes"))
        return
    figure = support_bars(
        [f"{i}. {r.title}" for i, r in enumerate(voted, start=1)],
        voted,
        title=t("projector.results_title"),
        y_title="",
        # With the title above, the whole chart fits 1080 px: axis and ticks in view.
        height=840,
        wrap=RESULTS_WRAP,
    )
    most = max(r.dots for r in voted)
    dark = {"color": "#111111"}
    figure.update_layout(
        font={"size": 30, "family": '"Source Sans", sans-serif', **dark},
        title={"font": {"size": 36, **dark}, "y": 0.98, "yanchor": "top"},
        # Above the bars, in the groups' own order, clear of the axis below.
        legend={
            "font": {"size": 28, **dark},
            "orientation": "h",
            "x": 0,
            "y": 1.0,
            "yanchor": "bottom",
            "traceorder": "normal",
        },
        # Room below for the whole-number ticks and the axis title (Plotly clips, it does not grow).
        margin={"l": 10, "r": 30, "t": 150, "b": 110},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
    )
    figure.update_yaxes(tickfont={"size": 30, **dark})
    figure.update_xaxes(
        tickfont={"size": 28, **dark},
        title={"font": {"size": 28, **dark}},
        tickformat="d",
        automargin=True,
        dtick=max(1, math.ceil(most / 6)),
        gridcolor="#d0d0d0",
    )
    show_chart(
        figure,
        theme=None,
        config={"staticPlot": True},
        key="projector_chart",
    )


def _join(w, *, width: int) -> None:
    url = join_url(w.code)
    show_qr(url, caption=own_address(url), width=width, alt=t("projector_room.qr_alt", code=w.code))
    st.container(key="projector_code").markdown(w.code)


def _join_and_follow(w, figures) -> None:
    """Before ideas come in: how to join on the left; the phase, its time box and the room on the right."""
    left, right = st.columns([2, 3], gap="large")
    with left:
        _join(w, width=420)
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
            show_chart(
                stacked_bars(
                    [t(f"group.{g}") for g in present],
                    {t("overview.participants"): [figures.by_group[g] for g in present]},
                    title=t("projector.groups_title"),
                    x_title=t("overview.participants"),
                    y_title="",
                ).update_layout(
                    # Dark and large for the back of the room, as the results are.
                    font={"size": 26, "family": '"Source Sans", sans-serif', "color": "#111111"},
                    title={"font": {"size": 28, "color": "#111111"}},
                    # Room below for the ticks and the axis title (Plotly clips, it does not grow).
                    height=170 + 70 * len(present),
                    margin={"l": 10, "r": 30, "t": 70, "b": 100},
                    xaxis={"automargin": True, "gridcolor": "#d0d0d0"},
                    showlegend=False,
                    paper_bgcolor="#ffffff",
                    plot_bgcolor="#ffffff",
                ),
                theme=None,
                key="projector_groups",
            )


def _wall(w, snap: dict, figures) -> None:
    """While ideas are collected, grouped and voted on: the ideas themselves, and the way in beside them."""
    wall, side = st.columns([5, 1], gap="large")
    with wall:
        idea_wall(snap["themes"], snap["ideas"])
    with side, st.container(key="projector_side"):
        st.container(key="projector_phase").markdown(t(f"phase.{w.phase}"))
        st.container(key="projector_help").markdown(t(f"projector.help_{w.phase}"))
        countdown(
            w.timer_ends_at, label=t("console.time_left"), idle="", size="3.5rem", key="projector_timer"
        )
        _join(w, width=230)
        st.metric(t("overview.participants"), fmt_int(figures.participants))


def _closed(figures) -> None:
    st.container(key="projector_thanks").markdown(t("projector_room.closed_title"))
    st.container(key="projector_closed").markdown(
        t(
            "projector_room.closed_figures",
            participants=fmt_int(figures.participants),
            ideas=fmt_int(figures.ideas),
            dots=fmt_int(figures.dots_used),
        )
        + "\n\n"
        + t("projector_room.closed_next")
    )


@st.fragment(run_every=2)
def _room(workshop_id: int) -> None:
    """Everything on the screen follows the workshop; only this fragment reruns.

    A fragment's rerun does not pass through the page's error boundary in app.py, so it
    has its own. The snapshot is the one the tablets share (built once per board version).
    """
    with guarded("projector.room"):
        with read_scope() as session:
            w = workshops.get_workshop(session, workshop_id)
            figures = board.room_figures(session, w.id)
            spot = spotlight.in_spotlight(session, w.id) if w.phase not in ("draft", "closed") else None
            snap = board.cached_snapshot(session, w.code) if w.phase in WALL_PHASES else None
            ranked = board.results(session, w.id) if w.phase == "results" else []
            said = influence.influence_of_workshop(session, w.id)
        st.title(literal(w.title))
        if said.level is not None:
            # The room's promise stays in sight: what their say is worth, in the facilitator's words.
            st.container(key="projector_influence").markdown(influence_line(said.level, said.promise))
        if w.phase != "closed" and spot is None and marketplace_wall(w.id):
            return
        if w.phase == "closed":
            _closed(figures)
        elif spot is not None:
            spotlight_card(spot)
        elif projector_matrix(w.id):
            pass  # the open 2×2 matrix is on the wall until the facilitator closes it
        elif w.phase == "results":
            _results(ranked)
        elif snap is not None:
            _wall(w, snap, figures)
        else:
            _join_and_follow(w, figures)


guard("projector")
st.html(_BACK_OF_THE_ROOM)
st.html(wall_css())
_room(_workshop_to_show())
