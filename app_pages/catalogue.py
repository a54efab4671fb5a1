"""The inspiration catalogue of a process: pick ideas, word them for print, order, preview, export, share."""

from __future__ import annotations

import streamlit as st

import clock
from components.feedback import flash, show_error, show_flash
from components.links import base_url
from components.literal import literal
from components.qr import qr_png, show_qr
from components.shell import guard, settings
from components.status import status_text
from db.session import read_scope, session_scope
from i18n import current_language, fmt_int, set_language, t
from services.action import catalogue, catalogue_export, curation
from services.action.catalogue_export import groups_line, support_line
from services.admin.permissions import can_curate_catalogue
from services.common.errors import DomainError
from services.common.spreadsheet import file_name
from services.workshop import processes

me = guard("catalogue")
may_curate = can_curate_catalogue(me["role"])
st.title(t("catalogue.title"))
st.caption(t("catalogue.caption"))
show_flash()

with read_scope() as session:
    process_list = processes.list_processes(session)
if not process_list:
    st.info(t("overview.empty"), icon=":material/info:")
    st.stop()
titles = {p.id: p.title for p in process_list}
process_id = st.selectbox(t("field.process"), list(titles), format_func=titles.get, key="catalogue_process")

with read_scope() as session:
    book = catalogue.catalogue(session, process_id)
    ideas = catalogue.candidates(session, process_id)


def public_url(slug: str) -> str:
    return f"{base_url()}/?follow={slug}"


def _section(name: str) -> str:
    return name or t("catalogue.no_section")


def _run(action, done: str) -> None:
    """Do one change in its own unit of work; flash `done` or show why it was refused."""
    try:
        with session_scope() as session:
            action(session)
    except DomainError as err:
        show_error(err)
    else:
        flash(done)


in_initiatives = sum(1 for e in book.entries if e.initiatives)
cols = st.columns(4)
cols[0].metric(t("catalogue.entries"), fmt_int(len(book.entries)))
cols[1].metric(t("catalogue.sections"), fmt_int(len(book.sections)))
cols[2].metric(t("catalogue.ideas_in_process"), fmt_int(len(ideas)))
cols[3].metric(t("catalogue.became_initiatives"), fmt_int(in_initiatives))

tab_names = [t("catalogue.tab_preview")]
if may_curate:
    tab_names += [t("catalogue.tab_pick"), t("catalogue.tab_edit"), t("catalogue.tab_intro")]
tab_names += [t("catalogue.tab_export"), t("catalogue.tab_public")]
# A key keeps the open tab across reruns (a flash message above would otherwise reset it).
tabs = dict(zip(tab_names, st.tabs(tab_names, key="catalogue_tabs", on_change="rerun"), strict=True))


# --- preview -----------------------------------------------------------------------------

with tabs[t("catalogue.tab_preview")]:
    if book.intro:
        st.markdown(literal(book.intro))
    if not book.entries:
        st.info(t("catalogue.empty"), icon=":material/info:")
    number = 0
    for section in book.sections:
        st.subheader(literal(_section(section.name)), divider="gray")
        for entry in section.entries:
            number += 1
            with st.container(border=True):
                st.markdown(f"**{number}\\. {literal(entry.title)}**")
                if entry.body:
                    st.markdown(literal(entry.body))
                st.caption(literal(support_line(entry)))
                if entry.dots_by_group:
                    st.caption(literal(t("catalogue_pdf.by_group", groups=groups_line(entry))))
                if entry.idea_title and entry.idea_title != entry.title:
                    st.caption(
                        t(
                            "catalogue.original_idea",
                            title=literal(entry.idea_title),
                            workshop=literal(entry.workshop_title),
                        )
                    )
                if entry.idea_state in ("hidden", "withdrawn", "merged"):
                    st.warning(t(f"catalogue.idea_{entry.idea_state}"), icon=":material/warning:")
                for ref in entry.initiatives:
                    st.page_link(
                        "app_pages/initiative.py",
                        label=f"{literal(ref.title)} · {status_text(ref.status)}",
                        icon=":material/arrow_forward:",
                        query_params={"id": str(ref.id)},
                    )


# --- pick ideas --------------------------------------------------------------------------

if may_curate:
    with tabs[t("catalogue.tab_pick")]:
        st.caption(t("catalogue.pick_help"))
        workshops = sorted({(c.workshop_id, c.workshop_title) for c in ideas})
        chosen_workshops = st.multiselect(
            t("catalogue.from_workshops"),
            [w for w, _ in workshops],
            default=[w for w, _ in workshops],
            format_func=dict(workshops).get,
            placeholder=t("catalogue.pick_workshops"),
            key="catalogue_pick_workshops",
        )
        shown = [c for c in ideas if c.workshop_id in chosen_workshops]
        if shown:
            st.dataframe(
                {
                    t("catalogue.idea"): [c.title for c in shown],
                    t("field.workshop"): [c.workshop_title for c in shown],
                    t("field.theme"): [c.theme for c in shown],
                    t("catalogue.dots"): [c.dots for c in shown],
                    t("catalogue.voters"): [c.voters for c in shown],
                    t("catalogue.by_group"): [
                        " · ".join(
                            f"{t(f'group.{g}')} {d}"
                            for g, d in sorted(c.dots_by_group.items(), key=lambda kv: -kv[1])
                        )
                        for c in shown
                    ],
                    t("catalogue.in_catalogue"): [t("common.yes") if c.entry_id else "" for c in shown],
                    t("catalogue.initiatives"): [", ".join(r.title for r in c.initiatives) for c in shown],
                },
                hide_index=True,
                width="stretch",
            )
        else:
            st.info(t("catalogue.no_ideas"), icon=":material/info:")
        available = {c.id: c for c in shown if c.entry_id is None}
        with st.form("catalogue_pick_form", clear_on_submit=True):
            picked = st.multiselect(
                t("catalogue.ideas_to_add"),
                list(available),
                format_func=lambda i: (
                    f"{available[i].title} ({t('catalogue.dots_short', n=available[i].dots)})"
                ),
                placeholder=t("catalogue.pick_placeholder"),
                key="catalogue_pick_ideas",
            )
            group_by = st.radio(
                t("catalogue.group_by"),
                curation.GROUPINGS,
                format_func=lambda g: t(f"catalogue.group_by_{g}"),
                horizontal=True,
                key="catalogue_pick_group_by",
            )
            if st.form_submit_button(t("catalogue.add"), type="primary"):
                _run(
                    lambda s: curation.add_ideas(
                        s, process_id, picked, group_by=group_by, by_user_id=me["id"]
                    ),
                    t("catalogue.added", n=fmt_int(len(picked))),
                )

    # --- edit entries --------------------------------------------------------------------

    with tabs[t("catalogue.tab_edit")]:
        entries = book.entries
        sections = [s.name for s in book.sections]
        if entries:
            by_id = {e.id: e for e in entries}
            entry_id = st.selectbox(
                t("catalogue.entry"),
                list(by_id),
                format_func=lambda i: f"{_section(by_id[i].section)} › {by_id[i].title}",
                key="catalogue_entry",
            )
            entry = by_id[entry_id]
            if entry.idea_title:
                st.caption(
                    t(
                        "catalogue.original_idea",
                        title=literal(entry.idea_title),
                        workshop=literal(entry.workshop_title),
                    )
                )
                if entry.idea_description:
                    st.caption(literal(entry.idea_description))
            with st.form(f"catalogue_edit_form_{entry.id}"):
                new_title = st.text_input(
                    t("field.title"), value=entry.title, key=f"catalogue_edit_title_{entry.id}"
                )
                new_body = st.text_area(
                    t("field.entry_text"), value=entry.body, height=140, key=f"catalogue_edit_body_{entry.id}"
                )
                new_section = st.selectbox(
                    t("catalogue.section"),
                    sections,
                    index=sections.index(entry.section),
                    format_func=_section,
                    accept_new_options=True,
                    help=t("catalogue.section_help"),
                    key=f"catalogue_edit_section_{entry.id}",
                )
                if st.form_submit_button(t("catalogue.save_entry"), type="primary"):
                    _run(
                        lambda s: curation.update_entry(
                            s,
                            entry.id,
                            title=new_title,
                            body=new_body,
                            section=new_section or "",
                            by_user_id=me["id"],
                        ),
                        t("catalogue.entry_saved"),
                    )
            c1, c2, c3 = st.columns(3)
            if c1.button(t("catalogue.move_up"), key="catalogue_entry_up", icon=":material/arrow_upward:"):
                _run(
                    lambda s: curation.move_entry(s, entry.id, -1, by_user_id=me["id"]), t("catalogue.moved")
                )
            if c2.button(
                t("catalogue.move_down"), key="catalogue_entry_down", icon=":material/arrow_downward:"
            ):
                _run(lambda s: curation.move_entry(s, entry.id, 1, by_user_id=me["id"]), t("catalogue.moved"))
            # Taking an entry out loses its wording for print: ask once more.
            with c3.popover(t("catalogue.remove"), icon=":material/remove_circle:"):
                st.caption(t("catalogue.remove_help"))
                confirmed = st.button(
                    t("catalogue.remove_confirm"), key="catalogue_entry_remove", type="primary"
                )
            if confirmed:
                _run(
                    lambda s: curation.remove_entry(s, entry.id, by_user_id=me["id"]), t("catalogue.removed")
                )

            st.subheader(t("catalogue.order_sections"))
            section = st.selectbox(
                t("catalogue.section"), sections, format_func=_section, key="catalogue_section"
            )
            c1, c2 = st.columns(2)
            if c1.button(
                t("catalogue.move_section_up"), key="catalogue_section_up", icon=":material/arrow_upward:"
            ):
                _run(
                    lambda s: curation.move_section(s, process_id, section, -1, by_user_id=me["id"]),
                    t("catalogue.moved"),
                )
            if c2.button(
                t("catalogue.move_section_down"),
                key="catalogue_section_down",
                icon=":material/arrow_downward:",
            ):
                _run(
                    lambda s: curation.move_section(s, process_id, section, 1, by_user_id=me["id"]),
                    t("catalogue.moved"),
                )
            st.caption(t("catalogue.regroup_help"))
            c1, c2 = st.columns(2)
            for col, grouping in zip((c1, c2), curation.GROUPINGS, strict=True):
                if col.button(t(f"catalogue.regroup_{grouping}"), key=f"catalogue_regroup_{grouping}"):
                    _run(
                        lambda s, g=grouping: curation.regroup(s, process_id, g, by_user_id=me["id"]),
                        t("catalogue.regrouped"),
                    )
        else:
            st.info(t("catalogue.empty"), icon=":material/info:")

        with (
            st.expander(t("catalogue.hand_written"), icon=":material/edit_note:"),
            st.form("catalogue_new_entry_form", clear_on_submit=True),
        ):
            typed_title = st.text_input(t("field.title"), key="catalogue_new_title")
            typed_body = st.text_area(t("field.entry_text"), key="catalogue_new_body")
            typed_section = st.selectbox(
                t("catalogue.section"),
                sections,
                index=None,
                placeholder=t("common.choose"),
                format_func=_section,
                accept_new_options=True,
                key="catalogue_new_section",
            )
            if st.form_submit_button(t("catalogue.add_entry")):
                _run(
                    lambda s: curation.add_entry(
                        s,
                        process_id,
                        title=typed_title,
                        body=typed_body,
                        section=typed_section or "",
                        by_user_id=me["id"],
                    ),
                    t("catalogue.entry_added"),
                )

    # --- introduction --------------------------------------------------------------------

    with tabs[t("catalogue.tab_intro")], st.form("catalogue_intro_form"):
        intro = st.text_area(
            t("field.catalogue_intro"),
            value=book.intro,
            height=260,
            max_chars=curation.INTRO_MAX,
            help=t("catalogue.intro_help"),
            key="catalogue_intro",
        )
        if st.form_submit_button(t("catalogue.save_intro"), type="primary"):
            _run(
                lambda s: curation.set_intro(s, process_id, intro, by_user_id=me["id"]),
                t("catalogue.intro_saved"),
            )


# --- export ------------------------------------------------------------------------------

with tabs[t("catalogue.tab_export")]:
    st.caption(t("catalogue.export_help"))
    municipality = settings().municipality
    language = current_language()
    pdf_key = f"catalogue_pdf_{process_id}_{language}"
    if st.button(
        t("catalogue.make_pdf"), type="primary", key="catalogue_make_pdf", icon=":material/picture_as_pdf:"
    ):
        with st.status(t("catalogue.making_pdf"), expanded=True) as status:
            bar = st.progress(0.0)

            def report(share: float, label: str) -> None:
                bar.progress(min(share, 1.0), text=label)

            with read_scope() as session:
                st.session_state[pdf_key] = catalogue_export.catalogue_pdf(
                    session, process_id, municipality=municipality, on_progress=report
                )
            status.update(label=t("catalogue.pdf_ready"), state="complete", expanded=False)
    stem = t("catalogue_pdf.kicker") + " " + book.process_title
    c1, c2, c3 = st.columns(3)
    if pdf_key in st.session_state:
        c1.download_button(
            t("catalogue.download_pdf"),
            st.session_state[pdf_key],
            file_name=file_name(stem, ext="pdf"),
            mime="application/pdf",
            key="catalogue_download_pdf",
            icon=":material/download:",
        )

    def _in_language(build):
        def run() -> bytes:
            set_language(language)
            with read_scope() as session:
                return build(session, process_id)

        return run

    c2.download_button(
        t("catalogue.download_xlsx"),
        _in_language(catalogue_export.catalogue_xlsx),
        file_name=file_name(stem, ext="xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="catalogue_download_xlsx",
        icon=":material/table_view:",
        on_click="ignore",
    )
    c3.download_button(
        t("catalogue.download_csv"),
        _in_language(catalogue_export.catalogue_csv),
        file_name=file_name(stem, ext="csv"),
        mime="text/csv",
        key="catalogue_download_csv",
        icon=":material/csv:",
        on_click="ignore",
    )


# --- the public page ---------------------------------------------------------------------

with tabs[t("catalogue.tab_public")]:
    url = public_url(book.public_slug)
    st.caption(t("catalogue.public_help"))
    if book.published:
        st.success(t("catalogue.public_on"), icon=":material/public:")
    else:
        st.warning(t("catalogue.public_off"), icon=":material/public_off:")
    left, right = st.columns([3, 2])
    with left:
        st.text(t("catalogue.public_link"))
        st.code(url, language=None)
        st.link_button(
            t("catalogue.open_public"), url, icon=":material/open_in_new:", disabled=not book.published
        )
        if may_curate:
            if book.published:
                if st.button(t("catalogue.unpublish"), key="catalogue_unpublish"):
                    _run(
                        lambda s: curation.set_published(s, process_id, False, by_user_id=me["id"]),
                        t("catalogue.unpublished"),
                    )
            elif st.button(t("catalogue.publish"), type="primary", key="catalogue_publish"):
                _run(
                    lambda s: curation.set_published(s, process_id, True, by_user_id=me["id"]),
                    t("catalogue.published"),
                )
    with right:
        show_qr(url, caption=t("catalogue.qr_caption"))
        st.download_button(
            t("catalogue.download_qr"),
            qr_png(url, scale=16),
            file_name=file_name("qr", book.process_title, clock.today().isoformat(), ext="png"),
            mime="image/png",
            key="catalogue_download_qr",
            on_click="ignore",
        )
