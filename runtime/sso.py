"""Single sign-on through Streamlit's own st.login, configured by Samskab's settings.

st.login reads its `[auth]` section from st.secrets only. Rather than asking operators to
write it twice, app.py hands Streamlit this section built from the SAMSKAB_SSO_* settings
(environment first, then secrets.toml) as programmatic secrets: `st.App(secrets=...)`,
Streamlit's documented way to give secrets that are not in a file.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import config


def streamlit_secrets(settings: config.Settings) -> dict[str, Any] | None:
    """The `{"auth": {...}}` secrets st.login needs, or None without single sign-on."""
    if not settings.sso:
        return None
    return {
        "auth": {
            "redirect_uri": settings.sso_redirect_uri,
            "cookie_secret": settings.sso_cookie_secret or config.cookie_key(settings),
            "client_id": settings.sso_client_id,
            "client_secret": settings.sso_client_secret,
            "server_metadata_url": settings.sso_metadata_url,
            "client_kwargs": {"scope": "openid profile email"},
        }
    }


def claims() -> dict[str, Any] | None:
    """The signed-on person's ID-token claims, or None if nobody is signed on."""
    user = st.user.to_dict()
    return user if user.get("is_logged_in") is True else None


def sign_on() -> None:
    """Send the browser to the identity provider (it comes back signed on)."""
    st.login()


def sign_off() -> None:
    """Forget the sign-on cookie, and at the identity provider too where it offers that."""
    st.logout()
