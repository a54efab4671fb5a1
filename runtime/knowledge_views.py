"""The knowledge base and the concretising plans on each screen, each one call from its page:
the process page's editor, the participant's "Knowledge" expander, the catalogue's plan editor,
and the plans shown with an idea in the catalogue and on an initiative.

User text is shown literally; a link is shown as text, and offered as a link only when it is
an http(s) address (the service accepts no other, and the page checks again).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from functools import partial

import streamlit as st

from components.charts import shorten
from components.literal import literal
from db.session import read_scope
from i18n import t
from runtime.actions import run
from runtime.boundary import guarded
from services.action import concretising
from services.action.concretising import PLAN_FIELDS, Plan
from services.workshop import knowledge
from services.workshop.knowledge import Item
from services.workshop.participant_page import ParticipantPage

KINDS = ("fact", "figure", "link", "file", "question")


def _show_item(item: Item, process_id: int, key: str) -> None:
    st.markdown(f"**{literal(item.title)}**")
    if item.body:
        st.markdown(literal(item.body))
    if item.kind == "link":
        st.caption(literal(item.url))
        if knowledge.safe_url(item.url):
            st.link_button(t("knowledge.open_link"), item.url, icon=":material/open_in_new:")
    if item.kind == "file":

        def data(item_id: int = item.id) -> bytes:
            with read_scope() as session:
                return knowledge.file_of(session, item_id, process_id)[2]

        # The bytes are read only when the button is pressed: a page run (every tablet's, at
        # every join) reads the name and type the item already holds.
        st.download_button(
            t("knowledge.download", name=item.file_name), data, file_name=item.file_name, mime=item.file_type,
            icon=":material/download:", key=f"{key}_file_{item.id}",
            on_click="ignore",
        )  # fmt: skip


def _knowledge(found: list[Item], process_id: int, key: str) -> None:
    facts = [i for i in found if i.kind != "question"]
    questions = [i for i in found if i.kind == "question"]
    for item in facts:
        with st.container(border=True):
            st.caption(t(f"knowledge.kind_{item.kind}"))
            _show_item(item, process_id, key)
    if questions:
        st.markdown(f"**{t('knowledge.questions')}**")
        st.markdown("\n".join(f"- {literal(q.title)}" for q in questions))


def participant_knowledge(page: ParticipantPage) -> None:
    """Below the board: the process's knowledge and dialogue questions, and in its concretising
    phase the plans of its ideas; read-only, from the page's one read."""
    found, plans, process_id = page.knowledge, page.plans, page.process_id
    with guarded("participant.knowledge"):
        if not found and not plans:
            return
        with st.expander(t("knowledge.title"), icon=":material/menu_book:"):
            _knowledge(found, process_id, "participant_knowledge")
            if plans:
                st.markdown(f"**{t('plan.title')}**")
                for _, title, plan in plans:
                    with st.container(border=True):
                        st.markdown(f"**{literal(title)}**")
                        show_plan(plan)


def show_plan(plan: Plan) -> None:
    """The filled-in fields of a plan, each under its label."""
    st.markdown(
        "  \n".join(
            f"**{t('field.plan_' + name)}:** {literal(getattr(plan, name))}"
            for name in PLAN_FIELDS
            if getattr(plan, name)
        )
    )


def plans_of(ideas: Iterable[tuple[int | None, str]]) -> None:
    """The plans of these (idea id, title) (those that have one), for the catalogue and the initiative."""
    titles = {i: title for i, title in ideas if i is not None}
    with read_scope() as session:
        plans = concretising.plans_for(session, titles)
    for idea_id, title in titles.items():
        if idea_id in plans:
            with st.expander(
                t("plan.title_of", title=literal(shorten(title, 60))), icon=":material/checklist:"
            ):
                show_plan(plans[idea_id])


def process_knowledge(process_id: int, user_id: int) -> None:
    """On the process page: the knowledge base, its items removable and editable, and a form to add one."""
    with read_scope() as session:
        found = knowledge.items(session, process_id)
    st.subheader(t("knowledge.title"), anchor=False)
    st.caption(t("knowledge.staff_help"))
    for item in found:
        with st.expander(f"{t('knowledge.kind_' + item.kind)}: {literal(shorten(item.title, 80))}"):
            _show_item(item, process_id, "process_knowledge")
            with st.form(f"knowledge_edit_{item.id}"):
                title = st.text_input(
                    t("field.knowledge_title"), item.title, max_chars=knowledge.TITLE_MAX,
                    key=f"knowledge_title_{item.id}",
                )  # fmt: skip
                body = st.text_area(
                    t("field.knowledge_body"),
                    item.body,
                    max_chars=knowledge.BODY_MAX,
                    key=f"knowledge_body_{item.id}",
                )
                url = (
                    st.text_input(
                        t("field.knowledge_url"),
                        item.url,
                        max_chars=knowledge.URL_MAX,
                        key=f"knowledge_url_{item.id}",
                    )
                    if item.kind == "link"
                    else ""
                )
                if st.form_submit_button(t("knowledge.save")):
                    # run() changes at once, inside this pass of the loop: the item is this one.
                    edit = partial(
                        knowledge.edit_item,
                        item_id=item.id,
                        title=title,
                        body=body,
                        url=url,
                        by_user_id=user_id,
                    )
                    run(edit, t("knowledge.saved"))
            if st.button(t("knowledge.remove"), icon=":material/delete:", key=f"knowledge_remove_{item.id}"):
                run(
                    partial(knowledge.remove_item, item_id=item.id, by_user_id=user_id),
                    t("knowledge.removed"),
                )
    with st.form("knowledge_new", clear_on_submit=True):
        st.markdown(f"**{t('knowledge.add_title')}**")
        kind = st.selectbox(
            t("field.knowledge_kind"),
            KINDS,
            format_func=lambda k: t(f"knowledge.kind_{k}"),
            key="knowledge_new_kind",
        )
        title = st.text_input(
            t("field.knowledge_title"), max_chars=knowledge.TITLE_MAX, key="knowledge_new_title"
        )
        body = st.text_area(t("field.knowledge_body"), max_chars=knowledge.BODY_MAX, key="knowledge_new_body")
        url = st.text_input(
            t("field.knowledge_url"),
            max_chars=knowledge.URL_MAX,
            help=t("knowledge.url_help"),
            key="knowledge_new_url",
        )
        upload = st.file_uploader(
            t("field.knowledge_file"), type=sorted(knowledge.FILE_TYPES), help=t("knowledge.file_help"),
            key="knowledge_new_file",
        )  # fmt: skip
        if st.form_submit_button(t("knowledge.add"), type="primary"):
            data = upload.getvalue() if upload is not None else None
            name = upload.name if upload is not None else ""
            run(
                lambda s: knowledge.add_item(
                    s, process_id, kind=kind, title=title, body=body, url=url, file_name=name, file_data=data,
                    by_user_id=user_id,
                ),
                t("knowledge.added"),
            )  # fmt: skip


def plan_editor(ideas: dict[int, str], user_id: int, *, key: str) -> None:
    """Pick an idea, fill in its concretising plan (the saved one is the starting point)."""
    st.subheader(t("plan.title"), anchor=False)
    st.caption(t("plan.help"))
    if not ideas:
        st.caption(t("catalogue.empty"))
        return
    idea_id = st.selectbox(
        t("plan.idea"), list(ideas), format_func=lambda i: shorten(ideas[i], 80), key=f"{key}_idea"
    )
    with read_scope() as session:
        saved = concretising.plans_for(session, [idea_id]).get(idea_id, Plan())
    with st.form(f"{key}_form_{idea_id}"):
        typed = {
            name: st.text_area(
                t(f"field.plan_{name}"), getattr(saved, name), max_chars=concretising.FIELD_MAX, height=80
            )
            for name in PLAN_FIELDS
        }
        if st.form_submit_button(t("plan.save"), type="primary"):
            run(
                lambda s: asdict(concretising.save_plan(s, idea_id, Plan(**typed), by_user_id=user_id)),
                t("plan.saved"),
            )
