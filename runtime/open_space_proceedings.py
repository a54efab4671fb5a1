"""The proceedings on the catalogue page: every Open Space report of the process, and the
PDF of them all (built only when the button is pressed)."""

from __future__ import annotations

import streamlit as st

import clock
from components.literal import literal
from components.open_space import report_view
from db.session import read_scope
from i18n import current_language, set_language, t
from runtime.municipality import municipality
from services.workshop.open_space import proceedings, view


def proceedings_section(process_id: int) -> None:
    """Shown only in a process whose workshops have session reports."""
    with read_scope() as session:
        found = view.reports(session, process_id=process_id)
    if not found:
        return
    st.header(t("open_space.proceedings"), anchor="open-space")
    st.caption(t("open_space.proceedings_help"))
    language = current_language()
    here = municipality().name

    def pdf() -> bytes:
        set_language(language)  # the file is built on the click, outside this run
        with read_scope() as session:
            return proceedings.proceedings_pdf(session, process_id, municipality=here)

    st.download_button(
        t("open_space.download_proceedings"),
        pdf,
        file_name=f"open-space-{process_id}-{clock.today():%Y%m%d}.pdf",
        mime="application/pdf",
        icon=":material/download:",
        key="os_proceedings_pdf",
        on_click="ignore",
    )
    for report in found:
        with st.expander(literal(report.topic)):
            report_view(report, heading=False)
