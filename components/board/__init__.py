"""The participant board element: one st.components.v2 component that draws the whole board.

The JavaScript renders the shared snapshot, follows it through the JSON routes in
api/board.py and api/board_push.py, and writes through api/board_ideas.py:
board.js the board, header.js its top and theme tabs, card.js one idea's card, form.js
the add-idea form, follow.js the push and the polls, delta.js a pushed change applied,
dom.js their helpers. This module joins them into one module,
registers it and hands it its data and words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from i18n import plural_forms, t
from vocabulary import PHASES, STAKEHOLDER_GROUPS

_DIR = Path(__file__).resolve().parent
# One ES module: the helpers and parts first, board.js (with the default export) last.
_PARTS = ("dom.js", "header.js", "card.js", "form.js", "delta.js", "follow.js", "board.js")
_mount = st.components.v2.component(
    "samskab_board",
    js="\n".join((_DIR / name).read_text() for name in _PARTS),
    css=(_DIR / "board.css").read_text(),
)

# Words the board shows, under [board] in the catalogues.
_BOARD_KEYS = (
    "add_title", "theme", "idea_title", "idea_description", "saving", "add_button", "similar_intro",
    "phase_now", "time_left", "offline", "loading",
    "themes", "all_themes", "take_dot", "give_dot", "your_dots", "over_cap_after_merge", "build_on",
    "comment_button", "save", "cancel", "mine", "by_facilitator", "merged_with", "from_session",
    "score_none", "close", "comments_n", "comment_open", "more", "edit", "withdraw", "withdraw_confirm",
    "all_ideas", "empty_collect", "empty", "unknown_action",
)  # fmt: skip

# Counts the board writes, with their CLDR plural forms; the browser picks the form with
# Intl.PluralRules for the board's language (the same CLDR rules as i18n.tn).
_COUNTED_KEYS = {"new_ideas": "board.new_ideas", "dots_left": "board.dots_left",
                 "dots": "count.dots", "from_people": "count.from_people"}  # fmt: skip

# What the board's status region reads out after an outcome, under [board_live].
_LIVE_KEYS = (
    "dot_given", "dot_taken", "done_add", "done_edit", "done_withdraw", "done_comment", "refused",
)  # fmt: skip


def labels() -> dict[str, str | dict[str, str]]:
    words: dict[str, str | dict[str, str]] = {key: t(f"board.{key}") for key in _BOARD_KEYS}
    words |= {key: plural_forms(catalogue_key) for key, catalogue_key in _COUNTED_KEYS.items()}
    words |= {key: t(f"board_live.{key}") for key in _LIVE_KEYS}
    words |= {f"phase_{p}": t(f"phase.{p}") for p in PHASES}
    words |= {f"help_{p}": t(f"phase_help.{p}") for p in PHASES}
    words |= {f"group_{g}": t(f"group.{g}") for g in STAKEHOLDER_GROUPS}
    words |= {"anonymous": t("participant.anonymous"), "you_are": t("participant.you_are")}
    return words


def participant_board(data: dict[str, Any], *, key: str = "board") -> None:
    """Mount the board. It acts through the JSON routes (api/board.py, api/board_ideas.py),
    never by rerunning the page: nothing the participant does on it runs this script.

    The room can: `data["page_facts"]` are the facts the page around the board was drawn
    with (services.workshop.board.page_facts). When a snapshot the board adopts says
    otherwise (a matrix opened, Open Space switched on, the workshop closed), the board
    sets its "stale" trigger once for those facts, and that run draws the page anew.
    """
    _mount(data=data, key=key, on_stale_change=_redraw)


def _redraw() -> None:
    """The trigger's run is the point; nothing to do before it."""
