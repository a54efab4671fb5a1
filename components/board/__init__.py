"""The participant board element: one st.components.v2 component that draws the whole board.

The JavaScript renders the shared snapshot and polls the JSON routes in api/board.py:
board.js the board, header.js its top and theme tabs, card.js one idea's card, form.js
the add-idea form, dom.js their helpers. This module joins them into one module,
registers it and hands it its data and words.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from i18n import plural_forms, t
from vocabulary import PHASES, STAKEHOLDER_GROUPS

_DIR = Path(__file__).resolve().parent
# One ES module: the helpers and parts first, board.js (with the default export) last.
_PARTS = ("dom.js", "header.js", "card.js", "form.js", "board.js")
_mount = st.components.v2.component(
    "samskab_board",
    js="\n".join((_DIR / name).read_text() for name in _PARTS),
    css=(_DIR / "board.css").read_text(),
)

# Words the board shows, under [board] in the catalogues.
_BOARD_KEYS = (
    "add_title", "theme", "idea_title", "idea_description", "saving", "add_button", "similar_intro",
    "phase_now", "time_left", "offline",
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


def participant_board(data: dict[str, Any], *, on_action: Callable[[], None], key: str = "board") -> None:
    """Mount the board; `on_action` runs (as a callback) when the participant acts."""
    _mount(data=data, key=key, on_action_change=on_action, on_draft_change=lambda: None)


def pending_action(key: str = "board") -> dict[str, Any] | None:
    """Inside `on_action`: what the participant just did, or None if it is not an object.

    It is JSON from the browser, so it may have any shape; only an object can be an action.
    """
    action = (st.session_state.get(key) or {}).get("action")
    return action if isinstance(action, dict) else None


def draft_title(key: str = "board") -> str:
    """The title the participant is typing (sent while they pause), for look-alike hints."""
    return (st.session_state.get(key) or {}).get("draft") or ""
