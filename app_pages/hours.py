"""Logging volunteer hours: one volunteer, a group session, a table of rows, or an imported file."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import clock
from components.feedback import error_text, flash, show_error, show_flash
from components.literal import literal
from components.shell import guard
from components.time_targets import date_format, delete_form, hours_input, hours_text, minutes, target_inputs
from db.session import read_scope, session_scope
from i18n import current_language, fmt_date, fmt_int, t
from services.admin import permissions
from services.common.errors import DomainError, InvalidInput
from services.volunteering import hours, hours_file, hours_import

me = guard("hours")
st.title(t("hours.title"))
st.caption(t("hours.caption"))
show_flash()
today = clock.today()

with read_scope() as session:
    choices = hours.choices(session)
    recent = hours.recent_entries(session, limit=300)

volunteer_labels = {c.id: c.label for c in choices.volunteers}
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

with one_tab, st.form("hours_one_form"):
    who_col, when_col, amount_col = st.columns([3, 2, 1])
    volunteer = who_col.selectbox(
        t("field.volunteer"),
        list(volunteer_labels),
        index=None,
        format_func=volunteer_labels.__getitem__,
        placeholder=t("hours.pick_volunteer"),
        key="hours_one_volunteer",
    )
    worked_on = when_col.date_input(
        t("field.worked_on"), value=today, max_value=today, format=date_format(), key="hours_one_date"
    )
    with amount_col:
        amount = hours_input(t("field.hours"), "hours_one_hours")
    target = target_inputs("hours_one", choices)
    note = st.text_input(t("field.note_optional"), max_chars=hours.NOTE_MAX, key="hours_one_note")
    if st.form_submit_button(t("hours.save"), type="primary"):
        try:
            if volunteer is None:
                raise InvalidInput("error.required", field="volunteer")
            with session_scope() as session:
                hours.log_hours(
                    session,
                    worked_on=worked_on,
                    minutes=minutes(amount),
                    volunteer_id=volunteer,
                    target=target,
                    note=note,
                    by_user_id=me["id"],
                    today=today,
                )
        except DomainError as err:
            show_error(err)
        else:
            flash(
                t(
                    "hours.saved_one",
                    hours=hours_text(minutes(amount)),
                    name=literal(volunteer_labels[volunteer]),
                )
            )

with group_tab, st.form("hours_group_form"):
    st.caption(t("hours.group_help"))
    when_col, amount_col, extra_col = st.columns(3)
    group_date = when_col.date_input(
        t("field.worked_on"), value=today, max_value=today, format=date_format(), key="hours_group_date"
    )
    with amount_col:
        each = hours_input(t("field.hours_each"), "hours_group_hours", value=3.0)
    unnamed = extra_col.number_input(
        t("field.unnamed_volunteers"),
        min_value=0,
        max_value=hours.MAX_GROUP,
        value=0,
        step=1,
        help=t("hours.unnamed_help"),
        key="hours_group_unnamed",
    )
    present = st.multiselect(
        t("field.volunteers_present"),
        list(volunteer_labels),
        format_func=volunteer_labels.__getitem__,
        placeholder=t("hours.pick_volunteers"),
        key="hours_group_volunteers",
    )
    group_target = target_inputs("hours_group", choices)
    group_note = st.text_input(t("field.note_optional"), max_chars=hours.NOTE_MAX, key="hours_group_note")
    if st.form_submit_button(t("hours.save_group"), type="primary"):
        try:
            with session_scope() as session:
                hours.log_group_session(
                    session,
                    worked_on=group_date,
                    minutes_each=minutes(each),
                    volunteer_ids=present,
                    unnamed_volunteers=int(unnamed),
                    target=group_target,
                    note=group_note,
                    by_user_id=me["id"],
                    today=today,
                )
        except DomainError as err:
            show_error(err)
        else:
            people = len(set(present)) + int(unnamed)
            flash(t("hours.saved_group", people=fmt_int(people), hours=hours_text(minutes(each) * people)))


def _with_ids(options: tuple[hours.Choice, ...]) -> list[str]:
    # The id keeps two equal titles apart; the import reads it back from the "(#12)" ending.
    return [o.label if o.label.endswith(f"(#{o.id})") else f"{o.label} (#{o.id})" for o in options]


with table_tab:
    st.caption(t("hours.table_help"))
    table_round = st.session_state.setdefault("hours_table_round", 0)
    blank = pd.DataFrame(
        {
            "date": pd.Series([today] * 5, dtype="object"),
            "volunteer": pd.Series([None] * 5, dtype="object"),
            "hours": pd.Series([None] * 5, dtype="float"),
            "volunteers": pd.Series([1] * 5, dtype="Int64"),
            "activity": pd.Series([None] * 5, dtype="object"),
            "initiative": pd.Series([None] * 5, dtype="object"),
            "process": pd.Series([None] * 5, dtype="object"),
            "note": pd.Series([""] * 5, dtype="object"),
        }
    )
    blank.index = pd.RangeIndex(1, 6)  # numbered from 1, as the problems after a save name them
    edited = st.data_editor(
        blank,
        num_rows="dynamic",
        width="stretch",
        hide_index=False,
        key=f"hours_table_{table_round}",
        column_config={
            "date": st.column_config.DateColumn(
                t("field.worked_on"), max_value=today, format="DD.MM.YYYY", required=True
            ),
            "volunteer": st.column_config.SelectboxColumn(
                t("field.volunteer"), options=[c.label for c in choices.volunteers], width="medium"
            ),
            "hours": st.column_config.NumberColumn(
                t("field.hours_each"), min_value=0.25, max_value=24.0, step=0.25, format="%.2f"
            ),
            "volunteers": st.column_config.NumberColumn(
                t("field.volunteers_count"), min_value=1, max_value=hours.MAX_GROUP, step=1, default=1
            ),
            "activity": st.column_config.SelectboxColumn(
                t("field.activity"), options=_with_ids(choices.activities), width="medium"
            ),
            "initiative": st.column_config.SelectboxColumn(
                t("field.initiative"),
                options=_with_ids(choices.initiatives),
                disabled=not choices.initiatives,
            ),
            "process": st.column_config.SelectboxColumn(
                t("field.process"), options=_with_ids(choices.processes)
            ),
            "note": st.column_config.TextColumn(t("field.note"), max_chars=hours.NOTE_MAX),
        },
    )
    if st.button(t("hours.save_table"), type="primary", key="hours_table_save"):
        rows = edited.astype(object).where(edited.notna(), None).to_dict("records")
        numbers = [int(i) if str(i).isdigit() else n for n, i in enumerate(edited.index, start=1)]
        try:
            with session_scope() as session:
                # Writes only when every row is right; otherwise the plan lists the problems.
                plan = hours_import.save_table(
                    session, rows, by_user_id=me["id"], today=today, numbers=numbers
                )
        except DomainError as err:
            show_error(err)
        else:
            if plan.ok:
                st.session_state["hours_table_round"] = table_round + 1
                flash(t("hours.saved_table", rows=fmt_int(len(plan.drafts)), hours=hours_text(plan.minutes)))
            st.error(t("hours.table_problems", count=fmt_int(len(plan.problems))), icon=":material/error:")
            for problem in plan.problems:
                st.markdown(f"- {t('import.row', row=fmt_int(problem.row))}: {error_text(problem.error)}")


with import_tab:
    st.write(t("import.intro"))
    st.markdown(t("import.format"))
    headers = {c: t(f"import.column.{c}") for c in hours_file.COLUMNS}
    csv_col, xlsx_col = st.columns(2)
    csv_col.download_button(
        t("import.template_csv"),
        hours_file.template_csv(headers, today, current_language()),
        file_name=t("import.template_name") + ".csv",
        mime="text/csv",
        icon=":material/download:",
        key="hours_import_template_csv",
    )
    xlsx_col.download_button(
        t("import.template_xlsx"),
        hours_file.template_xlsx(headers, today),
        file_name=t("import.template_name") + ".xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key="hours_import_template_xlsx",
    )
    import_round = st.session_state.setdefault("hours_import_round", 0)
    upload = st.file_uploader(
        t("import.file"),
        type=["csv", "xlsx"],
        key=f"hours_import_file_{import_round}",
        help=t("import.file_help"),
    )
    if upload is not None:
        try:
            table = hours_file.read_table(upload.name, upload.getvalue())
            with read_scope() as session:
                plan = hours_import.plan_import(session, table, today=today)
        except DomainError as err:
            show_error(err)
        else:
            st.subheader(t("import.preview", rows=fmt_int(len(table.rows))))
            preview = {t("import.row_column"): [i + 2 for i in range(min(len(table.rows), 200))]}
            for index, header in enumerate(table.headers):
                preview[header or f"({index + 1})"] = [
                    "" if index >= len(row) or row[index] is None else str(row[index])
                    for row in table.rows[:200]
                ]
            st.dataframe(preview, hide_index=True, width="stretch", height=260)
            if len(table.rows) > 200:
                st.caption(t("import.preview_cut", shown=fmt_int(200), rows=fmt_int(len(table.rows))))
            if plan.unknown_columns:
                st.warning(t("import.unknown_columns", columns=literal(", ".join(plan.unknown_columns))))
            if plan.problems:
                st.error(t("import.problems", count=fmt_int(len(plan.problems))), icon=":material/error:")
                for problem in plan.problems[:100]:
                    st.markdown(f"- {t('import.row', row=fmt_int(problem.row))}: {error_text(problem.error)}")
                if len(plan.problems) > 100:
                    st.caption(t("import.more_problems", count=fmt_int(len(plan.problems) - 100)))
            else:
                st.success(
                    t("import.ready", rows=fmt_int(len(plan.drafts)), hours=hours_text(plan.minutes)),
                    icon=":material/task_alt:",
                )
                if st.button(
                    t("import.run", rows=fmt_int(len(plan.drafts))), type="primary", key="hours_import_run"
                ):
                    bar = st.progress(0.0, text=t("import.progress", done=0, total=fmt_int(len(plan.drafts))))

                    def progress(done: int, total: int) -> None:
                        bar.progress(
                            done / total, text=t("import.progress", done=fmt_int(done), total=fmt_int(total))
                        )

                    try:
                        with session_scope() as session:
                            # Checked again inside the write: the data may have changed since the preview.
                            fresh = hours_import.plan_import(session, table, today=today)
                            count = hours_import.run_import(
                                session,
                                fresh,
                                filename=upload.name,
                                by_user_id=me["id"],
                                on_progress=progress,
                            )
                    except DomainError as err:
                        show_error(err)
                    else:
                        st.session_state["hours_import_round"] = import_round + 1
                        flash(t("import.done", rows=fmt_int(count), hours=hours_text(fresh.minutes)))


def _who(row: hours.HoursRow) -> str:
    if row.volunteer_id is None:
        return t("hours.group_row", count=fmt_int(row.volunteers))
    if row.anonymised:
        return t("volunteers.anonymised_name", id=row.volunteer_id)
    return row.volunteer_name


with list_tab:
    if not recent:
        st.info(t("hours.empty"), icon=":material/info:")
    else:
        st.caption(t("hours.list_caption", count=fmt_int(len(recent))))
        st.dataframe(
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
            hide_index=True,
            width="stretch",
            column_config={
                t("field.worked_on"): st.column_config.DateColumn(format="DD.MM.YYYY"),
                t("field.hours"): st.column_config.NumberColumn(format="localized"),
            },
        )
        mine = [r for r in recent if permissions.can_delete_hours(me["role"], me["id"], r.entered_by_user_id)]
        if mine:
            delete_form(
                "hours",
                {
                    r.id: t(
                        "hours.delete_label",
                        date=fmt_date(r.worked_on),
                        who=_who(r),
                        hours=hours_text(r.minutes),
                    )
                    for r in mine
                },
                lambda session, entry_id: hours.delete_hours_entry(
                    session, entry_id, by_user_id=me["id"], role=me["role"]
                ),
            )
