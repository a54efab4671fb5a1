"""The console's hybrid tab: people without a tablet, registered by the facilitator, who types
in their ideas and gives and takes their dots."""

from __future__ import annotations

from dataclasses import asdict

import streamlit as st

from components.workshop_console import dot_for_person
from components.workshop_forms import idea_for_form, person_form
from db.models import Participant, Workshop
from i18n import t, tn
from runtime.actions import run
from services.workshop import ideas, participants, votes
from services.workshop.board import RankedIdea


def hybrid_tab(
    w: Workshop,
    theme_titles: dict[int, str],
    proxies: list[Participant],
    ranked: list[RankedIdea],
    user_id: int,
) -> None:
    """People without a tablet: register them, type in their ideas, give and take their dots."""
    st.caption(t("console.hybrid_help"))
    person_form(
        on_register=lambda person: run(
            lambda s: participants.add_proxy(s, w.id, **asdict(person), by_user_id=user_id),
            t("console.person_added"),
        )
    )
    people = {
        p.id: f"{p.display_name or t('participant.anonymous')} ({t('group.' + p.stakeholder_group)})"
        + f" · {tn('console.dots_used_short', p.votes_used)}"
        for p in proxies
    }
    if w.phase in ideas.ENTER_FOR_PHASES:
        idea_for_form(
            people,
            theme_titles,
            on_enter=lambda idea: run(
                lambda s: ideas.add_idea_for(s, w.id, **asdict(idea), by_user_id=user_id),
                t("console.idea_entered"),
            ),
        )
    if w.phase == "vote":
        _dots_for_people(w.id, people, ranked, user_id)


def _dots_for_people(
    workshop_id: int, people: dict[int, str], ranked: list[RankedIdea], user_id: int
) -> None:
    asked = dot_for_person(people, ranked)
    if asked is None:
        return
    who, which, give = asked
    if give:
        run(
            lambda s: votes.add_dot_for(s, workshop_id, who, which, by_user_id=user_id),
            t("console.dot_given"),
        )
    else:
        run(
            lambda s: votes.take_dot_for(s, workshop_id, who, which, by_user_id=user_id),
            t("console.dot_taken"),
        )
