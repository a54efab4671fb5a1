"""Staff log the time they spend coordinating, training and supporting volunteers."""

from __future__ import annotations

from datetime import date

import streamlit as st

import clock
from components.feedback import show_flash
from components.shell import guard
from components.tables import in_language
from components.time_targets import date_format, delete_form, hours_input, hours_text, minutes, target_inputs
from db.session import read_scope
from i18n import fmt_date, t, tn
from runtime.actions import run
from services.admin import permissions
from services.volunteering import hours_choices, hours_rules, staff_time
from vocabulary import STAFF_TIME_KINDS


def _month_figures(me: dict, for_others: bool, today: date) -> None:
    """This month's hours: one's own, and everyone's for those who log for others."""
    with read_scope() as session:
        mine = staff_time.minutes_in_month(session, today, user_id=me["id"])
        everyone = staff_time.minutes_in_month(session, today) if for_others else 0
    mine_col, all_col = st.columns(2)
    mine_col.metric(t("staff_time.mine_this_month"), hours_text(mine))
    if for_others:
        all_col.metric(t("staff_time.all_this_month"), hours_text(everyone))


def _log_form(me: dict, for_others: bool, choices: hours_choices.Choices, today: date) -> None:
    with st.form("staff_time_form"):
        when_col, amount_col, who_col = st.columns([2, 1, 2])
        worked_on = when_col.date_input(
            t("field.worked_on"), value=today, max_value=today, format=date_format(), key="staff_time_date"
        )
        with amount_col:
            amount = hours_input(t("field.hours"), "staff_time_hours", value=1.0)
        if for_others:
            staff_name = who_col.text_input(
                t("field.staff_name"),
                value=me["display_name"],
                max_chars=staff_time.STAFF_NAME_MAX,
                help=t("staff_time.name_help"),
                key="staff_time_name",
            )
        else:
            staff_name = me["display_name"]
            who_col.text_input(
                t("field.staff_name"), value=staff_name, disabled=True, key="staff_time_name_fixed"
            )
        kind = st.segmented_control(
            t("field.staff_kind"),
            STAFF_TIME_KINDS,
            default="coordination",
            format_func=lambda k: t(f"staff_kind.{k}"),
            key="staff_time_kind",
        )
        target = target_inputs("staff_time", choices)
        note = st.text_input(t("field.note_optional"), max_chars=hours_rules.NOTE_MAX, key="staff_time_note")
        if st.form_submit_button(t("staff_time.save"), type="primary"):
            # Time logged under one's own name belongs to one's account; another name is someone else.
            own = staff_name.strip() == me["display_name"]
            run(
                lambda session: staff_time.log_staff_time(
                    session,
                    worked_on=worked_on,
                    minutes=minutes(amount),
                    # The chosen segment can be clicked off; the service refuses "" as required.
                    kind=kind or "",
                    staff_name=staff_name,
                    user_id=me["id"] if own else None,
                    target=target,
                    note=note,
                    by_user_id=me["id"],
                    today=today,
                ),
                tn("staff_time.saved", minutes(amount) / 60, digits=1),
            )


def _recent_list(me: dict, entries: list[staff_time.StaffTimeRow]) -> None:
    st.subheader(t("staff_time.recent"))
    if not entries:
        st.info(t("staff_time.empty"), icon=":material/info:")
        return
    st.dataframe(
        in_language(
            {
                t("field.worked_on"): [e.worked_on for e in entries],
                t("field.staff_name"): [e.staff_name for e in entries],
                t("field.hours"): [round(e.minutes / 60, 2) for e in entries],
                t("field.staff_kind"): [t(f"staff_kind.{e.kind}") for e in entries],
                t("field.activity"): [e.activity for e in entries],
                t("field.initiative"): [e.initiative for e in entries],
                t("field.process"): [e.process for e in entries],
                t("field.note"): [e.note for e in entries],
            },
            {t("field.hours"): 2},
        ),
        hide_index=True,
        width="stretch",
        column_config={
            t("field.worked_on"): st.column_config.DateColumn(format="DD.MM.YYYY"),
        },
    )
    st.caption(tn("staff_time.list_caption", len(entries)))
    deletable = [e for e in entries if permissions.can_delete_staff_time(me["role"], me["id"], e.user_id)]
    if deletable:
        delete_form(
            "staff_time",
            {
                e.id: t(
                    "staff_time.delete_label",
                    date=fmt_date(e.worked_on),
                    who=e.staff_name,
                    hours=hours_text(e.minutes),
                )
                for e in deletable
            },
            lambda entry_id: run(
                lambda session: staff_time.delete_staff_time(session, entry_id, by_user_id=me["id"]),
                t("hours.deleted"),
            ),
        )


me = guard("staff_time")
st.title(t("staff_time.title"))
st.caption(t("staff_time.caption"))
show_flash()
today = clock.today()
for_others = permissions.can_log_staff_time_for_others(me["role"])
with read_scope() as session:
    choices = hours_choices.choices(session)
    entries = staff_time.recent_staff_time(session, limit=300, user_id=None if for_others else me["id"])

_month_figures(me, for_others, today)
_log_form(me, for_others, choices, today)
_recent_list(me, entries)
