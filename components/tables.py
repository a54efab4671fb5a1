"""Tables: small static ones with literal cells, and ones whose rows a user picks."""

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


def picked_rows(columns: dict[str, Sequence[object]], *, key: str) -> list[int]:
    """A full-width table whose rows the user ticks; the positions of the ticked rows.

    st.dataframe shows cells as plain text, so user text needs no escaping here.
    """
    picked = st.dataframe(
        columns, hide_index=True, width="stretch", on_select="rerun", selection_mode="multi-row", key=key
    )
    return list(picked.selection.rows)
