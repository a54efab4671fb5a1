"""The projector's idea wall and spotlight: ideas as cards in large type, coloured by theme.

Read from the back of a room at 1920×1080: titles at 28 px and more, dark on a light
tint of their theme's colour (Okabe–Ito, as the charts), a thick bar in the colour itself
so the theme reads without relying on the tint. User text goes through `literal()`; the
colours come from container keys (`st-key-…` classes), never from user text.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from components.charts import PALETTE
from components.literal import literal
from i18n import t
from services.workshop.spotlight import Spotlit

# A light tint of each palette colour, for card backgrounds: dark text on it is well above 7:1.
_TINTS = ("#E3F0F8", "#FDF1DB", "#DFF3EC", "#F8E9F1", "#E6F4FC", "#FBE8DC", "#FCF9DA", "#EEEEEE")
# Ideas without a theme (a workshop without themes) take the last, neutral colour.
_NO_THEME = len(PALETTE) - 1
# The newest cards per theme that fit one screen; the rest are counted.
CARDS_PER_THEME = 6
WALL_COLUMNS = 4


def wall_css() -> str:
    """The wall's and spotlight's static CSS (no user text), one rule set per theme colour."""
    colours = "\n".join(
        f'[class*="st-key-wall_card_{i}_"], .st-key-spotcard_{i} {{ border-left-color: {colour};'
        f" background: {tint}; }}\n"
        f'[class*="st-key-wall_head_{i}_"] {{ border-bottom-color: {colour}; }}'
        for i, (colour, tint) in enumerate(zip(PALETTE, _TINTS, strict=True))
    )
    return f"""<style>
    [class*="st-key-wall_card_"] {{ border-left: 0.9rem solid; border-radius: 0.5rem;
        padding: 0.7rem 1rem 1rem; gap: 0.2rem; }}
    [class*="st-key-wall_card_"] p {{ font-size: 1.85rem; line-height: 1.25; font-weight: 650;
        color: #111; margin: 0 !important; overflow-wrap: anywhere; }}
    /* Streamlit pulls a Markdown block 1rem up into what follows; in a card that ate the
       bottom padding, so the last line sat on the card's edge. */
    [class*="st-key-wall_card_"] [data-testid="stMarkdownContainer"],
    [class*="st-key-spotcard_"] [data-testid="stMarkdownContainer"] {{ margin-bottom: 0; }}
    [class*="st-key-wall_head_"] {{ border-bottom: 0.4rem solid; padding-bottom: 0.2rem; }}
    [class*="st-key-wall_head_"] p {{ font-size: 2rem; font-weight: 800; color: #111; margin: 0; }}
    [class*="st-key-wall_more"] p, .st-key-wall_empty p {{ font-size: 1.7rem; color: #333; margin: 0; }}
    [class*="st-key-spotcard_"] {{ border-left: 1.6rem solid; border-radius: 0.8rem; padding: 2rem 3rem; }}
    [class*="st-key-spotcard_"] p {{ color: #111; margin: 0; overflow-wrap: anywhere; }}
    .st-key-spot_label p {{ font-size: 2rem; font-weight: 700; text-transform: uppercase;
        letter-spacing: 0.1rem; color: #333; }}
    .st-key-spot_title p {{ font-size: 4.2rem; font-weight: 800; line-height: 1.1; }}
    .st-key-spot_theme p {{ font-size: 2rem; font-weight: 600; color: #333; }}
    .st-key-spot_text p {{ font-size: 2.3rem; line-height: 1.3; }}
    .st-key-spot_merged p {{ font-size: 1.7rem; color: #333; }}
    {colours}
    </style>"""


def _colour(theme_index: int | None) -> int:
    return _NO_THEME if theme_index is None else theme_index % (len(PALETTE) - 1)


def idea_wall(themes: Sequence[dict], ideas: Sequence[dict]) -> None:
    """The ideas of a snapshot (newest first) as cards in one column per theme.

    `themes` and `ideas` are a board snapshot's (`services.workshop.board.snapshot`).
    """
    if not ideas:
        st.container(key="wall_empty").markdown(t("wall.empty"))
        return
    order = {th["id"]: i for i, th in enumerate(themes)}
    groups: list[tuple[int | None, str]] = [(th["id"], th["title"]) for th in themes]
    if any(i["theme_id"] not in order for i in ideas):
        groups.append((None, t("wall.no_theme")))
    columns = st.columns(min(len(groups), WALL_COLUMNS), gap="medium")
    for n, (theme_id, title) in enumerate(groups):
        colour = _colour(order.get(theme_id)) if theme_id is not None else _NO_THEME
        cards = [i for i in ideas if (i["theme_id"] if i["theme_id"] in order else None) == theme_id]
        with columns[n % len(columns)]:
            st.container(key=f"wall_head_{colour}_{n}").markdown(literal(title))
            for idea in cards[:CARDS_PER_THEME]:
                st.container(key=f"wall_card_{colour}_{idea['id']}").markdown(literal(idea["title"]))
            if len(cards) > CARDS_PER_THEME:
                st.container(key=f"wall_more_{n}").markdown(t("wall.more", n=len(cards) - CARDS_PER_THEME))


def spotlight_card(spot: Spotlit) -> None:
    """One idea, big, for the room to discuss: its title, theme, description and what was merged into it."""
    with st.container(key=f"spotcard_{_colour(spot.theme_index)}"):
        st.container(key="spot_label").markdown(t("spotlight.label"))
        st.container(key="spot_title").markdown(literal(spot.title))
        if spot.theme:
            st.container(key="spot_theme").markdown(literal(spot.theme))
        if spot.description:
            st.container(key="spot_text").markdown(literal(spot.description))
        if spot.merged_titles:
            merged = " · ".join(literal(m) for m in spot.merged_titles)
            st.container(key="spot_merged").markdown(t("spotlight.merged", titles=merged))
