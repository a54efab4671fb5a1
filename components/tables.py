"""Tables: small static ones with literal cells, and ones whose rows a user picks."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from components.literal import literal
from i18n import fmt_int, fmt_number


def literal_table(columns: dict[str, Sequence[object]]) -> None:
    """A short static table (read aloud as a table); headers are catalogue strings, cells may be user text."""
    st.table(
        {
            header: [literal(v) if isinstance(v, str) else v for v in values]
            for header, values in columns.items()
        },
        hide_index=True,
    )


def picked_rows(columns: dict[str, Sequence[object]], *, key: str) -> list[int]:
    """A full-width table whose rows the user ticks; the positions of the ticked rows.

    st.dataframe shows cells as plain text, so user text needs no escaping here.
    """
    picked = st.dataframe(
        columns, hide_index=True, width="stretch", on_select="rerun", selection_mode="multi-row", key=key
    )
    return list(picked.selection.rows)


def in_language(columns: Mapping[str, Sequence[object]], digits: Mapping[str, int]) -> Styler:
    """A table whose number columns (name -> decimals) read as the app's language writes them.

    st.dataframe's "localized" number format follows the browser's language, so a Danish
    page in an English browser said "23,250". A Styler's text is what Streamlit shows,
    while the table still sorts by the numbers underneath.
    """

    def written(decimals: int) -> Any:
        def write(value: float | None) -> str:
            if value is None or pd.isna(value):
                return ""
            return fmt_number(float(value), decimals) if decimals else fmt_int(float(value))

        return write

    frame = pd.DataFrame(dict(columns))
    return frame.style.format({name: written(d) for name, d in digits.items() if name in frame.columns})


def picked_ids(columns: dict[str, Sequence[object]], ids: Sequence[int], *, key: str) -> list[int]:
    """A full-width table whose rows the user ticks, one row per id in `ids`: the ids ticked.

    Streamlit keeps a table's selection as row positions, and keeps it when the rows
    change under it: after a merge, a re-sort or a new arrival, the tick sat on another
    row than the one ticked. Here a position only ever means the row it was ticked on:
    the widget's key carries a digest of the ids in their order, so a table whose rows
    changed is a new widget, started with the same ids ticked (`selection_default`).
    Ticks sent against the old rows are read by those rows. `clear_picked(key)` unticks all.
    """
    state = st.session_state.setdefault(_picked_store(key), {"picked": [], "shown": None, "round": 0})
    ids = list(ids)
    digest = hashlib.blake2b(",".join(map(str, ids)).encode(), digest_size=6).hexdigest()
    widget_key = f"{key}_{state['round']}_{digest}"
    shown = state["shown"]
    if shown is not None and shown[0] != widget_key and shown[0] in st.session_state:
        rows_then = shown[1]
        state["picked"] = [
            rows_then[i] for i in st.session_state[shown[0]]["selection"]["rows"] if i < len(rows_then)
        ]
    default = [ids.index(i) for i in state["picked"] if i in ids]
    picked = st.dataframe(
        columns,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="multi-row",
        selection_default={"selection": {"rows": default}},
        key=widget_key,
    )
    chosen = [ids[i] for i in picked.selection.rows if i < len(ids)]
    state["picked"], state["shown"] = chosen, (widget_key, ids)
    return chosen


def clear_picked(key: str) -> None:
    """Untick every row of the `picked_ids` table `key` (after an action on what was ticked)."""
    state = st.session_state.get(_picked_store(key))
    if state is not None:
        state.update(picked=[], shown=None, round=state["round"] + 1)


def _picked_store(key: str) -> str:
    return f"_picked_{key}"
