"""Admins read the audit trail: who changed what and when, by person, action and period; CSV export."""

from __future__ import annotations

from datetime import date

import streamlit as st

import clock
from components.shell import guard, settings
from components.time_targets import date_format
from db.session import read_scope
from i18n import current_language, fmt_datetime, fmt_int, set_language, t, tn
from services.admin import audit
from services.common.spreadsheet import file_name

ANYONE = -1  # the "who" filter's choice for every person and the system


def _filters(today: date) -> audit.AuditFilter:
    with read_scope() as session:
        people = dict(audit.people(session))
    who_col, what_col, period_col = st.columns(3)
    choices = [ANYONE, audit.SYSTEM_USER, *people]
    labels = {ANYONE: t("audit.everyone"), audit.SYSTEM_USER: t("audit.system")} | people
    user_id = who_col.selectbox(t("audit.who"), choices, format_func=labels.__getitem__, key="audit_who")
    search = what_col.text_input(
        t("audit.search"), max_chars=audit.SEARCH_MAX, help=t("audit.search_help"), key="audit_search"
    )
    picked = period_col.date_input(
        t("audit.period"), value=[], max_value=today, format=date_format(), key="audit_period"
    )
    since = until = None
    # While the second day of a range is being picked, the first alone is a period of one day.
    if isinstance(picked, tuple) and len(picked) == 2:
        since, until = picked
    elif isinstance(picked, tuple) and len(picked) == 1:
        since = until = picked[0]
    return audit.AuditFilter(
        user_id=None if user_id == ANYONE else user_id, search=search, since=since, until=until
    )


def _export(flt: audit.AuditFilter) -> None:
    language = current_language()

    def export() -> bytes:
        # Made only when downloaded, outside this run: in the page's language, with its filters.
        set_language(language)
        headers = [t(f"audit.{k}") for k in ("when", "who", "action", "entity", "entity_id", "detail")]
        with read_scope() as session:
            return audit.export_csv(
                session, flt, headers=headers, system_label=t("audit.system"), language=language
            )

    st.download_button(
        t("audit.download_csv"),
        export,
        file_name=file_name(t("audit.title"), clock.today().isoformat(), ext="csv"),
        mime="text/csv",
        key="audit_download_csv",
        icon=":material/csv:",
        on_click="ignore",
    )


def _trail(flt: audit.AuditFilter) -> None:
    with read_scope() as session:
        total = audit.count(session, flt)
        events = audit.search(session, flt)
        who = [audit.who(e, t("audit.system")) for e in events]
    if not events:
        st.info(t("audit.empty"), icon=":material/info:")
        return
    st.caption(tn("audit.shown", total, shown=fmt_int(len(events))))
    st.dataframe(
        {
            t("audit.when"): [fmt_datetime(e.at) for e in events],
            t("audit.who"): who,
            t("audit.action"): [e.action for e in events],
            t("audit.entity"): [f"{e.entity} #{e.entity_id}" if e.entity_id else e.entity for e in events],
            t("audit.detail"): [e.detail for e in events],
        },
        hide_index=True,
        width="stretch",
    )
    _export(flt)


guard("audit")
st.title(t("audit.title"))
retention = settings().audit_retention_days
st.caption(tn("audit.caption", retention) if retention else t("audit.caption_forever"))
_trail(_filters(clock.today()))
