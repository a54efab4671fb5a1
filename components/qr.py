"""A QR code for a link, shown large enough to scan from a tablet, with a PNG to print."""

from __future__ import annotations

import io

import segno
import streamlit as st


def qr_png(url: str, *, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def show_qr(url: str, *, caption: str, download_label: str, file_name: str, key: str) -> None:
    """The code, the link under it (as text), and a download button for posters and slides."""
    png = qr_png(url)
    st.image(png, caption=caption, width=260)
    st.download_button(
        download_label,
        data=png,
        file_name=file_name,
        mime="image/png",
        icon=":material/download:",
        key=key,
    )
