"""Which participant this browser already is in a workshop (kept in localStorage by the board).

A tablet that scans the QR code again after its tab was closed should not become a second
participant, yet tablets are often shared round a table: the join page offers to go on
as the remembered participant or to join as someone new, and never decides by itself.
"""

from __future__ import annotations

import streamlit as st

_JS = r"""
export default function (component) {
  const { data, setStateValue } = component;
  let token = "";
  try {
    token = window.localStorage.getItem("samskab.participant." + data.code) || "";
  } catch (e) {
    token = "";  // storage blocked (private mode): nothing remembered
  }
  // Only a token is worth a run: answering "" too would cost every new tablet a second run
  // of the join page (one whole page's work per join, in a room of hundreds joining at once).
  if (/^[A-Za-z0-9_-]{22}$/.test(token)) setStateValue("token", token);
}
"""

_remembered = st.components.v2.component("samskab_remembered_participant", js=_JS)
STATE_KEY = "join_remembered"  # AppTest sets {"token": ...} here, as the browser would


def remembered_token(code: str) -> str | None:
    """The token this browser keeps for workshop `code`; None while it has told of none.

    The browser answers only when it keeps a token (that answer reruns the page); a browser
    that keeps none never answers, so the join form is drawn once.
    """
    result = _remembered(data={"code": code}, key=STATE_KEY, on_token_change=lambda: None, height=0)
    return result.get("token")
