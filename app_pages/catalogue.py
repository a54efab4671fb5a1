"""The inspiration catalogue of a process: pick ideas, word them for print, order, preview, export, share."""

from __future__ import annotations

from functools import partial

import streamlit as st

import clock
from components.catalogue_forms import ideas_to_add, section_label, wording
from components.feedback import show_flash
from components.links import base_url
from components.literal import literal
from components.qr import qr_png, show_qr
from components.shell import guard
from components.status import status_text
from components.support import support_columns
from db.session import read_scope
from i18n import current_language, fmt_int, set_language, t, tn
from runtime.actions import run
from runtime.knowledge_views import plan_editor, plans_of
from runtime.municipality import municipality
from runtime.open_space_proceedings import proceedings_section
from runtime.outcome_forms import outcomes_tab
from services.action import catalogue, catalogue_export, curation
from services.action.catalogue_export import groups_line, support_line
from services.action.catalogue_figures import catalogue_figures
from services.admin.permissions import can_curate_catalogue
from services.common.spreadsheet import file_name
from services.workshop import processes


def _chosen_process() -> int:
    """The process whose catalogue is shown; stops the page when there is none yet."""
    with read_scope() as session:
        process_list = processes.list_processes(session)
    if not process_list:
        st.info(t("overview.empty"), icon=":material/info:")
        st.stop()
    titles = {p.id: p.title for p in process_list}
    return st.selectbox(
        t("field.process"), list(titles), format_func=titles.__getitem__, key="catalogue_process"
    )


def _figures(book: catalogue.Catalogue, ideas: list[catalogue.Candidate]) -> None:
    figures = catalogue_figures(book, ideas)
    cols = st.columns(4)
    cols[0].metric(t("catalogue.entries"), fmt_int(figures.entries))
    cols[1].metric(t("catalogue.sections"), fmt_int(figures.sections))
    cols[2].metric(t("catalogue.ideas_in_process"), fmt_int(figures.ideas))
    cols[3].metric(t("catalogue.became_initiatives"), fmt_int(figures.became_initiatives))


def _preview_tab(book: catalogue.Catalogue) -> None:
    if book.intro:
        st.markdown(literal(book.intro))
    if not book.entries:
        st.info(t("catalogue.empty"), icon=":material/info:")
    number = 0
    for section in book.sections:
        st.subheader(literal(section_label(section.name)), divider="gray")
        for entry in section.entries:
            number += 1
            with st.container(border=True):
                _preview_entry(number, entry)


def _original_idea(entry: catalogue.Entry) -> str:
    return t(
        "catalogue.original_idea", title=literal(entry.idea_title), workshop=literal(entry.workshop_title)
    )


def _preview_entry(number: int, entry: catalogue.Entry) -> None:
    st.markdown(f"**{number}\\. {literal(entry.title)}**")
    if entry.body:
        st.markdown(literal(entry.body))
    st.caption(literal(support_line(entry)))
    if entry.dots_by_group:
        st.caption(literal(t("catalogue_pdf.by_group", groups=groups_line(entry))))
    if entry.idea_title and entry.idea_title != entry.title:
        st.caption(_original_idea(entry))
    if entry.idea_state in ("hidden", "withdrawn", "merged"):
        st.warning(t(f"catalogue.idea_{entry.idea_state}"), icon=":material/warning:")
    plans_of([(entry.idea_id, entry.idea_title)])
    for ref in entry.initiatives:
        st.page_link(
            "app_pages/initiative.py",
            label=f"{literal(ref.title)} · {status_text(ref.status)}",
            icon=":material/arrow_forward:",
            query_params={"id": str(ref.id)},
        )


def _pick_tab(process_id: int, ideas: list[catalogue.Candidate], user_id: int) -> None:
    st.caption(t("catalogue.pick_help"))
    workshops = sorted({(c.workshop_id, c.workshop_title) for c in ideas})
    chosen_workshops = st.multiselect(
        t("catalogue.from_workshops"),
        [w for w, _ in workshops],
        default=[w for w, _ in workshops],
        format_func=dict(workshops).__getitem__,
        placeholder=t("catalogue.pick_workshops"),
        key="catalogue_pick_workshops",
    )
    shown = [c for c in ideas if c.workshop_id in chosen_workshops]
    if shown:
        st.dataframe(
            {
                **support_columns(shown),
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
        picked, group_by = ideas_to_add(available)
        if st.form_submit_button(t("catalogue.add"), type="primary"):
            run(
                lambda s: curation.add_ideas(s, process_id, picked, group_by=group_by, by_user_id=user_id),
                tn("catalogue.added", len(picked)),
            )


def _edit_tab(process_id: int, book: catalogue.Catalogue, user_id: int) -> None:
    sections = [s.name for s in book.sections]
    if book.entries:
        _entry_editor(book.entries, sections, user_id)
        _section_order(process_id, sections, user_id)
    else:
        st.info(t("catalogue.empty"), icon=":material/info:")
    with (
        st.expander(t("catalogue.hand_written"), icon=":material/edit_note:"),
        st.form("catalogue_new_entry_form", clear_on_submit=True),
    ):
        typed = wording(sections)
        if st.form_submit_button(t("catalogue.add_entry")):
            run(
                lambda s: curation.add_entry(s, process_id, **typed, by_user_id=user_id),
                t("catalogue.entry_added"),
            )
    plan_editor({e.idea_id: e.title for e in book.entries if e.idea_id}, user_id, key="catalogue_plan")


def _entry_editor(entries: list[catalogue.Entry], sections: list[str], user_id: int) -> None:
    """Pick an entry: word it for print, move it, or take it out."""
    by_id = {e.id: e for e in entries}
    entry_id = st.selectbox(
        t("catalogue.entry"),
        list(by_id),
        format_func=lambda i: f"{section_label(by_id[i].section)} › {by_id[i].title}",
        key="catalogue_entry",
    )
    entry = by_id[entry_id]
    if entry.idea_title:
        st.caption(_original_idea(entry))
        if entry.idea_description:
            st.caption(literal(entry.idea_description))
    with st.form(f"catalogue_edit_form_{entry.id}"):
        typed = wording(sections, entry)
        if st.form_submit_button(t("catalogue.save_entry"), type="primary"):
            run(
                lambda s: curation.update_entry(s, entry.id, **typed, by_user_id=user_id),
                t("catalogue.entry_saved"),
            )
    c1, c2, c3 = st.columns(3)
    if c1.button(t("catalogue.move_up"), key="catalogue_entry_up", icon=":material/arrow_upward:"):
        run(lambda s: curation.move_entry(s, entry.id, -1, by_user_id=user_id), t("catalogue.moved"))
    if c2.button(t("catalogue.move_down"), key="catalogue_entry_down", icon=":material/arrow_downward:"):
        run(lambda s: curation.move_entry(s, entry.id, 1, by_user_id=user_id), t("catalogue.moved"))
    # Taking an entry out loses its wording for print: ask once more.
    with c3.popover(t("catalogue.remove"), icon=":material/remove_circle:"):
        st.caption(t("catalogue.remove_help"))
        confirmed = st.button(t("catalogue.remove_confirm"), key="catalogue_entry_remove", type="primary")
    if confirmed:
        run(lambda s: curation.remove_entry(s, entry.id, by_user_id=user_id), t("catalogue.removed"))


def _section_order(process_id: int, sections: list[str], user_id: int) -> None:
    """Move a whole section, or sort every entry into sections anew."""
    st.subheader(t("catalogue.order_sections"))
    section = st.selectbox(
        t("catalogue.section"), sections, format_func=section_label, key="catalogue_section"
    )
    c1, c2 = st.columns(2)
    if c1.button(t("catalogue.move_section_up"), key="catalogue_section_up", icon=":material/arrow_upward:"):
        run(
            lambda s: curation.move_section(s, process_id, section, -1, by_user_id=user_id),
            t("catalogue.moved"),
        )
    if c2.button(
        t("catalogue.move_section_down"), key="catalogue_section_down", icon=":material/arrow_downward:"
    ):
        run(
            lambda s: curation.move_section(s, process_id, section, 1, by_user_id=user_id),
            t("catalogue.moved"),
        )
    st.caption(t("catalogue.regroup_help"))
    c1, c2 = st.columns(2)
    for col, grouping in zip((c1, c2), curation.GROUPINGS, strict=True):
        if col.button(t(f"catalogue.regroup_{grouping}"), key=f"catalogue_regroup_{grouping}"):
            run(
                partial(curation.regroup, process_id=process_id, group_by=grouping, by_user_id=user_id),
                t("catalogue.regrouped"),
            )


def _intro_tab(process_id: int, book: catalogue.Catalogue, user_id: int) -> None:
    with st.form("catalogue_intro_form"):
        intro = st.text_area(
            t("field.catalogue_intro"),
            value=book.intro,
            height=260,
            max_chars=curation.INTRO_MAX,
            help=t("catalogue.intro_help"),
            key="catalogue_intro",
        )
        if st.form_submit_button(t("catalogue.save_intro"), type="primary"):
            run(
                lambda s: curation.set_intro(s, process_id, intro, by_user_id=user_id),
                t("catalogue.intro_saved"),
            )


def _export_tab(process_id: int, book: catalogue.Catalogue) -> None:
    st.caption(t("catalogue.export_help"))
    language = current_language()
    pdf_key = f"catalogue_pdf_{process_id}_{language}"
    if st.button(
        t("catalogue.make_pdf"), type="primary", key="catalogue_make_pdf", icon=":material/picture_as_pdf:"
    ):
        _make_pdf(process_id, pdf_key)
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
            on_click="ignore",
        )

    def _in_language(build):
        # Made only when downloaded, outside this run: so in the page's language.
        def export() -> bytes:
            set_language(language)
            with read_scope() as session:
                return build(session, process_id)

        return export

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


def _make_pdf(process_id: int, pdf_key: str) -> None:
    """Build the PDF with a progress bar, and keep it in the session for the download button."""
    with st.status(t("catalogue.making_pdf"), expanded=True) as status:
        bar = st.progress(0.0)

        def report(share: float, label: str) -> None:
            bar.progress(min(share, 1.0), text=label)

        with read_scope() as session:
            st.session_state[pdf_key] = catalogue_export.catalogue_pdf(
                session, process_id, municipality=municipality().name, on_progress=report
            )
        status.update(label=t("catalogue.pdf_ready"), state="complete", expanded=False)


def _public_tab(process_id: int, book: catalogue.Catalogue, curator: int | None) -> None:
    """The link and QR code of the public page; a curator (their user id) can switch it on and off."""
    url = f"{base_url()}/?follow={book.public_slug}"
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
        if curator is not None:
            if book.published:
                if st.button(t("catalogue.unpublish"), key="catalogue_unpublish"):
                    run(
                        lambda s: curation.set_published(s, process_id, False, by_user_id=curator),
                        t("catalogue.unpublished"),
                    )
            elif st.button(t("catalogue.publish"), type="primary", key="catalogue_publish"):
                run(
                    lambda s: curation.set_published(s, process_id, True, by_user_id=curator),
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


me = guard("catalogue")
may_curate = can_curate_catalogue(me["role"])
st.title(t("catalogue.title"))
st.caption(t("catalogue.caption"))
show_flash()
process_id = _chosen_process()
with read_scope() as session:
    book = catalogue.catalogue(session, process_id)
    ideas = catalogue.candidates(session, process_id)
_figures(book, ideas)

tab_names = [t("catalogue.tab_preview")]
if may_curate:
    tab_names += [t("catalogue.tab_pick"), t("catalogue.tab_edit"), t("catalogue.tab_intro")]
tab_names += [t("catalogue.tab_export"), t("catalogue.tab_public")]
if may_curate:
    tab_names.append(t("catalogue.tab_outcomes"))
# A key keeps the open tab across reruns (a flash message above would otherwise reset it).
tabs = dict(zip(tab_names, st.tabs(tab_names, key="catalogue_tabs", on_change="rerun"), strict=True))
with tabs[t("catalogue.tab_preview")]:
    _preview_tab(book)
if may_curate:
    with tabs[t("catalogue.tab_pick")]:
        _pick_tab(process_id, ideas, me["id"])
    with tabs[t("catalogue.tab_edit")]:
        _edit_tab(process_id, book, me["id"])
    with tabs[t("catalogue.tab_intro")]:
        _intro_tab(process_id, book, me["id"])
with tabs[t("catalogue.tab_export")]:
    _export_tab(process_id, book)
with tabs[t("catalogue.tab_public")]:
    _public_tab(process_id, book, me["id"] if may_curate else None)
if may_curate:
    with tabs[t("catalogue.tab_outcomes")]:
        outcomes_tab(process_id, book.published, me["id"])
proceedings_section(process_id)
