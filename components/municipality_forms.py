"""The administrator's municipality forms: name and areas; population shares by age band and area.

Widgets only: they return what was typed when submitted (None otherwise), and the page
saves it through services.admin.municipality, which checks it by the settings' rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from components.literal import literal
from i18n import t
from services.admin.municipality import Municipality
from vocabulary import AGE_BANDS


def name_and_areas_form(here: Municipality) -> dict[str, Any] | None:
    with st.form("municipality_areas_form"):
        name = st.text_input(
            t("field.municipality_name"), value=here.name, max_chars=120, key="municipality_name"
        )
        areas = st.text_area(
            t("field.areas"),
            value="\n".join(here.areas),
            help=t("municipality.areas_help"),
            key="municipality_areas",
        )
        if not st.form_submit_button(t("municipality.save_areas"), type="primary"):
            return None
    return {"name": name, "areas": areas.splitlines()}


def _share_inputs(
    keys: tuple[str, ...], shares: dict[str, float], label: Callable[[str], str], prefix: str
) -> dict[str, float | None]:
    typed: dict[str, float | None] = {}
    columns = st.columns(min(len(keys), 3) or 1)
    for i, key in enumerate(keys):
        typed[key] = columns[i % len(columns)].number_input(
            label(key),
            min_value=0.0,
            max_value=100.0,
            step=0.5,
            value=shares.get(key),
            format="%g",
            key=f"{prefix}_{i}",
        )
    return typed


def shares_form(here: Municipality) -> dict[str, Any] | None:
    with st.form("municipality_shares_form"):
        st.markdown(f"**{t('field.age_shares')}**")
        age = _share_inputs(AGE_BANDS, dict(here.age_shares), lambda b: t(f"age.{b}"), "municipality_age")
        st.markdown(f"**{t('field.area_shares')}**")
        if here.areas:
            # Area names are the municipality's own text: literal in the labels.
            area = _share_inputs(here.areas, dict(here.area_shares), literal, "municipality_area")
        else:
            st.caption(t("municipality.no_areas"))
            area = {}
        if not st.form_submit_button(t("municipality.save_shares"), type="primary"):
            return None
    return {"age_shares": age, "area_shares": area}
