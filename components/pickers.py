"""A choice with a button beside it, for linking or unlinking one thing at a time."""

from __future__ import annotations

import streamlit as st

from i18n import t


def picked_on_press(
    label: str, options: dict[int, str], *, key: str, button: str, button_key: str | None = None
) -> int | None:
    """The chosen id once the button is pressed, else None; the button waits for a choice.

    The button's key is `button_key`, or the choice's key with "_button" after it.
    """
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    picked = c1.selectbox(
        label,
        list(options),
        index=None,
        placeholder=t("common.choose"),
        format_func=options.__getitem__,
        key=key,
    )
    pressed = c2.button(button, key=button_key or f"{key}_button", disabled=picked is None, width="stretch")
    return picked if pressed else None
