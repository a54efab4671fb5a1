"""Addresses participants use: the app's base URL and a workshop's join link."""

from __future__ import annotations

from urllib.parse import urlparse

import streamlit as st

from components.shell import settings


def base_url() -> str:
    """SAMSKAB_PUBLIC_URL, else the address this browser reached the app by."""
    if settings().public_url:
        return settings().public_url
    parsed = urlparse(st.context.url or "http://localhost:8501")
    base_path = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"{parsed.scheme}://{parsed.netloc}" + (f"/{base_path}" if base_path else "")


def join_url(code: str) -> str:
    return f"{base_url()}/?code={code}"
