"""Workshop forms and their parts: a workshop's settings and dot rules, who takes part, an idea typed in.

The parts return what was typed. A whole form hands it, when submitted, to the page's
`on_...` callback inside the form, so a refusal shows in the form as it always has; the
page runs the change. Keys are the pages' own, which their tests use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import streamlit as st

from i18n import local_to_utc, t, utc_to_local
from services.workshop import ideas, participants, workshops
from services.workshop.workshops import WorkshopSettings
from vocabulary import STAKEHOLDER_GROUPS


def dot_rules(budget: int, cap: int, *, keys: tuple[str, str], frozen: bool = False) -> tuple[int, int]:
    """The dot budget and the cap per idea, side by side; `keys` for the two inputs."""
    budget_col, cap_col = st.columns(2)
    budget = budget_col.number_input(
        t("workshops.dot_budget"), 1, workshops.DOT_BUDGET_MAX, budget, disabled=frozen, key=keys[0]
    )
    cap = cap_col.number_input(
        t("workshops.dots_per_idea"), 1, workshops.DOT_BUDGET_MAX, cap, disabled=frozen, key=keys[1]
    )
    return int(budget), int(cap)


def group_and_name(prefix: str, *, own: bool, name_help: str | None = None) -> tuple[str | None, str]:
    """How someone takes part: their stakeholder group (the services require one) and a name if they like.

    `own`: the participant speaks for themselves ("I take part as"); else a facilitator
    registers someone ("This person takes part as"). Keys are `<prefix>_group` and `<prefix>_name`.
    """
    group = st.pills(
        t("field.take_part_as") if own else t("field.person_group"),
        STAKEHOLDER_GROUPS,
        format_func=lambda g: t(f"group.{g}"),
        key=f"{prefix}_group",
    )
    name = st.text_input(
        t("field.display_name_optional") if own else t("field.person_name"),
        max_chars=participants.DISPLAY_NAME_MAX,
        key=f"{prefix}_name",
    )
    if name_help:
        # In plain sight: participants are on tablets, where a tooltip's icon is too small to tap.
        st.caption(name_help)
    return group, name


def settings_form(
    current: WorkshopSettings, *, dots_frozen: bool, on_save: Callable[[WorkshopSettings], object]
) -> None:
    """The settings as they are; the dot rules are shown but locked once they are frozen."""
    with st.form("console_settings"):
        title = st.text_input(t("field.title"), value=current.title, max_chars=200, key="console_set_title")
        local = utc_to_local(current.starts_at) if current.starts_at else None
        day, hour = st.columns(2)
        on = day.date_input(
            t("field.date"),
            value=local.date() if local else None,
            format="DD.MM.YYYY",
            key="console_set_date",
        )
        at = hour.time_input(
            t("workshops.time"), value=local.time() if local else None, step=900, key="console_set_time"
        )
        place = st.text_input(t("field.place"), value=current.place, max_chars=200, key="console_set_place")
        budget, cap = dot_rules(
            current.dot_budget,
            current.dots_per_idea,
            keys=("console_set_budget", "console_set_cap"),
            frozen=dots_frozen,
        )
        anonymous = st.toggle(t("workshops.anonymous"), value=current.anonymous_ideas, key="console_set_anon")
        comments = st.toggle(
            t("workshops.comments"), value=current.comments_enabled, key="console_set_comments"
        )
        hide_votes = st.toggle(
            t("workshops.hide_votes"), value=current.hide_votes_until_reveal, key="console_set_hide"
        )
        if st.form_submit_button(t("console.save_settings"), type="primary"):
            on_save(
                WorkshopSettings(
                    title=title,
                    starts_at=local_to_utc(datetime.combine(on, at)) if on and at else None,
                    place=place,
                    dot_budget=budget,
                    dots_per_idea=cap,
                    anonymous_ideas=anonymous,
                    comments_enabled=comments,
                    hide_votes_until_reveal=hide_votes,
                )
            )


@dataclass(frozen=True)
class Person:
    """Someone registered without a tablet: participants.add_proxy's keyword arguments."""

    stakeholder_group: str | None
    display_name: str


def person_form(*, on_register: Callable[[Person], object]) -> None:
    """Someone in the room without a tablet: their group (the service requires one) and a name."""
    with st.form("console_proxy_form", clear_on_submit=True):
        st.markdown(f"**{t('console.add_person')}**")
        group, name = group_and_name("console_proxy", own=False)
        if st.form_submit_button(t("console.add_person_button")):
            on_register(Person(group, name))


@dataclass(frozen=True)
class IdeaFor:
    """An idea typed in by the facilitator: ideas.add_idea_for's keyword arguments."""

    participant_id: int | None
    theme_id: int | None
    title: str
    description: str


def idea_for_form(
    people: dict[int, str], themes: dict[int, str], *, on_enter: Callable[[IdeaFor], object]
) -> None:
    """An idea from a post-it or a person without a tablet; `people` and `themes` name the choices."""
    with st.form("console_idea_for", clear_on_submit=True):
        st.markdown(f"**{t('console.enter_idea')}**")
        author = st.selectbox(
            t("console.idea_from"),
            [None, *people],
            format_func=lambda i: t("console.no_author") if i is None else people[i],
            key="console_idea_author",
        )
        theme_id = st.selectbox(
            t("field.theme"), list(themes), format_func=themes.__getitem__, key="console_idea_theme"
        )
        title = st.text_input(t("field.idea_title"), max_chars=ideas.TITLE_MAX, key="console_idea_title")
        description = st.text_area(
            t("field.idea_description"), max_chars=ideas.DESCRIPTION_MAX, key="console_idea_description"
        )
        if st.form_submit_button(t("console.enter_idea_button")):
            on_enter(IdeaFor(author, theme_id, title, description))
