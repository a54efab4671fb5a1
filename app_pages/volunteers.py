"""Leaders register volunteers (minimal data), follow who is active, who stopped and how long people stay."""

from __future__ import annotations

from datetime import date

import streamlit as st

import clock
from components.charts import show_chart
from components.feedback import show_flash
from components.literal import literal
from components.resource_charts import retention_by_month
from components.shell import guard
from components.tables import in_language
from components.time_targets import date_format, month_label
from db.session import read_scope
from i18n import fmt_int, fmt_number, fmt_percent, t, tn
from runtime.actions import run
from runtime.privacy import volunteer_file
from services.common.errors import InvalidInput
from services.volunteering import hours, hours_choices, volunteers
from services.volunteering import retention as volunteer_retention


def _iso(day: date | None) -> str:
    # ISO dates sort right as text, and a missing date shows as nothing rather than "None".
    return day.isoformat() if day else ""


def _name(row: volunteers.VolunteerRow) -> str:
    return t("volunteers.anonymised_name", id=row.id) if row.anonymised else row.name


def _status_counts(retention: volunteer_retention.Retention) -> None:
    for column, status in zip(st.columns(4), volunteers.STATUSES, strict=True):
        column.metric(
            t(f"volunteer_status.{status}"),
            fmt_int(retention.counts[status]),
            help=t(f"volunteer_status_help.{status}", days=volunteers.ACTIVE_WINDOW_DAYS),
        )


def _list_tab(rows: list[volunteers.VolunteerRow], actors: dict[int, str]) -> None:
    search_col, status_col, actor_col = st.columns([2, 2, 2])
    search = search_col.text_input(t("volunteers.search"), key="volunteers_search", max_chars=100)
    statuses = status_col.multiselect(
        t("field.volunteer_status"),
        volunteers.STATUSES,
        default=["upcoming", "active", "dormant"],
        format_func=lambda s: t(f"volunteer_status.{s}"),
        key="volunteers_statuses",
    )
    actor_id = actor_col.selectbox(
        t("field.affiliation"),
        [None, *actors],
        format_func=lambda i: t("volunteers.all_actors") if i is None else actors[i],
        key="volunteers_actor_filter",
    )
    shown = volunteers.matching(rows, search=search, statuses=statuses, actor_id=actor_id)
    if not shown:
        st.info(t("volunteers.none_match"), icon=":material/info:")
        return
    st.dataframe(
        in_language(
            {
                t("field.volunteer_name"): [_name(r) for r in shown],
                t("field.affiliation"): [r.actor_name for r in shown],
                t("field.volunteer_status"): [t(f"volunteer_status.{r.status}") for r in shown],
                t("field.starts_on"): [_iso(r.starts_on) for r in shown],
                t("field.ends_on"): [_iso(r.ends_on) for r in shown],
                t("volunteers.hours_total"): [round(r.minutes / 60, 1) for r in shown],
                t("volunteers.last_hours"): [_iso(r.last_worked_on) for r in shown],
                t("field.skills"): [r.skills for r in shown],
                t("field.contact"): [r.contact for r in shown],
                t("field.consent_on"): [_iso(r.consent_on) for r in shown],
            },
            {t("volunteers.hours_total"): 1},
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(tn("volunteers.list_caption", len(rows), shown=fmt_int(len(shown))))


def _actor_pick(actors: dict[int, str], key: str, current: int | None = None) -> int | None:
    options = [None, *actors]
    return st.selectbox(
        t("field.actor_optional"),
        options,
        index=options.index(current) if current in options else 0,
        format_func=lambda i: t("time.none") if i is None else actors[i],
        key=key,
    )


def _new_tab(me: dict, actors: dict[int, str], today: date) -> None:
    with st.form("volunteers_new_form", clear_on_submit=True):
        name_col, actor_col = st.columns(2)
        name = name_col.text_input(
            t("field.volunteer_name"),
            max_chars=volunteers.NAME_MAX,
            help=t("volunteers.name_help"),
            key="volunteers_new_name",
        )
        with actor_col:
            actor_id = _actor_pick(actors, "volunteers_new_actor")
        start_col, end_col = st.columns(2)
        starts_on = start_col.date_input(
            t("field.starts_on"), value=today, format=date_format(), key="volunteers_new_starts_on"
        )
        ends_on = end_col.date_input(
            t("field.ends_on_optional"), value=None, format=date_format(), key="volunteers_new_ends_on"
        )
        contact = st.text_input(
            t("field.contact_optional"),
            max_chars=volunteers.CONTACT_MAX,
            help=t("volunteers.contact_help"),
            key="volunteers_new_contact",
        )
        skills = st.text_area(
            t("field.skills_optional"),
            max_chars=volunteers.SKILLS_MAX,
            height=80,
            key="volunteers_new_skills",
        )
        consent = st.checkbox(
            t("volunteers.consent_now"), help=t("volunteers.consent_help"), key="volunteers_new_consent"
        )
        if st.form_submit_button(t("volunteers.register"), type="primary"):
            run(
                lambda session: volunteers.register_volunteer(
                    session,
                    name=name,
                    contact=contact,
                    actor_id=actor_id,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    skills=skills,
                    consent_on=today if consent else None,
                    by_user_id=me["id"],
                    today=today,
                ),
                lambda created: t("volunteers.registered", name=literal(created.name)),
            )


def _edit_form(me: dict, v: volunteers.VolunteerRow, actors: dict[int, str], today: date) -> None:
    with st.form(f"volunteers_edit_form_{v.id}"):
        name_col, actor_col = st.columns(2)
        name = name_col.text_input(
            t("field.volunteer_name"),
            value=v.name,
            max_chars=volunteers.NAME_MAX,
            key=f"volunteers_edit_name_{v.id}",
        )
        with actor_col:
            actor_id = _actor_pick(actors, f"volunteers_edit_actor_{v.id}", v.actor_id)
        start_col, end_col, consent_col = st.columns(3)
        starts_on = start_col.date_input(
            t("field.starts_on"),
            value=v.starts_on,
            format=date_format(),
            key=f"volunteers_edit_starts_on_{v.id}",
        )
        ends_on = end_col.date_input(
            t("field.ends_on_optional"),
            value=v.ends_on,
            format=date_format(),
            help=t("volunteers.ends_on_help"),
            key=f"volunteers_edit_ends_on_{v.id}",
        )
        consent_on = consent_col.date_input(
            t("field.consent_on_optional"),
            value=v.consent_on,
            max_value=today,
            format=date_format(),
            help=t("volunteers.consent_help"),
            key=f"volunteers_edit_consent_{v.id}",
        )
        contact = st.text_input(
            t("field.contact_optional"),
            value=v.contact,
            max_chars=volunteers.CONTACT_MAX,
            key=f"volunteers_edit_contact_{v.id}",
        )
        skills = st.text_area(
            t("field.skills_optional"),
            value=v.skills,
            max_chars=volunteers.SKILLS_MAX,
            height=80,
            key=f"volunteers_edit_skills_{v.id}",
        )
        if st.form_submit_button(t("volunteers.save"), type="primary"):
            run(
                lambda session: volunteers.update_volunteer(
                    session,
                    v.id,
                    name=name,
                    contact=contact,
                    actor_id=actor_id,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    skills=skills,
                    consent_on=consent_on,
                    by_user_id=me["id"],
                    today=today,
                ),
                t("volunteers.saved", name=literal(name.strip())),
            )


def _their_hours(v: volunteers.VolunteerRow) -> None:
    st.subheader(t("volunteers.their_hours"))
    with read_scope() as session:
        theirs = hours.recent_entries(session, volunteer_id=v.id, limit=50)
    if not theirs:
        st.caption(t("volunteers.no_hours"))
        return
    st.dataframe(
        in_language(
            {
                t("field.worked_on"): [r.worked_on for r in theirs],
                t("field.hours"): [round(r.minutes / 60, 2) for r in theirs],
                t("field.activity"): [r.activity for r in theirs],
                t("field.initiative"): [r.initiative for r in theirs],
                t("field.note"): [r.note for r in theirs],
            },
            {t("field.hours"): 2},
        ),
        hide_index=True,
        width="stretch",
        column_config={
            t("field.worked_on"): st.column_config.DateColumn(format="DD.MM.YYYY"),
        },
    )
    # Every hour they gave, not only the 50 rows listed.
    st.caption(tn("volunteers.their_total", v.minutes / 60, digits=1))


def _anonymise(me: dict, v: volunteers.VolunteerRow) -> None:
    with st.container(border=True):
        st.markdown(f"**{t('volunteers.anonymise_title')}**")
        st.write(t("volunteers.anonymise_help"))
        sure = st.checkbox(
            t("volunteers.anonymise_confirm", name=literal(v.name)),
            key=f"volunteers_anonymise_confirm_{v.id}",
        )
        if st.button(t("volunteers.anonymise"), key="volunteers_anonymise", icon=":material/person_off:"):

            def anonymise(session):
                if not sure:
                    raise InvalidInput("error.confirm_first")
                volunteers.anonymise_volunteer(session, v.id, by_user_id=me["id"])

            run(anonymise, t("volunteers.anonymised", id=v.id))


def _edit_tab(me: dict, rows: list[volunteers.VolunteerRow], actors: dict[int, str], today: date) -> None:
    editable = {r.id: r for r in rows if not r.anonymised}
    if not editable:
        st.info(t("volunteers.none_yet"), icon=":material/info:")
        return
    picked = st.selectbox(
        t("field.volunteer"),
        list(editable),
        format_func=lambda i: hours_choices.volunteer_label(editable[i].name, i),
        key="volunteers_pick",
    )
    v = editable[picked]
    _edit_form(me, v, actors, today)
    _their_hours(v)
    volunteer_file(v.id, v.name, me["id"])
    _anonymise(me, v)


def _retention_tab(retention: volunteer_retention.Retention) -> None:
    six_kept, six_base = retention.stayed_6_months
    twelve_kept, twelve_base = retention.stayed_12_months
    median_col, six_col, twelve_col = st.columns(3)
    median_col.metric(
        t("volunteers.median_stay"),
        t("volunteers.months", months=fmt_number(retention.median_months_stayed, 1))
        if retention.median_months_stayed is not None
        else "–",
        help=t("volunteers.median_stay_help", count=fmt_int(retention.stopped)),
    )
    six_col.metric(
        t("volunteers.stayed_6"),
        fmt_percent(six_kept / six_base) if six_base else "–",
        help=t("volunteers.stayed_help", kept=fmt_int(six_kept), base=fmt_int(six_base), months=6),
    )
    twelve_col.metric(
        t("volunteers.stayed_12"),
        fmt_percent(twelve_kept / twelve_base) if twelve_base else "–",
        help=t("volunteers.stayed_help", kept=fmt_int(twelve_kept), base=fmt_int(twelve_base), months=12),
    )
    months = [month_label(m.month) for m in retention.months]
    engaged = [m.engaged for m in retention.months]
    started = [m.started for m in retention.months]
    stopped = [m.stopped for m in retention.months]
    labels = (t("volunteers.engaged"), t("volunteers.started"), t("volunteers.stopped"))
    chart_col, table_col = st.columns([3, 2])
    with chart_col:
        show_chart(
            retention_by_month(
                months,
                engaged,
                started,
                stopped,
                title=t("volunteers.retention_chart"),
                x_title=t("chart.month"),
                y_title=t("chart.volunteers"),
                labels=labels,
            ),
            width="stretch",
            key="volunteers_retention_chart",
        )
    with table_col:
        st.dataframe(
            {t("chart.month"): months, labels[0]: engaged, labels[1]: started, labels[2]: stopped},
            hide_index=True,
            width="stretch",
            height=460,
        )


me = guard("volunteers")
st.title(t("volunteers.title"))
st.caption(t("volunteers.caption"))
show_flash()
today = clock.today()
with read_scope() as session:
    rows = volunteers.list_volunteers(session, today=today)
    actors = dict(volunteers.actor_choices(session))
    retention = volunteer_retention.retention(session, today=today)

_status_counts(retention)
list_tab, new_tab, edit_tab, retention_tab = st.tabs(
    [
        t("volunteers.tab_list"),
        t("volunteers.tab_new"),
        t("volunteers.tab_edit"),
        t("volunteers.tab_retention"),
    ],
    key="volunteers_tabs",
    on_change="rerun",
)
with list_tab:
    _list_tab(rows, actors)
with new_tab:
    _new_tab(me, actors, today)
with edit_tab:
    _edit_tab(me, rows, actors, today)
with retention_tab:
    _retention_tab(retention)
