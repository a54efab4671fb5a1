"""A countdown that ticks in the browser every second, from the time box's end."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

import clock

_JS = """
export default function (component) {
  const { data, parentElement } = component;
  let node = parentElement.querySelector('.tm');
  if (!node) {
    node = document.createElement('div');
    node.className = 'tm';
    node.setAttribute('role', 'timer');
    parentElement.append(node);
  }
  clearInterval(parentElement.__tick);
  const offset = Date.parse(data.now) - Date.now();
  const draw = () => {
    if (!data.ends_at) { node.textContent = data.idle; node.className = 'tm tm-idle'; return; }
    const left = Math.max(0, Math.round((Date.parse(data.ends_at) - (Date.now() + offset)) / 1000));
    const text = String(Math.floor(left / 60)).padStart(2, '0') + ':' + String(left % 60).padStart(2, '0');
    node.textContent = text;
    node.setAttribute('aria-label', data.label + ' ' + text);
    node.className = 'tm' + (left <= 60 ? ' tm-low' : '') + (left === 0 ? ' tm-done' : '');
  };
  draw();
  parentElement.__tick = setInterval(draw, 1000);
  return () => clearInterval(parentElement.__tick);
}
"""
# The idle line is small text: #56645e is 6.2:1 on white (WCAG AA asks 4.5:1).
_CSS = """
.tm { font-variant-numeric: tabular-nums; font-weight: 700; font-size: var(--size, 2.5rem);
      color: var(--st-text-color, #1b2420); line-height: 1.1; }
.tm-idle { color: #56645e; font-weight: 400; font-size: 1.1rem; }
.tm-low { color: #b3261e; }
.tm-done { animation: tm-blink 1s steps(2) infinite; }
@keyframes tm-blink { 50% { opacity: 0.3; } }
"""
_mount = st.components.v2.component("samskab_timer", js=_JS, css=_CSS)


def countdown(ends_at: datetime | None, *, label: str, idle: str, size: str = "2.5rem", key: str) -> None:
    _mount(
        data={
            "ends_at": ends_at.isoformat() + "Z" if ends_at else None,
            "now": clock.utcnow().isoformat() + "Z",
            "label": label,
            "idle": idle,
        },
        key=key,
        height="content",
    )
    # The size comes through a CSS variable of the element's own key.
    st.html(f"<style>.st-key-{key} {{ --size: {size}; }}</style>")
