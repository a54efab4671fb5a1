"""Facilitators' workshops: the list with codes and links, and creating a new one (or from a past one)."""

from __future__ import annotations

from datetime import datetime, time

import streamlit as st

import clock
from components.activities import existing_activities
from components.feedback import show_flash
from components.links import join_url
from components.shell import guard
from components.workshop_forms import dot_rules
from db.session import read_scope
from i18n import fmt_datetime, local_to_utc, t
from runtime.actions import run
from services.action import actors
from services.workshop import new_workshops, phases, processes, workshops


def _list_tab(rows) -> None:
    """Every workshop with its code and join link, and a way into its console."""
    if not rows:
        st.info(t("workshops.empty"), icon=":material/info:")
        return
    st.dataframe(
        {
            t("field.process"): [r.process_title for r in rows],
            t("field.title"): [r.title for r in rows],
            t("field.date"): [fmt_datetime(r.starts_at) if r.starts_at else "" for r in rows],
            t("field.phase"): [t(f"phase.{r.phase}") for r in rows],
            t("field.join_code"): [r.code for r in rows],
            t("overview.participants"): [r.participants for r in rows],
            t("overview.ideas"): [r.ideas for r in rows],
            t("workshops.join_link"): [
                join_url(r.code) if phases.accepts_participants(r.phase) else "" for r in rows
            ],
        },
        hide_index=True,
        width="stretch",
        column_config={t("workshops.join_link"): st.column_config.LinkColumn()},
    )
    by_id = {r.id: r for r in rows}
    pick, go = st.columns([3, 1], vertical_alignment="bottom")
    chosen = pick.selectbox(
        t("workshops.open_which"),
        list(by_id),
        format_func=lambda i: f"{by_id[i].title} ({by_id[i].code})",
        key="workshops_open",
    )
    if go.button(t("workshops.open_console"), type="primary", key="workshops_open_console"):
        st.switch_page("app_pages/console.py", query_params={"w": str(chosen)})


def _template(rows) -> tuple[int | None, new_workshops.WorkshopTemplate | None]:
    """The past workshop to start from (if any), and its settings."""
    templates = {None: t("workshops.blank")} | {r.id: f"{r.title} ({r.code})" for r in rows}
    source = st.selectbox(
        t("workshops.copy_from"),
        list(templates),
        format_func=templates.__getitem__,
        help=t("workshops.copy_help"),
        key="workshops_template",
    )
    if source is None:
        return None, None
    with read_scope() as session:
        return source, new_workshops.template_from(session, source)


def _new_workshop_form(source, template, all_processes: dict[int, str]) -> dict | None:
    """The new workshop's fields, prefilled from `template`; create_workshop's arguments when submitted.

    The prefilled widgets are keyed by the template, so choosing another one refills them.
    """
    process_ids = list(all_processes)
    with st.form("workshops_new_form"):
        process_id = st.selectbox(
            t("field.process"),
            process_ids,
            index=process_ids.index(template.process_id) if template else 0,
            format_func=all_processes.__getitem__,
            key=f"workshops_process_{source}",
        )
        title = st.text_input(t("field.title"), max_chars=200, key="workshops_title")
        day, hour, place_col = st.columns([1, 1, 2])
        on = day.date_input(t("field.date"), value=clock.today(), format="DD.MM.YYYY", key="workshops_date")
        at = hour.time_input(t("workshops.time"), value=time(17, 0), step=900, key="workshops_time")
        place = place_col.text_input(
            t("field.place"),
            value=template.place if template else "",
            max_chars=200,
            key=f"workshops_place_{source}",
        )
        themes = st.text_area(
            t("workshops.themes"),
            value="\n".join(template.themes) if template else "",
            help=t("workshops.themes_help"),
            key=f"workshops_themes_{source}",
        )
        budget, cap = dot_rules(
            template.dot_budget if template else 5,
            template.dots_per_idea if template else 3,
            keys=(f"workshops_budget_{source}", f"workshops_cap_{source}"),
        )
        anonymous = st.toggle(
            t("workshops.anonymous"),
            value=template.anonymous_ideas if template else True,
            key=f"workshops_anon_{source}",
        )
        comments = st.toggle(
            t("workshops.comments"),
            value=template.comments_enabled if template else True,
            key=f"workshops_comments_{source}",
        )
        hide_votes = st.toggle(
            t("workshops.hide_votes"),
            value=template.hide_votes_until_reveal if template else True,
            help=t("workshops.hide_votes_help"),
            key=f"workshops_hide_votes_{source}",
        )
        if not st.form_submit_button(t("workshops.create"), type="primary"):
            return None
    return {
        "process_id": process_id,
        "title": title,
        "starts_at": local_to_utc(datetime.combine(on, at)),
        "place": place,
        "themes": themes.splitlines(),
        "dot_budget": budget,
        "dots_per_idea": cap,
        "anonymous_ideas": anonymous,
        "comments_enabled": comments,
        "hide_votes_until_reveal": hide_votes,
    }


def _new_tab(rows, all_processes: dict[int, str], running, user_id: int) -> None:
    if not all_processes:
        st.info(t("workshops.no_process"), icon=":material/info:")
        st.page_link("app_pages/processes.py", label=t("processes.new"), icon=":material/add:")
        return
    # Start from what already runs locally, so a workshop builds on it instead of reinventing it.
    existing_activities(running, "workshops")
    source, template = _template(rows)
    typed = _new_workshop_form(source, template, all_processes)
    if typed is not None:
        run(
            lambda s: new_workshops.create_workshop(s, **typed, by_user_id=user_id).id,
            t("workshops.created"),
            page="app_pages/console.py",
            query_params=lambda new_id: {"w": str(new_id)},
        )


me = guard("workshops")
st.title(t("workshops.title"))
show_flash()
with read_scope() as session:
    rows = workshops.list_workshops(session)
    # New work goes into running processes only; archived ones keep their history.
    all_processes = {p.id: p.title for p in processes.list_processes(session, include_archived=False)}
    running = actors.list_activities(session, active_only=True)
list_tab, new_tab = st.tabs([t("workshops.list"), t("workshops.new")])
with list_tab:
    _list_tab(rows)
with new_tab:
    _new_tab(rows, all_processes, running, me["id"])
