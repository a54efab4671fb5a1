"""How an initiative's status and a milestone's state look: one colour and icon per status."""

from __future__ import annotations

import streamlit as st

from i18n import t

_LOOK = {
    "proposed": ("gray", ":material/lightbulb:"),
    "planned": ("blue", ":material/event:"),
    "in_progress": ("green", ":material/play_circle:"),
    "completed": ("violet", ":material/task_alt:"),
    "paused": ("orange", ":material/pause_circle:"),
    "stopped": ("red", ":material/cancel:"),
}


def status_badge(status: str, *, target=None) -> None:  # noqa: ANN001 - a Streamlit container
    colour, icon = _LOOK.get(status, ("gray", None))
    (target or st).badge(t(f"status.{status}"), color=colour, icon=icon)


def status_text(status: str) -> str:
    """The status label with its icon, for captions and link labels (Markdown)."""
    return f"{_LOOK.get(status, ('', ''))[1]} {t(f'status.{status}')}".strip()
