"""Widgets of the facilitator's console: they take plain data and return what was asked for.

The page runs every change; where a refusal must show inside the widget (as it always
has), the widget hands the request to the page's `on_...` callback at that place instead.
The keys are the console's, which its tests use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from components.charts import shorten
from components.literal import literal
from components.tables import picked_ids, picked_rows
from i18n import fmt_int, t
from services.workshop import phases
from services.workshop.board import RankedIdea, RoomFigures
from services.workshop.ideas import HiddenItem
from vocabulary import PHASES, STAKEHOLDER_GROUPS


def phase_stepper(phase: str) -> str | None:
    """Where the workshop stands among its phases; the phase the facilitator asks for, if any.

    One step back, one step on, or a jump to any phase. Every control is drawn before
    the answer is returned, so none of them vanishes while the page confirms going back.
    """
    for col, p in zip(st.columns(len(PHASES)), PHASES, strict=True):
        marker = "◉" if p == phase else ("✓" if phases.is_going_back(phase, p) else "○")
        col.markdown(f"{marker} **{t('phase.' + p)}**" if p == phase else f"{marker} {t('phase.' + p)}")
    back, on = phases.neighbour_phases(phase)
    asked = None
    back_col, next_col, jump_col = st.columns([1, 1, 2], vertical_alignment="bottom")
    if back and back_col.button(
        t("console.back_to", phase=t(f"phase.{back}")), icon=":material/undo:", key="console_back"
    ):
        asked = back
    if on and next_col.button(
        t("console.next_to", phase=t(f"phase.{on}")), type="primary", key="console_next"
    ):
        asked = on
    with jump_col:
        target = st.selectbox(
            t("console.jump"),
            [p for p in PHASES if p != phase],
            format_func=lambda p: t(f"phase.{p}"),
            index=None,
            placeholder=t("console.jump_placeholder"),
            key="console_jump",
        )
        if target and st.button(t("console.jump_go"), key="console_jump_go"):
            asked = target
    return asked


def room_metrics(figures: RoomFigures) -> None:
    """Who is in the room, what they have made, and which stakeholder groups are still missing."""
    cols = st.columns(4)
    cols[0].metric(t("overview.participants"), fmt_int(figures.participants))
    cols[1].metric(t("overview.ideas"), fmt_int(figures.ideas))
    cols[2].metric(
        t("console.dots_used"), f"{fmt_int(figures.dots_used)} / {fmt_int(figures.dots_available)}"
    )
    present = figures.groups_present
    cols[3].metric(t("console.groups_reached"), f"{len(present)} / {len(STAKEHOLDER_GROUPS)}")
    if figures.participants:
        parts = [f"{t('group.' + g)}: {fmt_int(figures.by_group[g])}" for g in present]
        if figures.groups_missing:
            missing = ", ".join(t("group." + g) for g in figures.groups_missing)
            parts.append(t("console.missing", groups=missing))
        st.caption(" · ".join(parts))


IDEAS_TABLE = "console_ideas"


def ideas_table(rows: Sequence[RankedIdea], *, votes_visible: bool, revealed: bool) -> list[int]:
    """Every idea with its theme, cluster and merges; the ids of the ideas ticked.

    Ticks are bound to ideas, not rows (`picked_ids`). The votes are a column the
    facilitator switches on once the room may see them, shown by default once revealed,
    as the console may be on the projector; while votes are hidden there is no such column.
    """
    show_counts = votes_visible and st.toggle(t("console.show_counts"), value=revealed, key="console_counts")
    table: dict[str, Sequence[object]] = {
        t("console.col_title"): [r.title for r in rows],
        t("field.theme"): [r.theme for r in rows],
        t("console.col_cluster"): [r.cluster for r in rows],
        t("console.col_merged"): [r.merged for r in rows],
    }
    if show_counts:
        table[t("console.col_dots")] = [r.dots for r in rows]
        table[t("console.col_voters")] = [r.voters for r in rows]
    return picked_ids(table, [r.id for r in rows], key=IDEAS_TABLE)


def spotlight_line(title: str | None, *, on_clear: Callable[[], object]) -> None:
    """Which idea the projector shows big now, with the button that takes it off."""
    if title is None:
        st.caption(t("spotlight.none"))
        return
    text_col, clear_col = st.columns([4, 1], vertical_alignment="center")
    text_col.markdown(t("spotlight.now", idea=literal(title)))
    if clear_col.button(t("spotlight.clear"), icon=":material/hide_source:", key="console_spotlight_clear"):
        on_clear()


def merged_ideas(on_board: Sequence[dict], *, on_undo: Callable[[int], object]) -> None:
    """Ideas merged into another (from the board's snapshot), each with an undo.

    `on_undo(idea_id)` runs in the list, so a refusal shows beside the idea it is about.
    """
    merged_away = [
        (m_id, m_title, i["title"])
        for i in on_board
        for m_id, m_title in zip(i["members"], i["merged_titles"], strict=True)
    ]
    if not merged_away:
        return
    with st.expander(t("console.merged_list", n=len(merged_away))):
        for m_id, m_title, survivor in merged_away:
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.markdown(t("console.merged_line", idea=literal(m_title), survivor=literal(survivor)))
            if right.button(t("console.undo"), key=f"console_unmerge_{m_id}"):
                on_undo(m_id)


def comments_picker(on_board: Sequence[dict]) -> list[int]:
    """The comments on the board (from its snapshot) with the idea each is on; the ids ticked."""
    comments = [(c["id"], c["body"], i["title"]) for i in on_board for c in i["comments"]]
    if not comments:
        return []
    rows = picked_rows(
        {
            t("console.col_comment"): [c[1] for c in comments],
            t("console.col_on_idea"): [c[2] for c in comments],
        },
        key="console_comments",
    )
    return [comments[i][0] for i in rows]


def hidden_picker(hidden: Sequence[HiddenItem]) -> list[HiddenItem]:
    """What was hidden, why and by whom; the items ticked to show again."""
    rows = picked_rows(
        {
            t("console.col_kind"): [t(f"console.kind_{h.kind}") for h in hidden],
            t("console.col_text"): [h.text for h in hidden],
            t("console.hide_reason"): [h.reason for h in hidden],
            t("console.col_by"): [h.hidden_by for h in hidden],
        },
        key="console_hidden",
    )
    return [hidden[i] for i in rows]


def dot_for_person(people: dict[int, str], ranked: Sequence[RankedIdea]) -> tuple[int, int, bool] | None:
    """A person without a tablet and an idea; (person, idea, True to give or False to take a dot)."""
    st.markdown(f"**{t('console.dots_for')}**")
    if not people:
        st.caption(t("console.no_people"))
        return None
    who = st.selectbox(
        t("console.person"), list(people), format_func=people.__getitem__, key="console_dot_who"
    )
    titles = {r.id: r.title for r in ranked}
    which = st.selectbox(
        t("console.col_title"),
        list(titles),
        format_func=lambda i: shorten(titles[i], 80),
        key="console_dot_idea",
    )
    plus, minus = st.columns(2)
    give = bool(which) and plus.button(t("console.give_dot"), key="console_give_dot")
    take = bool(which) and minus.button(t("console.take_dot"), key="console_take_dot")
    return (who, which, give) if give or take else None


def export_buttons(stem: str, csv: Callable[[], bytes], excel: Callable[[], bytes]) -> None:
    """CSV and Excel downloads named `stem`; the files are built only when a button is pressed."""
    left, right = st.columns(2)
    left.download_button(
        t("console.download_csv"), csv, file_name=f"{stem}.csv", mime="text/csv",
        icon=":material/download:", key="console_csv",
        on_click="ignore",
    )  # fmt: skip
    right.download_button(
        t("console.download_excel"), excel, file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:", key="console_excel",
        on_click="ignore",
    )  # fmt: skip
