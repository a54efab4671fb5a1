"""The numbers behind a chart, folded away as a table: for screen readers and for exact values."""

from __future__ import annotations

import streamlit as st


def table_view(label: str, columns: dict[str, list], key: str) -> None:
    with st.expander(label, icon=":material/table:"):
        st.dataframe(columns, hide_index=True, width="stretch", key=key)
