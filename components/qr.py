"""QR codes for join links, drawn as PNG so they print and project sharply."""

from __future__ import annotations

import io

import segno
import streamlit as st


@st.cache_data(show_spinner=False, max_entries=256)
def qr_png(url: str, scale: int = 10) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=scale, border=2)
    return out.getvalue()


def qr_image(url: str, *, caption: str, width: int = 260) -> None:
    st.image(qr_png(url), caption=caption, width=width)
