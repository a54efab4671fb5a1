"""Logging volunteer hours: one volunteer, a group session, a table of rows, or an imported file."""

from __future__ import annotations

from datetime import date

import streamlit as st

import clock
from components.feedback import error_text, show_error, show_flash
from components.hours_tables import file_preview, hours_table
from components.literal import literal
from components.shell import guard
from components.tables import in_language
from components.time_targets import date_format, delete_form, hours_input, hours_text, minutes, target_inputs
from db.session import read_scope
from i18n import current_language, fmt_date, fmt_int, t, tn
from runtime.actions import run
from services.admin import permissions
from services.common.errors import DomainError, InvalidInput
from services.volunteering import hours, hours_choices, hours_file, hours_import, hours_rules

# An import lists this many of its problems; the rest are counted.
PROBLEMS_LISTED = 100


def _one_volunteer_tab(me: dict, choices: hours_choices.Choices, today: date) -> None:
    labels = {c.id: c.label for c in choices.volunteers}
    with st.form("hours_one_form"):
        who_col, when_col, amount_col = st.columns([3, 2, 1])
        volunteer = who_col.selectbox(
            t("field.volunteer"),
            list(labels),
            index=None,
            format_func=labels.__getitem__,
            placeholder=t("hours.pick_volunteer"),
            key="hours_one_volunteer",
        )
        worked_on = when_col.date_input(
            t("field.worked_on"), value=today, max_value=today, format=date_format(), key="hours_one_date"
        )
        with amount_col:
            amount = hours_input(t("field.hours"), "hours_one_hours")
        target = target_inputs("hours_one", choices)
        note = st.text_input(t("field.note_optional"), max_chars=hours_rules.NOTE_MAX, key="hours_one_note")
        if st.form_submit_button(t("hours.save"), type="primary"):

            def log(session):
                if volunteer is None:
                    raise InvalidInput("error.required", field="volunteer")
                return hours.log_hours(
                    session,
                    worked_on=worked_on,
                    minutes=minutes(amount),
                    volunteer_id=volunteer,
                    target=target,
                    note=note,
                    by_user_id=me["id"],
                    today=today,
                )

            run(
                log,
                lambda entry: tn(
                    "hours.saved_one",
                    entry.minutes / 60,
                    digits=1,
                    name=literal(labels[entry.volunteer_id]),
                ),
            )


def _group_saved(entries: list) -> str:
    # A row per named volunteer and one for the unnamed: together, everyone who came.
    return t(
        "hours.saved_group",
        people=fmt_int(sum(e.volunteers for e in entries)),
        hours=hours_text(sum(e.minutes for e in entries)),
    )


def _group_tab(me: dict, choices: hours_choices.Choices, today: date) -> None:
    labels = {c.id: c.label for c in choices.volunteers}
    with st.form("hours_group_form"):
        st.caption(t("hours.group_help"))
        when_col, amount_col, extra_col = st.columns(3)
        worked_on = when_col.date_input(
            t("field.worked_on"), value=today, max_value=today, format=date_format(), key="hours_group_date"
        )
        with amount_col:
            each = hours_input(t("field.hours_each"), "hours_group_hours", value=3.0)
        unnamed = extra_col.number_input(
            t("field.unnamed_volunteers"),
            min_value=0,
            max_value=hours_rules.MAX_GROUP,
            value=0,
            step=1,
            help=t("hours.unnamed_help"),
            key="hours_group_unnamed",
        )
        present = st.multiselect(
            t("field.volunteers_present"),
            list(labels),
            format_func=labels.__getitem__,
            placeholder=t("hours.pick_volunteers"),
            key="hours_group_volunteers",
        )
        target = target_inputs("hours_group", choices)
        note = st.text_input(t("field.note_optional"), max_chars=hours_rules.NOTE_MAX, key="hours_group_note")
        if st.form_submit_button(t("hours.save_group"), type="primary"):
            run(
                lambda session: hours.log_group_session(
                    session,
                    worked_on=worked_on,
                    minutes_each=minutes(each),
                    volunteer_ids=present,
                    unnamed_volunteers=int(unnamed),
                    target=target,
                    note=note,
                    by_user_id=me["id"],
                    today=today,
                ),
                _group_saved,
            )


def _problem_lines(problems: list[hours_import.RowProblem]) -> None:
    for problem in problems:
        st.markdown(f"- {t('import.row', row=fmt_int(problem.row))}: {error_text(problem.error)}")


def _table_saved(plan: hours_import.ImportPlan) -> str | None:
    """The flash for a saved table; a table with problems saved nothing and lists them instead."""
    if plan.ok:
        st.session_state["hours_table_round"] += 1  # a fresh, empty table
        return tn("hours.saved_table", plan.minutes / 60, digits=1, rows=fmt_int(len(plan.drafts)))
    st.error(t("hours.table_problems", count=fmt_int(len(plan.problems))), icon=":material/error:")
    _problem_lines(plan.problems)
    return None


def _table_tab(me: dict, choices: hours_choices.Choices, today: date) -> None:
    st.caption(t("hours.table_help"))
    table_round = st.session_state.setdefault("hours_table_round", 0)
    rows, numbers = hours_table(choices, today, key=f"hours_table_{table_round}")
    if st.button(t("hours.save_table"), type="primary", key="hours_table_save"):
        # Writes only when every row is right; otherwise the plan lists the problems.
        run(
            lambda session: hours_import.save_table(
                session, rows, by_user_id=me["id"], today=today, numbers=numbers
            ),
            _table_saved,
        )


def _import_templates(today: date) -> None:
    headers = {c: t(f"import.column.{c}") for c in hours_file.COLUMNS}
    csv_col, xlsx_col = st.columns(2)
    csv_col.download_button(
        t("import.template_csv"),
        hours_file.template_csv(headers, today, current_language()),
        file_name=t("import.template_name") + ".csv",
        mime="text/csv",
        icon=":material/download:",
        key="hours_import_template_csv",
        on_click="ignore",
    )
    xlsx_col.download_button(
        t("import.template_xlsx"),
        hours_file.template_xlsx(headers, today),
        file_name=t("import.template_name") + ".xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key="hours_import_template_xlsx",
        on_click="ignore",
    )


def _import_run(
    me: dict, table: hours_file.RawTable, filename: str, plan: hours_import.ImportPlan, today: date
) -> None:
    rows = fmt_int(len(plan.drafts))
    if not st.button(t("import.run", rows=rows), type="primary", key="hours_import_run"):
        return
    bar = st.progress(0.0, text=t("import.progress", done=0, total=rows))

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=t("import.progress", done=fmt_int(done), total=fmt_int(total)))

    def save(session) -> tuple[int, int]:
        # Checked again inside the write: the data may have changed since the preview.
        fresh = hours_import.plan_import(session, table, today=today)
        count = hours_import.run_import(
            session, fresh, filename=filename, by_user_id=me["id"], on_progress=progress
        )
        return count, fresh.minutes

    def imported(result: tuple[int, int]) -> str:
        count, minutes_total = result
        st.session_state["hours_import_round"] += 1  # a fresh, empty file picker
        return tn("import.done", minutes_total / 60, digits=1, rows=fmt_int(count))

    run(save, imported)


def _import_tab(me: dict, today: date) -> None:
    st.write(t("import.intro"))
    st.markdown(t("import.format"))
    _import_templates(today)
    import_round = st.session_state.setdefault("hours_import_round", 0)
    upload = st.file_uploader(
        t("import.file"),
        type=["csv", "xlsx"],
        key=f"hours_import_file_{import_round}",
        help=t("import.file_help"),
    )
    if upload is None:
        return
    try:
        table = hours_file.read_table(upload.name, upload.getvalue())
        with read_scope() as session:
            plan = hours_import.plan_import(session, table, today=today)
    except DomainError as err:
        show_error(err)
        return
    file_preview(table.headers, table.rows)
    if plan.unknown_columns:
        st.warning(t("import.unknown_columns", columns=literal(", ".join(plan.unknown_columns))))
    if plan.problems:
        st.error(t("import.problems", count=fmt_int(len(plan.problems))), icon=":material/error:")
        _problem_lines(plan.problems[:PROBLEMS_LISTED])
        if len(plan.problems) > PROBLEMS_LISTED:
            st.caption(t("import.more_problems", count=fmt_int(len(plan.problems) - PROBLEMS_LISTED)))
        return
    st.success(
        t("import.ready", rows=fmt_int(len(plan.drafts)), hours=hours_text(plan.minutes)),
        icon=":material/task_alt:",
    )
    _import_run(me, table, upload.name, plan, today)


def _who(row: hours.HoursRow) -> str:
    if row.volunteer_id is None:
        return t("hours.group_row", count=fmt_int(row.volunteers))
    if row.anonymised:
        return t("volunteers.anonymised_name", id=row.volunteer_id)
    return row.volunteer_name


def _list_tab(me: dict, recent: list[hours.HoursRow]) -> None:
    if not recent:
        st.info(t("hours.empty"), icon=":material/info:")
        return
    st.caption(tn("hours.list_caption", len(recent)))
    st.dataframe(
        in_language(
            {
                t("field.worked_on"): [r.worked_on for r in recent],
                t("field.volunteer"): [_who(r) for r in recent],
                t("field.hours"): [round(r.minutes / 60, 2) for r in recent],
                t("field.activity"): [r.activity for r in recent],
                t("field.initiative"): [r.initiative for r in recent],
                t("field.process"): [r.process for r in recent],
                t("field.note"): [r.note for r in recent],
                t("hours.entered_by"): [r.entered_by for r in recent],
                t("hours.imported"): [r.imported for r in recent],
            },
            {t("field.hours"): 2},
        ),
        hide_index=True,
        width="stretch",
        column_config={
            t("field.worked_on"): st.column_config.DateColumn(format="DD.MM.YYYY"),
        },
    )
    mine = [r for r in recent if permissions.can_delete_hours(me["role"], me["id"], r.entered_by_user_id)]
    if mine:
        delete_form(
            "hours",
            {
                r.id: t(
                    "hours.delete_label", date=fmt_date(r.worked_on), who=_who(r), hours=hours_text(r.minutes)
                )
                for r in mine
            },
            lambda entry_id: run(
                lambda session: hours.delete_hours_entry(session, entry_id, by_user_id=me["id"]),
                t("hours.deleted"),
            ),
        )


me = guard("hours")
st.title(t("hours.title"))
st.caption(t("hours.caption"))
show_flash()
today = clock.today()
with read_scope() as session:
    choices = hours_choices.choices(session)
    recent = hours.recent_entries(session, limit=300)

if not choices.volunteers:
    st.info(t("hours.no_volunteers"), icon=":material/info:")
one_tab, group_tab, table_tab, import_tab, list_tab = st.tabs(
    [
        t("hours.tab_one"),
        t("hours.tab_group"),
        t("hours.tab_table"),
        t("hours.tab_import"),
        t("hours.tab_list"),
    ],
    # Tracked, so a save (which reruns the page) keeps the user on the tab they were using.
    key="hours_tabs",
    on_change="rerun",
)
with one_tab:
    _one_volunteer_tab(me, choices, today)
with group_tab:
    _group_tab(me, choices, today)
with table_tab:
    _table_tab(me, choices, today)
with import_tab:
    _import_tab(me, today)
with list_tab:
    _list_tab(me, recent)
