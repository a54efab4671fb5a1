"""All initiatives: filter by status, actor, process and overdue; export; start new ones from ideas."""

from __future__ import annotations

import streamlit as st

import clock
from components.activities import existing_activities
from components.feedback import flash, show_error, show_flash
from components.literal import literal
from components.shell import guard
from db.session import read_scope, session_scope
from i18n import current_language, fmt_date, fmt_int, set_language, t
from services.action import actors, catalogue, initiatives, lifecycle
from services.action.initiative_export import initiatives_csv, initiatives_xlsx
from services.admin.permissions import can_create_initiatives
from services.common.errors import DomainError, InvalidInput
from services.common.spreadsheet import file_name
from services.workshop import processes
from vocabulary import INITIATIVE_STATUSES

me = guard("initiatives")
st.title(t("initiatives.title"))
st.caption(t("initiatives.caption"))
show_flash()

with read_scope() as session:
    actor_names = actors.actor_names(session)
    process_titles = {p.id: p.title for p in processes.list_processes(session)}


def _status(status: str) -> str:
    return t(f"status.{status}")


# --- filters -----------------------------------------------------------------------------

c1, c2, c3, c4 = st.columns([3, 2, 2, 2])
statuses = c1.multiselect(
    t("field.status"),
    INITIATIVE_STATUSES,
    format_func=_status,
    placeholder=t("common.all"),
    key="initiatives_status",
)
actor_id = c2.selectbox(
    t("initiatives.actor"),
    list(actor_names),
    index=None,
    format_func=actor_names.get,
    placeholder=t("common.all"),
    key="initiatives_actor",
)
process_id = c3.selectbox(
    t("field.process"),
    list(process_titles),
    index=None,
    format_func=process_titles.get,
    placeholder=t("common.all"),
    key="initiatives_process",
)
search = c4.text_input(t("common.search"), key="initiatives_search")
overdue_only = st.toggle(t("initiatives.overdue_only"), key="initiatives_overdue")

filters = {
    "statuses": statuses,
    "actor_id": actor_id,
    "process_id": process_id,
    "overdue_only": overdue_only,
    "search": search,
}
with read_scope() as session:
    rows = initiatives.list_initiatives(session, **filters)
    every = initiatives.list_initiatives(session)

cols = st.columns(4)
cols[0].metric(
    t("initiatives.shown"), fmt_int(len(rows)), help=t("initiatives.of_total", total=fmt_int(len(every)))
)
cols[1].metric(_status("in_progress"), fmt_int(sum(r.status == "in_progress" for r in rows)))
cols[2].metric(t("initiatives.with_overdue"), fmt_int(sum(r.overdue > 0 for r in rows)))
cols[3].metric(t("initiatives.without_lead"), fmt_int(sum(r.lead is None for r in rows)))

if rows:
    st.dataframe(
        {
            t("field.title"): [r.title for r in rows],
            t("field.status"): [_status(r.status) for r in rows],
            t("field.progress"): [r.progress for r in rows],
            t("initiatives.lead"): [r.lead or t("initiatives.no_lead") for r in rows],
            t("initiatives.partners"): [", ".join(r.partners) for r in rows],
            t("field.starts_on"): [fmt_date(r.starts_on) if r.starts_on else "" for r in rows],
            t("field.ends_on"): [fmt_date(r.ends_on) if r.ends_on else "" for r in rows],
            t("initiatives.next_due"): [fmt_date(r.next_due) if r.next_due else "" for r in rows],
            t("initiatives.overdue"): [f"⚠ {r.overdue}" if r.overdue else "" for r in rows],
            t("initiatives.checklist_open"): [r.checklist_open for r in rows],
            t("field.process"): [r.process_title for r in rows],
        },
        hide_index=True,
        width="stretch",
        column_config={
            t("field.progress"): st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d %%"),
        },
    )
else:
    st.info(t("initiatives.none_found"), icon=":material/info:")

# --- open one, export --------------------------------------------------------------------

if rows:
    by_id = {r.id: r for r in rows}
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    opened = c1.selectbox(
        t("initiatives.open_pick"),
        list(by_id),
        format_func=lambda i: by_id[i].title,
        key="initiatives_open_pick",
    )
    if c2.button(
        t("initiatives.open"), key="initiatives_open", icon=":material/open_in_new:", width="stretch"
    ):
        st.switch_page("app_pages/initiative.py", query_params={"id": str(opened)})

    language = current_language()

    def _export(build):
        def run() -> bytes:
            set_language(language)
            with read_scope() as session:
                return build(initiatives.list_initiatives(session, **filters))

        return run

    stem = f"{t('initiatives.title')} {clock.today().isoformat()}"
    c1, c2, _ = st.columns([1, 1, 2])
    c1.download_button(
        t("initiatives.download_csv"),
        _export(initiatives_csv),
        file_name=file_name(stem, ext="csv"),
        mime="text/csv",
        key="initiatives_download_csv",
        icon=":material/csv:",
        on_click="ignore",
    )
    c2.download_button(
        t("initiatives.download_xlsx"),
        _export(initiatives_xlsx),
        file_name=file_name(stem, ext="xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="initiatives_download_xlsx",
        icon=":material/table_view:",
        on_click="ignore",
    )

# --- start new ones ----------------------------------------------------------------------

if can_create_initiatives(me["role"]) and process_titles:
    st.divider()
    st.subheader(t("initiatives.new"))
    with read_scope() as session:
        running = actors.list_activities(session, active_only=True)
    existing_activities(running, "initiatives")
    mode = st.segmented_control(
        t("initiatives.new_how"),
        ("origins", "split"),
        default="origins",
        format_func=lambda m: t(f"initiatives.mode_{m}"),
        key="initiatives_new_mode",
    )
    origin_process = st.selectbox(
        t("field.process"),
        list(process_titles),
        index=list(process_titles).index(process_id) if process_id in process_titles else 0,
        format_func=process_titles.get,
        key="initiatives_new_process",
    )
    with read_scope() as session:
        book = catalogue.catalogue(session, origin_process)
        ideas = catalogue.candidates(session, origin_process)
    idea_by_id = {c.id: c for c in ideas}

    def _idea_label(idea_id: int) -> str:
        c = idea_by_id[idea_id]
        led = f" → {len(c.initiatives)}" if c.initiatives else ""
        return f"{c.title} ({t('catalogue.dots_short', n=c.dots)}){led}"

    if mode == "split":
        with st.form("initiatives_split_form", clear_on_submit=True):
            st.caption(t("initiatives.split_help"))
            idea_id = st.selectbox(
                t("catalogue.idea"),
                list(idea_by_id),
                format_func=_idea_label,
                index=None,
                placeholder=t("common.choose"),
                key="initiatives_split_idea",
            )
            lines = st.text_area(t("initiatives.split_titles"), key="initiatives_split_titles")
            if st.form_submit_button(t("initiatives.split"), type="primary"):
                try:
                    if idea_id is None:
                        raise InvalidInput("error.required", field="idea")
                    with session_scope() as session:
                        made = lifecycle.split_idea(session, idea_id, lines.splitlines(), by_user_id=me["id"])
                        count = len(made)
                except DomainError as err:
                    show_error(err)
                else:
                    flash(t("initiatives.split_done", n=fmt_int(count)))
    else:
        entries = {e.id: e for e in book.entries}
        with st.form("initiatives_new_form", clear_on_submit=True):
            st.caption(t("initiatives.origins_help"))
            entry_ids = st.multiselect(
                t("initiatives.from_entries"),
                list(entries),
                format_func=lambda i: (
                    f"{entries[i].title}"
                    + (f" → {len(entries[i].initiatives)}" if entries[i].initiatives else "")
                ),
                placeholder=t("initiatives.pick_entries"),
                key="initiatives_new_entries",
            )
            idea_ids = st.multiselect(
                t("initiatives.from_ideas"),
                list(idea_by_id),
                format_func=_idea_label,
                placeholder=t("catalogue.pick_placeholder"),
                key="initiatives_new_ideas",
            )
            title = st.text_input(t("field.title"), key="initiatives_new_title")
            description = st.text_area(t("field.description"), key="initiatives_new_description")
            target_group = st.text_input(t("field.target_group"), key="initiatives_new_target")
            if st.form_submit_button(t("initiatives.create"), type="primary"):
                try:
                    with session_scope() as session:
                        made = lifecycle.create_initiative(
                            session,
                            title=title,
                            description=description,
                            target_group=target_group,
                            process_id=origin_process,
                            idea_ids=idea_ids,
                            entry_ids=entry_ids,
                            by_user_id=me["id"],
                        )
                        new_id = made.id
                except DomainError as err:
                    show_error(err)
                else:
                    flash(
                        t("initiatives.created", title=literal(title.strip())),
                        page="app_pages/initiative.py",
                        query_params={"id": str(new_id)},
                    )
