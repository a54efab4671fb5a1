"""Small tables shown with st.table, which renders Markdown in cells: every text cell is made literal."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from components.literal import literal


def literal_table(columns: dict[str, Sequence[object]]) -> None:
    """A short static table (read aloud as a table); headers are catalogue strings, cells may be user text."""
    st.table(
        {
            header: [literal(v) if isinstance(v, str) else v for v in values]
            for header, values in columns.items()
        },
        hide_index=True,
    )
