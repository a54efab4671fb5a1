"""Helpers for AppTest runs that start from app.py, as a browser session would."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from demo.seed import DEMO_ACCOUNTS

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PASSWORDS = {username: password for username, _, password, _ in DEMO_ACCOUNTS}
ROLE_USER = {role: username for username, role, _, _ in DEMO_ACCOUNTS}


def new_app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at


def by_label(elements, label: str):
    matches = [e for e in elements if e.label == label]
    assert matches, f"no element labelled {label!r} among {[e.label for e in elements]}"
    return matches[0]


def texts(at: AppTest) -> str:
    """Everything a user reads on the page, as one string."""
    parts = [
        e.value
        for kind in ("title", "header", "subheader", "markdown", "caption", "text")
        for e in getattr(at, kind)
    ]
    parts += [e.value for kind in ("error", "warning", "info", "success") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def sign_in(
    at: AppTest,
    username: str,
    password: str | None = None,
    *,
    labels=("Brugernavn", "Adgangskode", "Log ind"),
) -> AppTest:
    at.run()
    by_label(at.text_input, labels[0]).input(username)
    by_label(at.text_input, labels[1]).input(password if password is not None else PASSWORDS[username])
    by_label(at.button, labels[2]).click()
    at.run()
    if at.session_state["authentication_status"] is True:
        at.run()  # in a browser, the cookie component asks for this rerun
    return at


def component_data(at: AppTest, name: str) -> dict:
    """The data a st.components.v2 element was given: what the browser will draw."""
    for element in at.get("bidi_component"):
        if element.proto.component_name == name:
            which = element.proto.WhichOneof("data")
            return json.loads(element.proto.json if which == "json" else element.proto.mixed.json)
    raise AssertionError(f"no {name} component on the page")


def send_component_event(at: AppTest, name: str, event: str, value: object) -> AppTest:
    """Run the page as after a st.components.v2 element's setTriggerValue(event, value) in the browser.

    AppTest has no public way to drive such an element, so this adds the trigger the
    browser would send (on the element's "events" aggregator) to the next run's widget states.
    """
    element = next(e for e in at.get("bidi_component") if e.proto.component_name == name)
    states = at._tree.get_widget_states()
    states.widgets.append(
        WidgetState(
            id=_make_trigger_id(element.proto.id, "events"),
            json_trigger_value=json.dumps([{"event": event, "value": value}]),
        )
    )
    return at._run(states)


def tick_rows(at: AppTest, table, rows: list[int]) -> AppTest:
    """Run the page as after the user ticked exactly `rows` (positions as drawn) in a selectable table.

    AppTest cannot click a st.dataframe, so this sends the selection the browser would
    send for that table with the next run's widget states.
    """
    states = at._tree.get_widget_states()
    states.widgets.append(
        WidgetState(
            id=table.proto.id,
            string_value=json.dumps({"selection": {"rows": rows, "columns": [], "cells": []}}),
        )
    )
    return at._run(states)
