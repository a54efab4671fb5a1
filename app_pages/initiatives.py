"""All initiatives: filter by status, actor, process and overdue; export; start new ones from ideas."""

from __future__ import annotations

import streamlit as st

import clock
from components.activities import existing_activities
from components.feedback import show_flash
from components.literal import literal
from components.shell import guard
from db.session import read_scope
from i18n import current_language, fmt_date, fmt_int, set_language, t, tn
from runtime.actions import run
from services.action import actors, catalogue, initiative_figures, initiatives, lifecycle
from services.action.initiative_export import initiatives_csv, initiatives_xlsx
from services.admin.permissions import can_create_initiatives
from services.common.errors import InvalidInput
from services.common.spreadsheet import file_name
from services.workshop import processes
from vocabulary import INITIATIVE_STATUSES


def _status(status: str) -> str:
    return t(f"status.{status}")


def _one_or_all(column, label: str, options: dict[int, str], key: str) -> int | None:
    """A filter on one of `options`, or on none ("all") until one is chosen."""
    return column.selectbox(
        label, list(options), index=None, format_func=options.get, placeholder=t("common.all"), key=key
    )


def _filters(actor_names: dict[int, str], process_titles: dict[int, str]) -> dict:
    """The filter widgets; returns them as `list_initiatives` keywords."""
    c1, c2, c3, c4 = st.columns([3, 2, 2, 2])
    statuses = c1.multiselect(
        t("field.status"),
        INITIATIVE_STATUSES,
        format_func=_status,
        placeholder=t("common.all"),
        key="initiatives_status",
    )
    actor_id = _one_or_all(c2, t("initiatives.actor"), actor_names, "initiatives_actor")
    process_id = _one_or_all(c3, t("field.process"), process_titles, "initiatives_process")
    search = c4.text_input(t("common.search"), key="initiatives_search")
    overdue_only = st.toggle(t("initiatives.overdue_only"), key="initiatives_overdue")
    return {
        "statuses": statuses,
        "actor_id": actor_id,
        "process_id": process_id,
        "overdue_only": overdue_only,
        "search": search,
    }


def _figures(figures: initiative_figures.ListFigures) -> None:
    cols = st.columns(4)
    cols[0].metric(
        t("initiatives.shown"),
        fmt_int(figures.shown),
        help=t("initiatives.of_total", total=fmt_int(figures.total)),
    )
    cols[1].metric(_status("in_progress"), fmt_int(figures.in_progress))
    cols[2].metric(t("initiatives.with_overdue"), fmt_int(figures.with_overdue))
    cols[3].metric(t("initiatives.without_lead"), fmt_int(figures.without_lead))


def _table(rows: list[initiatives.InitiativeRow]) -> None:
    if not rows:
        st.info(t("initiatives.none_found"), icon=":material/info:")
        return
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


def _open_and_export(rows: list[initiatives.InitiativeRow], filters: dict) -> None:
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
        # Made only when downloaded, outside this run: so in the page's language, with its filters.
        def export() -> bytes:
            set_language(language)
            with read_scope() as session:
                return build(initiatives.list_initiatives(session, **filters))

        return export

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


def _new_initiatives(user_id: int, process_titles: dict[int, str], filtered_process: int | None) -> None:
    """Start initiatives from a process's ideas and catalogue entries, or split one idea."""
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
    process_id = st.selectbox(
        t("field.process"),
        list(process_titles),
        index=list(process_titles).index(filtered_process) if filtered_process in process_titles else 0,
        format_func=process_titles.__getitem__,
        key="initiatives_new_process",
    )
    with read_scope() as session:
        book = catalogue.catalogue(session, process_id)
        ideas = {c.id: c for c in catalogue.candidates(session, process_id)}
    if mode == "split":
        _split_form(user_id, ideas)
    else:
        _origins_form(user_id, process_id, book, ideas)


def _led_to(refs: list) -> str:
    """The " → 2" after an idea or entry that already led to two initiatives."""
    return f" → {len(refs)}" if refs else ""


def _idea_label(idea: catalogue.Candidate) -> str:
    return f"{idea.title} ({tn('catalogue.dots_short', idea.dots)}){_led_to(idea.initiatives)}"


def _split_form(user_id: int, ideas: dict[int, catalogue.Candidate]) -> None:
    with st.form("initiatives_split_form", clear_on_submit=True):
        st.caption(t("initiatives.split_help"))
        idea_id = st.selectbox(
            t("catalogue.idea"),
            list(ideas),
            format_func=lambda i: _idea_label(ideas[i]),
            index=None,
            placeholder=t("common.choose"),
            key="initiatives_split_idea",
        )
        lines = st.text_area(t("initiatives.split_titles"), key="initiatives_split_titles")
        if st.form_submit_button(t("initiatives.split"), type="primary"):

            def split(session) -> int:
                if idea_id is None:
                    raise InvalidInput("error.required", field="idea")
                return len(lifecycle.split_idea(session, idea_id, lines.splitlines(), by_user_id=user_id))

            run(split, lambda count: tn("initiatives.split_done", count))


def _origins_form(
    user_id: int, process_id: int, book: catalogue.Catalogue, ideas: dict[int, catalogue.Candidate]
) -> None:
    entries = {e.id: e for e in book.entries}
    with st.form("initiatives_new_form", clear_on_submit=True):
        st.caption(t("initiatives.origins_help"))
        entry_ids = st.multiselect(
            t("initiatives.from_entries"),
            list(entries),
            format_func=lambda i: f"{entries[i].title}{_led_to(entries[i].initiatives)}",
            placeholder=t("initiatives.pick_entries"),
            key="initiatives_new_entries",
        )
        idea_ids = st.multiselect(
            t("initiatives.from_ideas"),
            list(ideas),
            format_func=lambda i: _idea_label(ideas[i]),
            placeholder=t("catalogue.pick_placeholder"),
            key="initiatives_new_ideas",
        )
        title = st.text_input(t("field.title"), key="initiatives_new_title")
        description = st.text_area(t("field.description"), key="initiatives_new_description")
        target_group = st.text_input(t("field.target_group"), key="initiatives_new_target")
        if st.form_submit_button(t("initiatives.create"), type="primary"):
            run(
                lambda s: (
                    lifecycle.create_initiative(
                        s,
                        title=title,
                        description=description,
                        target_group=target_group,
                        process_id=process_id,
                        idea_ids=idea_ids,
                        entry_ids=entry_ids,
                        by_user_id=user_id,
                    ).id
                ),
                t("initiatives.created", title=literal(title.strip())),
                page="app_pages/initiative.py",
                query_params=lambda new_id: {"id": str(new_id)},
            )


me = guard("initiatives")
st.title(t("initiatives.title"))
st.caption(t("initiatives.caption"))
show_flash()
with read_scope() as session:
    actor_names = actors.actor_names(session)
    process_titles = {p.id: p.title for p in processes.list_processes(session)}
filters = _filters(actor_names, process_titles)
with read_scope() as session:
    shown = initiatives.list_initiatives(session, **filters)
    figures = initiative_figures.list_figures(session, shown)
_figures(figures)
_table(shown)
if shown:
    _open_and_export(shown, filters)
if can_create_initiatives(me["role"]) and process_titles:
    _new_initiatives(me["id"], process_titles, filters["process_id"])
