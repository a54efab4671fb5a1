"""Who does what on an initiative: the actors and their roles, and the activities it builds on."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.tables import literal_table
from i18n import t
from services.action.initiatives import ActivityRef, ActorRole
from vocabulary import INITIATIVE_ROLES


def team_table(actors: list[ActorRole]) -> None:
    literal_table(
        {
            t("initiative.actor"): [a.name for a in actors],
            t("field.actor_kind"): [t(f"actor_kind.{a.kind}") for a in actors],
            t("field.initiative_role"): [t(f"initiative_role.{a.role}") for a in actors],
            t("field.responsibilities"): [a.responsibilities or "—" for a in actors],
            t("field.contact_name"): [a.contact_name for a in actors],
        }
    )


def _role(index: int, key: str) -> str:
    return st.radio(
        t("field.initiative_role"),
        INITIATIVE_ROLES,
        index=index,
        format_func=lambda r: t(f"initiative_role.{r}"),
        horizontal=True,
        key=key,
    )


def new_actor_fields(names: dict[int, str], on_it: list[ActorRole]) -> dict[str, Any]:
    """An actor not yet on the initiative, as a partner unless chosen otherwise, and their duties."""
    taken = {a.actor_id for a in on_it}
    actor_id = st.selectbox(
        t("initiative.actor"),
        [i for i in names if i not in taken],
        index=None,
        placeholder=t("common.choose"),
        format_func=names.__getitem__,
        key="initiative_add_actor",
    )
    role = _role(1, "initiative_add_role")
    duties = st.text_area(
        t("field.responsibilities"), help=t("initiative.responsibilities_help"), key="initiative_add_duties"
    )
    st.caption(t("initiative.actor_missing"))
    return {"actor_id": actor_id, "role": role, "responsibilities": duties}


def role_fields(link: ActorRole) -> dict[str, str]:
    """The role and duties of an actor already on the initiative."""
    role = _role(INITIATIVE_ROLES.index(link.role), f"initiative_change_role_{link.id}")
    duties = st.text_area(
        t("field.responsibilities"), value=link.responsibilities, key=f"initiative_change_duties_{link.id}"
    )
    return {"role": role, "responsibilities": duties}


def activity_table(activities: list[ActivityRef]) -> None:
    literal_table(
        {
            t("field.title"): [a.title for a in activities],
            t("activities.by"): [a.actor_name for a in activities],
            t("activities.how_often"): [a.schedule for a in activities],
        }
    )
