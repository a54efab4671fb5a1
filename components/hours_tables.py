"""The hours page's two tables: one to type many rows into, and the preview of an uploaded file."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from i18n import fmt_int, t
from services.volunteering.hours_choices import Choice, Choices
from services.volunteering.hours_rules import MAX_GROUP, NOTE_MAX

BLANK_ROWS = 5


def _with_ids(options: tuple[Choice, ...]) -> list[str]:
    # The id keeps two equal titles apart; the import reads it back from the "(#12)" ending.
    return [o.label if o.label.endswith(f"(#{o.id})") else f"{o.label} (#{o.id})" for o in options]


def _blank(today: date) -> pd.DataFrame:
    blank = pd.DataFrame(
        {
            "date": pd.Series([today] * BLANK_ROWS, dtype="object"),
            "volunteer": pd.Series([None] * BLANK_ROWS, dtype="object"),
            "hours": pd.Series([None] * BLANK_ROWS, dtype="float"),
            "volunteers": pd.Series([1] * BLANK_ROWS, dtype="Int64"),
            "activity": pd.Series([None] * BLANK_ROWS, dtype="object"),
            "initiative": pd.Series([None] * BLANK_ROWS, dtype="object"),
            "process": pd.Series([None] * BLANK_ROWS, dtype="object"),
            "note": pd.Series([""] * BLANK_ROWS, dtype="object"),
        }
    )
    # Numbered from 1, as the problems after a save name them.
    blank.index = pd.RangeIndex(1, BLANK_ROWS + 1)
    return blank


def hours_table(choices: Choices, today: date, key: str) -> tuple[list[dict[str, Any]], list[int]]:
    """An editable table of hours rows; returns its rows (blank cells None) and their numbers."""
    edited = st.data_editor(
        _blank(today),
        num_rows="dynamic",
        width="stretch",
        hide_index=False,
        key=key,
        column_config={
            "date": st.column_config.DateColumn(
                t("field.worked_on"), max_value=today, format="DD.MM.YYYY", required=True
            ),
            "volunteer": st.column_config.SelectboxColumn(
                t("field.volunteer"), options=[c.label for c in choices.volunteers], width="medium"
            ),
            "hours": st.column_config.NumberColumn(
                t("field.hours_each"), min_value=0.25, max_value=24.0, step=0.25, format="%.2f"
            ),
            "volunteers": st.column_config.NumberColumn(
                t("field.volunteers_count"), min_value=1, max_value=MAX_GROUP, step=1, default=1
            ),
            "activity": st.column_config.SelectboxColumn(
                t("field.activity"), options=_with_ids(choices.activities), width="medium"
            ),
            "initiative": st.column_config.SelectboxColumn(
                t("field.initiative"),
                options=_with_ids(choices.initiatives),
                disabled=not choices.initiatives,
            ),
            "process": st.column_config.SelectboxColumn(
                t("field.process"), options=_with_ids(choices.processes)
            ),
            "note": st.column_config.TextColumn(t("field.note"), max_chars=NOTE_MAX),
        },
    )
    rows = edited.astype(object).where(edited.notna(), None).to_dict("records")
    # Rows added in the browser have no number of their own yet: they count on from their place.
    numbers = [int(i) if str(i).isdigit() else n for n, i in enumerate(edited.index, start=1)]
    return rows, numbers


def file_preview(headers: tuple[str, ...], rows: tuple[tuple[Any, ...], ...], *, shown: int = 200) -> None:
    """The first `shown` rows of an uploaded file as text, numbered as a spreadsheet numbers them."""
    st.subheader(t("import.preview", rows=fmt_int(len(rows))))
    first = rows[:shown]
    # Numbered from 2: row 1 holds the headers.
    preview: dict[str, list[int] | list[str]] = {t("import.row_column"): [i + 2 for i in range(len(first))]}
    for index, header in enumerate(headers):
        preview[header or f"({index + 1})"] = [
            "" if index >= len(row) or row[index] is None else str(row[index]) for row in first
        ]
    st.dataframe(preview, hide_index=True, width="stretch", height=260)
    if len(rows) > shown:
        st.caption(t("import.preview_cut", shown=fmt_int(shown), rows=fmt_int(len(rows))))
