"""The public "you said, we did" page of a process: the catalogue and what became of the ideas. No login.

It reads only `services.action.outcomes`, which carries no personal data by construction.
"""

from __future__ import annotations

import streamlit as st

from components.feedback import show_error
from components.literal import literal
from components.shell import language_switch
from components.status import status_badge, status_text
from components.tablet import touch_friendly
from db.session import read_scope
from i18n import fmt_date, fmt_int, t, tn, utc_to_local
from runtime.municipality import municipality
from services.action import outcomes
from services.common.errors import DomainError


def _published_page() -> outcomes.PublicPage:
    """The published page of the process named in the URL; otherwise why not, and the page stops."""
    try:
        with read_scope() as session:
            return outcomes.public_page(session, st.query_params.get("follow"))
    except DomainError as err:
        st.title(t("follow.title"))
        show_error(err)
        st.stop()


def _intro(page: outcomes.PublicPage) -> None:
    st.caption(literal(municipality().name))
    st.title(literal(page.title))
    st.markdown(t("follow.lead"))
    if page.description:
        st.markdown(literal(page.description))
    cols = st.columns(4)
    cols[0].metric(t("follow.workshops"), fmt_int(page.workshops))
    cols[1].metric(t("follow.participants"), fmt_int(page.participants))
    cols[2].metric(t("follow.ideas"), fmt_int(page.ideas))
    cols[3].metric(t("follow.initiatives"), fmt_int(len(page.initiatives)))


def _we_did(initiatives: list[outcomes.PublicInitiative]) -> None:
    st.header(t("follow.we_did"), divider="gray")
    if not initiatives:
        st.info(t("follow.no_initiatives"), icon=":material/hourglass_top:")
    for item in initiatives:
        with st.container(border=True):
            _initiative(item)


def _initiative(item: outcomes.PublicInitiative) -> None:
    st.subheader(literal(item.title))
    status_badge(item.status)
    if item.status not in ("proposed", "stopped"):
        st.progress(item.progress / 100, text=t("follow.progress", progress=item.progress))
    if item.description:
        st.markdown(literal(item.description))
    facts = []
    if item.target_group:
        facts.append(t("follow.for_whom", who=literal(item.target_group)))
    if item.starts_on:
        end = fmt_date(item.ends_on) if item.ends_on else "…"
        facts.append(t("follow.when", start=fmt_date(item.starts_on), end=end))
    if item.lead:
        facts.append(t("follow.led_by", lead=literal(item.lead)))
    if item.partners:
        facts.append(t("follow.with", partners=literal(", ".join(item.partners))))
    if facts:
        st.markdown("  \n".join(facts))
    if item.origins:
        st.caption(t("follow.from_ideas", ideas=literal(" · ".join(item.origins))))


def _you_said(page: outcomes.PublicPage) -> None:
    st.header(t("follow.you_said"), divider="gray")
    if page.intro:
        st.markdown(literal(page.intro))
    if not page.sections:
        st.info(t("follow.no_catalogue"), icon=":material/hourglass_top:")
    number = 0
    for section in page.sections:
        st.subheader(literal(section.name or t("catalogue.no_section")))
        for entry in section.entries:
            number += 1
            with st.container(border=True):
                _entry(number, entry)


def _entry(number: int, entry: outcomes.PublicEntry) -> None:
    st.markdown(f"**{number}\\. {literal(entry.title)}**")
    if entry.body:
        st.markdown(literal(entry.body))
    support = (
        t(
            "catalogue.support",
            dots=tn("count.dots", entry.dots),
            voters=tn("count.from_participants", entry.voters),
        )
        if entry.dots
        else t("catalogue.no_votes")
    )
    st.caption(support)
    for ref in entry.initiatives:
        st.markdown(t("follow.became", title=literal(ref.title), status=status_text(ref.status)))


def _influence(level: str | None, promise: str, key: str) -> None:
    """How much say participants were promised, in the level's words and the facilitator's."""
    if level is None:
        return
    with st.container(border=True, key=f"influence_{key}"):
        st.markdown(f"**{t('influence.level_label')}: {t(f'influence.{level}')}**")
        st.caption(t(f"influence.{level}_means"))
        if promise:
            st.markdown(literal(promise))


def _outcome(idea: outcomes.PublicIdea) -> str:
    if idea.outcome == "initiative":
        return t("outcome.initiative", titles=literal(", ".join(idea.initiatives)))
    if idea.outcome == "merged":
        return t("outcome.merged", title=literal(idea.merged_into))
    if idea.outcome == "not_taken_forward":
        return t("outcome.not_taken_forward", reason=literal(idea.reason))
    return t(f"outcome.{idea.outcome}")


def _every_idea(page: outcomes.PublicPage, first: str | None) -> None:
    """Every idea of each workshop with what became of it; the workshop a participant came from first."""
    if not page.outcomes:
        return
    st.header(t("follow.every_idea"), divider="gray")
    st.caption(t("follow.every_idea_help"))
    shown = sorted(page.outcomes, key=lambda w: str(w.id) != first)
    for workshop in shown:
        with st.container(border=True, key=f"outcomes_workshop_{workshop.id}"):
            st.subheader(literal(workshop.title))
            if workshop.starts_at:
                # literal: "27. sep. 2026" at a line's start would be a numbered list.
                st.caption(literal(fmt_date(utc_to_local(workshop.starts_at).date())))
            # A workshop that follows the process would only repeat the box at the top of the page.
            if (workshop.level, workshop.promise) != (page.level, page.promise):
                _influence(workshop.level, workshop.promise, f"workshop_{workshop.id}")
            if not workshop.outcomes_published:
                st.caption(t("follow.outcomes_not_final"))
            if not workshop.ideas:
                st.caption(t("follow.no_ideas"))
            for idea in workshop.ideas:
                theme = f" · {literal(idea.theme)}" if idea.theme else ""
                st.markdown(f"**{literal(idea.title)}**{theme}  \n{_outcome(idea)}")


touch_friendly()
language_switch(where="top", keep_in_url=True)
page = _published_page()
_intro(page)
_influence(page.level, page.promise, "process")
_every_idea(page, st.query_params.get("workshop"))
_we_did(page.initiatives)
_you_said(page)
st.caption(t("follow.privacy"))
