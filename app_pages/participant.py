"""The participant's area of a workshop, reached by the token in the URL (no account)."""

from __future__ import annotations

import streamlit as st

from components.feedback import show_error
from components.literal import literal
from components.shell import language_switch
from components.tablet import touch_friendly
from db.models import Theme
from db.session import read_scope
from i18n import t
from services import participants
from services.errors import DomainError

touch_friendly()
language_switch(in_sidebar=False, keep_in_url=True)

try:
    with read_scope() as session:
        me = participants.participant_by_token(session, st.query_params.get("p"))
        workshop = me.workshop
        themes: list[Theme] = list(workshop.themes)
except DomainError as err:
    st.title(t("participant.title"))
    show_error(err)
    st.page_link("app_pages/join.py", label=t("participant.join_again"), icon=":material/login:")
    st.stop()

st.title(literal(workshop.title))
st.info(f"**{t('phase.' + workshop.phase)}** — {t('phase_help.' + workshop.phase)}", icon=":material/flag:")
who = literal(me.display_name) if me.display_name else t("participant.anonymous")
st.write(t("participant.you_are", name=who, group=t("group." + me.stakeholder_group)))
st.caption(t("participant.keep_link"))
if themes:
    st.subheader(t("participant.themes"))
    for theme in themes:
        st.markdown(f"- {literal(theme.title)}")
