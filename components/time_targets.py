"""Form inputs shared by the hours and staff-time pages: where the time went, and how long."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st
from babel.dates import format_date

from components.feedback import show_error
from i18n import current_language, fmt_number, locale, t
from services.common.errors import InvalidInput
from services.volunteering.hours_choices import Choice, Choices
from services.volunteering.hours_rules import Target


def _pick(
    label: str, options: tuple[Choice, ...], key: str, *, default: int | None = None, help: str = ""
) -> int | None:
    ids: list[int | None] = [None, *(c.id for c in options)]
    labels = {c.id: c.label for c in options}
    return st.selectbox(
        label,
        ids,
        index=ids.index(default) if default in ids else 0,
        format_func=lambda i: labels[i] if i is not None else t("time.none"),
        key=key,
        help=help or None,
        disabled=not options,
        placeholder=t("time.none"),
    )


def target_inputs(prefix: str, choices: Choices) -> Target:
    """Process, initiative and activity pickers, each optional; the only running process is preselected."""
    process_col, initiative_col, activity_col = st.columns(3)
    with process_col:
        process_id = _pick(
            t("field.process_optional"),
            choices.processes,
            f"{prefix}_process",
            default=choices.running_process_id,
        )
    with initiative_col:
        initiative_id = _pick(
            t("field.initiative_optional"),
            choices.initiatives,
            f"{prefix}_initiative",
            help=t("time.no_initiatives") if not choices.initiatives else "",
        )
    with activity_col:
        activity_id = _pick(t("field.activity_optional"), choices.activities, f"{prefix}_activity")
    return Target(process_id, initiative_id, activity_id)


def hours_input(label: str, key: str, *, value: float = 2.0, max_value: float = 24.0) -> float:
    return st.number_input(
        label, min_value=0.25, max_value=max_value, value=value, step=0.25, format="%.2f", key=key
    )


def minutes(hours: float) -> int:
    return round(hours * 60)


def hours_text(minutes_total: int) -> str:
    """Minutes shown as hours with one decimal in the user's language (e.g. 2,5)."""
    return fmt_number(minutes_total / 60, 1)


def date_format() -> str:
    """The date format of st.date_input for the current language."""
    return "DD/MM/YYYY" if current_language() == "en" else "DD.MM.YYYY"


def month_label(month: date) -> str:
    """A month as the user's language writes it short: "nov. 2026", "Nov 2026"."""
    return format_date(month, format="MMM yyyy", locale=locale())


def delete_form(page: str, labels: dict[int, str], delete: Callable[[int], object]) -> None:
    """Pick one of the entries `labels` names, confirm, and hand its id to `delete`."""
    with st.form(f"{page}_delete_form"):
        doomed = st.selectbox(
            t(f"{page}.delete_pick"), list(labels), format_func=labels.__getitem__, key=f"{page}_delete_pick"
        )
        sure = st.checkbox(t("hours.delete_confirm"), key=f"{page}_delete_confirm")
        if st.form_submit_button(t("hours.delete")):
            if sure:
                delete(doomed)
            else:
                show_error(InvalidInput("error.confirm_first"))
