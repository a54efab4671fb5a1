"""A random token kept in the browser's localStorage: one survey response per device, no identity.

The token is made in the browser (crypto.getRandomValues), stays on the device, and is
sent to the server only to be hashed with the wave's link token; the server never stores
it. Clearing the browser's data, a private window or another browser gives a new token.
"""

from __future__ import annotations

import streamlit as st

_JS = r"""
export default function (component) {
  const { setStateValue } = component;
  const KEY = "samskab.survey.device";
  const VALID = /^[A-Za-z0-9_-]{22,64}$/;
  let token = null;
  try { token = window.localStorage.getItem(KEY); } catch (e) { token = null; }
  if (!token || !VALID.test(token)) {
    const bytes = new Uint8Array(24);
    window.crypto.getRandomValues(bytes);
    token = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    try { window.localStorage.setItem(KEY, token); } catch (e) { /* private mode: this page only */ }
  }
  setStateValue("device", token);
}
"""

_device_token = st.components.v2.component("samskab_device_token", js=_JS)

STATE_KEY = "survey_device"  # AppTest sets {"device": token} here, as the browser would


def device_token() -> str | None:
    """This device's token, or None on the first run before the browser has answered."""
    result = _device_token(key=STATE_KEY, on_device_change=lambda: None)
    return result.get("device")
