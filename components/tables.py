"""Tables: small static ones with literal cells, and ones whose rows a user picks."""

from __future__ import annotations

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
