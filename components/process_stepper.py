"""A process's phases in a row: done, where it stands, what is later; and the link to what comes next."""

from __future__ import annotations

import streamlit as st

from i18n import t
from services.admin.permissions import can_view
from services.workshop.process_steps import Stepper

_ICONS = {"done": ":material/check_circle:", "current": ":material/radio_button_checked:", "later": ""}
PAGE_FILES = {
    "processes": "app_pages/processes.py",
    "workshops": "app_pages/workshops.py",
    "catalogue": "app_pages/catalogue.py",
    "initiatives": "app_pages/initiatives.py",
    "surveys": "app_pages/surveys.py",
    "settings": "app_pages/settings.py",
    "users": "app_pages/users.py",
}


def _step_text(phase: str, state: str) -> str:
    # Phase names come from the catalogues, never from users: safe as Markdown.
    name = t(f"process_phase.{phase}")
    if state == "current":
        return f"{_ICONS[state]} **{name}**"
    if state == "done":
        return f"{_ICONS[state]} {name}"
    return f":gray[{name}]"


def process_stepper(steps: Stepper, role: str | None) -> None:
    """The six phases, then "Next: <phase> → <what to do>" as a link where the role may go."""
    st.markdown(" → ".join(_step_text(s.phase, s.state) for s in steps.steps))
    now = t("stepper.now", phase=t(f"process_phase.{steps.current.phase}"))
    if steps.next is None:
        st.caption(f"{now} · {t('stepper.last')}")
        return
    nxt = steps.next
    label = t(
        "stepper.next", phase=t(f"process_phase.{nxt.phase}"), action=t(f"process_phase_action.{nxt.phase}")
    )
    st.caption(now)
    if can_view(role, nxt.page):
        st.page_link(PAGE_FILES[nxt.page], label=label, icon=":material/arrow_forward:")
    else:
        st.markdown(label)
