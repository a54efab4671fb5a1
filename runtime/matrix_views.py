"""The 2×2 matrix on each screen: the participant's sliders, the console's tab, the projector's view.

Each is one call from its page. Every read and change goes through services.workshop.matrices,
which check the participant's token or the staff member's role and write the audit rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

import clock
from components.charts import shorten, show_chart
from components.feedback import show_error
from components.literal import literal
from components.matrix_chart import AxisWords, Point, matrix_figure
from components.tables import in_language
from db.session import read_scope, session_scope
from i18n import current_language, t, tn
from runtime.actions import run
from runtime.boundary import guarded
from services.action import matrix_catalogue
from services.common import spreadsheet
from services.common.errors import DomainError
from services.workshop import ideas, matrices, matrix_export, participants
from services.workshop.matrices import Axes, MatrixView, Spread
from vocabulary import STAKEHOLDER_GROUPS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PRESETS = ("impact_effort", "how_now_wow")
# The list beside the projector's chart in type the back row reads. Static CSS only.
_PROJECTOR_LIST = """<style>
    .st-key-projector_matrix_list p, .st-key-projector_matrix_list li { font-size: 1.9rem; line-height: 1.3; }
    </style>"""


def words_of(view: MatrixView) -> AxisWords:
    """The axes in the reader's language: the presets' from the catalogues, own axes as typed."""
    if view.kind in PRESETS:
        return AxisWords(
            *(
                t(f"matrix.{view.kind}.{k}")
                for k in ("x_name", "x_low", "x_high", "y_name", "y_low", "y_high")
            )
        )
    a = view.axes
    return AxisWords(a.x_name, a.x_low, a.x_high, a.y_name, a.y_low, a.y_high)


def quadrant_names(view: MatrixView) -> dict[str, str]:
    """'hl' (high y, low x) … in words: the presets' own names, else the two ends joined."""
    if view.kind in PRESETS:
        return {q: t(f"matrix.{view.kind}.q_{q}") for q in matrices.QUADRANTS}
    w = words_of(view)
    ends = {"h": (w.y_high, w.x_high), "l": (w.y_low, w.x_low)}
    return {q: t("matrix.quadrant_of", y=ends[q[0]][0], x=ends[q[1]][1]) for q in matrices.QUADRANTS}


def _points(view: MatrixView, found: list[Spread]) -> list[Point]:
    numbers = {idea_id: n for n, (idea_id, _) in enumerate(view.ideas, start=1)}
    return [
        Point(
            numbers[s.idea_id], "" if s.group is None else t(f"group.{s.group}"),
            s.x_median, s.x_q1, s.x_q3, s.y_median, s.y_q1, s.y_q3,
        )
        for s in found
    ]  # fmt: skip


# --- the participant's tablet ----------------------------------------------------------------


@st.fragment
def participant_matrix(token: str | None) -> None:
    """Below the board while a matrix is open: two sliders (0–10) per idea, saved together.

    A fragment, so saving runs only this. It has no timer: opening or closing a matrix
    moves the board's version, and the board asks for a run of the page when the snapshot's
    open matrix is not the one the page was drawn with (services.workshop.board.page_facts).
    """
    with guarded("participant.matrix"):
        try:
            with read_scope() as session:
                me = participants.participant_by_token(session, token)
                view = matrices.open_matrix_of(session, me.workshop_id)
                mine = matrices.my_places(session, me, view.id) if view else {}
        except DomainError:
            return  # the board already says the link is dead
        if view is None:
            return
        _placing(token, view, mine)


def _placing(token: str | None, view: MatrixView, mine: dict[int, tuple[int, int]]) -> None:
    words = words_of(view)
    with st.container(border=True, key="matrix_tablet"):
        st.subheader(t("matrix.tablet_title"), anchor=False)
        st.caption(
            t("matrix.tablet_help", x=literal(words.x_name), y=literal(words.y_name))
            + "  \n"
            + tn("matrix.placed_of", len(mine), total=len(view.ideas))
        )
        with st.form(f"matrix_form_{view.id}", border=False):
            asked = {}
            for n, (idea_id, title) in enumerate(view.ideas, start=1):
                st.markdown(f"**{n}. {literal(title)}**")
                left, right = st.columns(2)
                axes = (
                    (left, "x", words.x_name, words.x_low, words.x_high),
                    (right, "y", words.y_name, words.y_low, words.y_high),
                )
                values = []
                for column, axis, name, low, high in axes:
                    key = f"matrix_{view.id}_{idea_id}_{axis}"
                    if key not in st.session_state:  # the saved place, once; then what the hand set
                        st.session_state[key] = mine.get(idea_id, (5, 5))[0 if axis == "x" else 1]
                    values.append(
                        column.slider(
                            literal(name), 0, matrices.AXIS_MAX, step=1, key=key,
                        )
                    )  # fmt: skip
                    column.caption(f"0 = {literal(low)} · {matrices.AXIS_MAX} = {literal(high)}")
                asked[idea_id] = (int(values[0]), int(values[1]))
            saved = st.form_submit_button(t("matrix.save"), type="primary", icon=":material/check:")
        if saved:
            try:
                with session_scope() as session:
                    me = participants.participant_by_token(session, token)
                    placed = matrices.place(session, me, view.id, asked)
            except DomainError as err:
                show_error(err)
            else:
                st.session_state["matrix_saved"] = tn("matrix.saved", placed)
                st.rerun(scope="fragment")
        if "matrix_saved" in st.session_state:
            st.success(st.session_state.pop("matrix_saved"), icon=":material/check_circle:")


# --- the facilitator's console ---------------------------------------------------------------


def console_matrix_tab(workshop_id: int, user_id: int, workshop_title: str) -> None:
    """Open a matrix on ideas, follow it, split it by group on the projector, close it; results of each."""
    with read_scope() as session:
        current = matrices.open_matrix_of(session, workshop_id)
        every = matrices.matrices_of(session, workshop_id)
        titles = ideas.visible_titles(session, workshop_id) if current is None else []
    if current is None:
        _open_form(workshop_id, titles, user_id)
    else:
        _following(current, user_id)
    shown = [m for m in every if m.ideas]
    if not shown:
        return
    st.subheader(t("matrix.results_title"), anchor=False)
    by_id = {m.id: m for m in shown}
    chosen = st.selectbox(
        t("matrix.which"),
        list(by_id),
        format_func=lambda i: (
            f"{_kind_name(by_id[i])} · {tn('matrix.idea_count', len(by_id[i].ideas))}"
            + ("" if not by_id[i].is_open else f" · {t('matrix.open_now')}")
        ),
        key=f"matrix_results_pick_{shown[0].id}",  # a new matrix brings its own results forward
    )
    _results(by_id[chosen], user_id, workshop_title)


def _kind_name(view: MatrixView) -> str:
    if view.kind == "custom":
        w = view.axes
        return t("matrix.custom_name", y=w.y_name, x=w.x_name)
    return t(f"matrix.kind_{view.kind}")


def _open_form(workshop_id: int, titles: list[tuple[int, str]], user_id: int) -> None:
    st.caption(t("matrix.console_help"))
    if not titles:
        st.info(t("console.no_ideas"), icon=":material/info:")
        return
    names = dict(titles)
    with st.form("matrix_open"):
        picked = st.multiselect(
            t("matrix.pick_ideas"), list(names), format_func=lambda i: shorten(names[i], 80),
            max_selections=matrices.IDEAS_MAX, key="matrix_open_ideas",
        )  # fmt: skip
        kind = st.radio(
            t("matrix.kind"),
            (*PRESETS, "custom"),
            format_func=lambda k: t(f"matrix.kind_{k}"),
            key="matrix_kind",
        )
        st.caption(t("matrix.custom_help"))
        x_col, y_col = st.columns(2)
        typed = {}
        for column, axis in ((x_col, "x"), (y_col, "y")):
            for end in ("name", "low", "high"):
                typed[f"{axis}_{end}"] = column.text_input(
                    t(f"field.matrix_{axis}_{end}"),
                    max_chars=matrices.AXIS_TEXT_MAX,
                    key=f"matrix_{axis}_{end}",
                )
        if st.form_submit_button(t("matrix.open"), type="primary", icon=":material/grid_view:"):
            run(
                lambda s: matrices.open_matrix(
                    s, workshop_id, picked, kind=kind, axes=Axes(**typed) if kind == "custom" else None,
                    by_user_id=user_id,
                ),
                t("matrix.opened"),
            )  # fmt: skip


def _following(view: MatrixView, user_id: int) -> None:
    with read_scope() as session:
        people = matrices.placed_by(session, view.id)
    st.markdown(
        t("matrix.open_line", kind=literal(_kind_name(view))) + "  \n" + tn("matrix.people_placed", people)
    )
    by_group = st.toggle(t("matrix.by_group"), value=view.by_group, key=f"matrix_by_group_{view.id}")
    if by_group != view.by_group:
        run(
            lambda s: matrices.show_by_group(s, view.id, by_group, by_user_id=user_id),
            t("matrix.by_group_saved"),
        )
    if st.button(t("matrix.close"), icon=":material/stop_circle:", key="matrix_close"):
        run(lambda s: matrices.close_matrix(s, view.id, by_user_id=user_id), t("matrix.closed"))


def _results(view: MatrixView, user_id: int, workshop_title: str) -> None:
    with read_scope() as session:
        found = matrices.spreads(session, view.id)
    if not found:
        st.caption(t("matrix.no_places"))
        return
    names = quadrant_names(view)
    show_chart(
        matrix_figure(_points(view, found), words_of(view), names), theme=None, key=f"matrix_chart_{view.id}"
    )
    numbers = {idea_id: n for n, (idea_id, _) in enumerate(view.ideas, start=1)}
    w = words_of(view)
    columns: dict[str, Sequence[object]] = {
        t("matrix.col_no"): [numbers[s.idea_id] for s in found],
        t("matrix.col_idea"): [s.title for s in found],
        t("matrix.col_count"): [s.count for s in found],
        t("matrix.col_median", axis=w.x_name): [s.x_median for s in found],
        t("matrix.col_iqr", axis=w.x_name): [s.x_q3 - s.x_q1 for s in found],
        t("matrix.col_median", axis=w.y_name): [s.y_median for s in found],
        t("matrix.col_iqr", axis=w.y_name): [s.y_q3 - s.y_q1 for s in found],
        t("matrix.col_quadrant"): [names[s.quadrant] for s in found],
    }
    digits = {name: 2 for name in list(columns)[3:7]} | {t("matrix.col_count"): 0, t("matrix.col_no"): 0}
    st.dataframe(in_language(columns, digits), hide_index=True, width="stretch")
    _downloads(view, workshop_title)
    _to_catalogue(view, names, user_id)


def _downloads(view: MatrixView, workshop_title: str) -> None:
    w = words_of(view)
    headers = {k: t(f"matrix.export_{k}") for k in matrix_export.HEADER_KEYS}
    headers |= {
        "x_median": t("matrix.col_median", axis=w.x_name), "x_q1": t("matrix.col_q1", axis=w.x_name),
        "x_q3": t("matrix.col_q3", axis=w.x_name), "y_median": t("matrix.col_median", axis=w.y_name),
        "y_q1": t("matrix.col_q1", axis=w.y_name), "y_q3": t("matrix.col_q3", axis=w.y_name),
        "x": w.x_name, "y": w.y_name,
    }  # fmt: skip
    headers |= {f"group.{g}": t(f"group.{g}") for g in STAKEHOLDER_GROUPS}
    headers |= {f"quadrant.{q}": name for q, name in quadrant_names(view).items()}
    language = current_language()  # the files are built on a click, outside this run
    words = ("samskab", t("matrix.file_stem"), workshop_title, f"{clock.now():%Y%m%d}")

    def as_csv() -> bytes:
        with read_scope() as session:
            return matrix_export.to_csv(session, view.id, headers, language)

    def as_excel() -> bytes:
        with read_scope() as session:
            return matrix_export.to_excel(session, view.id, headers)

    left, right = st.columns(2)
    left.download_button(
        t("console.download_csv"), as_csv, file_name=spreadsheet.file_name(*words, ext="csv"),
        mime="text/csv",
        icon=":material/download:", key=f"matrix_csv_{view.id}",
        on_click="ignore",
    )  # fmt: skip
    right.download_button(
        t("console.download_excel"), as_excel, file_name=spreadsheet.file_name(*words, ext="xlsx"), mime=XLSX,
        icon=":material/download:", key=f"matrix_xlsx_{view.id}",
        on_click="ignore",
    )  # fmt: skip


def _to_catalogue(view: MatrixView, names: dict[str, str], user_id: int) -> None:
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    quadrant = left.selectbox(
        t("matrix.to_catalogue_pick"),
        matrices.QUADRANTS,
        format_func=names.__getitem__,
        key=f"matrix_quadrant_{view.id}",
    )
    if right.button(
        t("matrix.to_catalogue"), icon=":material/menu_book:", key=f"matrix_to_catalogue_{view.id}"
    ):
        run(
            lambda s: matrix_catalogue.send_quadrant_to_catalogue(s, view.id, quadrant, by_user_id=user_id),
            lambda added: tn("matrix.sent_to_catalogue", added),
        )


# --- the projector ---------------------------------------------------------------------------


def projector_matrix(workshop_id: int) -> bool:
    """The open matrix's aggregate, big, if there is one; whether it was shown."""
    with read_scope() as session:
        view = matrices.open_matrix_of(session, workshop_id)
        if view is None:
            return False
        found = matrices.spreads(session, view.id, by_group=view.by_group)
        people = matrices.placed_by(session, view.id)
    st.html(_PROJECTOR_LIST)
    chart, listing = st.columns([3, 1], gap="large")
    with chart:
        show_chart(
            matrix_figure(_points(view, found), words_of(view), quadrant_names(view), height=820, font=26),
            theme=None,
            config={"staticPlot": True},
            key="projector_matrix",
        )
    with listing, st.container(key="projector_matrix_list"):
        st.markdown(f"**{literal(_kind_name(view))}**")
        st.markdown("\n".join(f"{n}. {literal(title)}" for n, (_, title) in enumerate(view.ideas, start=1)))
        st.caption(tn("matrix.people_placed", people))
    return True
