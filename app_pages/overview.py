"""Overview for every staff role: each running process as a stepper with its figures and workshops.

Until the municipality is set up, its administrators see the setup checklist first.
"""

from __future__ import annotations

import streamlit as st

from components.literal import literal
from components.process_stepper import process_stepper
from components.setup_checklist import setup_checklist
from components.shell import guard, settings
from db.session import read_scope
from i18n import fmt_date, fmt_int, t, utc_to_local
from runtime.aggregates import at_current_version
from runtime.municipality import municipality
from services.admin.permissions import ADMIN, can_view
from services.admin.setup import checklist, setup_open
from services.workshop import processes, workshops
from services.workshop.process_steps import stepper


def _process(process, its_workshops, role: str) -> None:
    """One process: its dates, where it stands, its headline figures and its workshops."""
    with st.container(border=True):
        st.subheader(literal(process.title))
        if process.starts_on:
            end = fmt_date(process.ends_on) if process.ends_on else "…"
            st.caption(literal(f"{fmt_date(process.starts_on)} – {end}"))
        process_stepper(stepper(process.phase), role)
        cols = st.columns(5)
        for col, key, value in zip(
            cols,
            ("workshops", "participants", "ideas", "dots", "initiatives"),
            (process.workshops, process.participants, process.ideas, process.dots, process.initiatives),
            strict=True,
        ):
            col.metric(t(f"overview.{key}"), fmt_int(value))
        if its_workshops:
            st.dataframe(
                {
                    t("field.title"): [r.title for r in its_workshops],
                    t("field.date"): [
                        fmt_date(utc_to_local(r.starts_at).date()) if r.starts_at else ""
                        for r in its_workshops
                    ],
                    t("field.place"): [r.place for r in its_workshops],
                    t("field.phase"): [t(f"phase.{r.phase}") for r in its_workshops],
                    t("overview.participants"): [r.participants for r in its_workshops],
                    t("overview.ideas"): [r.ideas for r in its_workshops],
                },
                hide_index=True,
                width="stretch",
            )


me = guard("overview")
# One data version for every figure of this run.
aggregate = at_current_version()
st.title(t("overview.title"))
st.caption(literal(municipality().name))
if me["role"] == ADMIN:
    with read_scope() as session:
        items = checklist(session, settings())
    if setup_open(items):
        setup_checklist(items)
figures = aggregate(processes.overview)
rows = aggregate(workshops.list_workshops)
if not figures:
    st.info(t("overview.empty"), icon=":material/info:")
    if can_view(me["role"], "processes"):
        st.page_link("app_pages/processes.py", label=t("processes.new"), icon=":material/add:")
for process in figures:
    _process(process, [r for r in rows if r.process_id == process.process_id], me["role"])
