"""QR codes for links people scan (join codes, public pages, surveys, posters): a PNG made with segno."""

from __future__ import annotations

import io

import segno
import streamlit as st


@st.cache_data(show_spinner=False, max_entries=256)
def qr_png(url: str, *, scale: int = 8) -> bytes:
    """A QR code for `url` as PNG bytes, black on white with a quiet zone (prints and scans well)."""
    out = io.BytesIO()
    # Error correction "M" tolerates a smudged or partly covered poster.
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def show_qr(
    url: str,
    *,
    caption: str | None = None,
    width: int = 220,
    download_label: str | None = None,
    file_name: str = "qr.png",
    key: str | None = None,
    alt: str | None = None,
) -> None:
    """The QR code on the page (`caption` is Markdown: user text must be literal()),
    with a PNG download for posters and slides if `download_label` is given.

    `alt` is what a screen reader says for the image (where nobody can scan it)."""
    png = qr_png(url)
    st.image(png, caption=caption, width=width, alt=alt)
    if download_label:
        st.download_button(
            download_label,
            data=png,
            file_name=file_name,
            mime="image/png",
            icon=":material/download:",
            key=key,
            on_click="ignore",
        )
