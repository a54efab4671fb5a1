"""Join a workshop by code: a stakeholder group (required), a name and a few optional details."""

from __future__ import annotations

import streamlit as st

from components.feedback import show_error
from components.links import open_after_callback
from components.literal import literal
from components.privacy_notice import privacy_notice
from components.remembered import remembered_token
from components.shell import language_switch, settings
from components.tablet import touch_friendly
from components.workshop_forms import group_and_name
from db.session import read_scope, session_scope
from i18n import current_language, t
from runtime import limits
from runtime.boundary import guarded_callback
from runtime.municipality import municipality
from runtime.outcome_forms import influence_line
from services.common.errors import DomainError
from services.common.ratelimit import whole_seconds
from services.workshop import influence, join_codes, participants
from services.workshop.influence import Influence
from vocabulary import AGE_BANDS

# What the submit's callback leaves for the run that follows it, when the join is refused.
_REFUSED = "join_refused"


def _participant_params(token: str) -> dict[str, str]:
    """The board's URL: the participant's token, and the language chosen here."""
    params = {"p": token}
    if "lang" in st.query_params:
        params["lang"] = st.query_params["lang"]
    return params


def _workshop_in_url() -> tuple[str, str, Influence] | None:
    """(code, title, say) of the open workshop the URL's code names; None, saying why if there is a code."""
    code = st.query_params.get("code", "")
    if not code:
        return None
    return _look_up(code)


def _look_up(code: str) -> tuple[str, str, Influence] | None:
    """(code, title, say) of the workshop a typed or linked code names, saying why if none.

    Wrong codes spend the address's budget, so codes (and with them the boards of open
    workshops) cannot be found by trying many; a whole room shares one address, hence a
    budget of wrong codes only, not of tries.
    """
    budget = limits.wrong_codes(settings().rate_join_failures)
    wait = budget.retry_after(limits.address())
    if wait:
        st.error(t("error.too_many_codes", seconds=whole_seconds(wait)))
        return None
    try:
        with read_scope() as session:
            workshop = join_codes.workshop_by_code(session, code, with_process=True)
            # The form shows how much say the workshop gives; read with the workshop, in one
            # session, as every tablet of a room opens this page.
            return workshop.code, workshop.title, influence.influence_of_workshop(session, workshop.id)
    except DomainError as err:
        if err.key != "error.workshop_closed":
            budget.hit(limits.address())
        show_error(err)
        return None


def _ask_for_code() -> None:
    with st.form("join_code_form"):
        typed = st.text_input(
            t("field.join_code"),
            max_chars=12,
            placeholder="ABC123",
            key="join_code",
        )
        # Help in plain sight: a tooltip is hard to find on a tablet and its icon too small to tap.
        st.caption(t("join.code_help"))
        go = st.form_submit_button(t("join.next"), type="primary", width="stretch")
    if go:
        found = _look_up(typed)
        if found is not None:
            st.query_params["code"] = found[0]
            st.rerun()


def _offer_to_continue(code: str) -> bool:
    """If this browser already takes part here, offer to go on as that participant.

    Shared tablets are common, so joining as someone new stays one tap away.
    """
    if st.session_state.get("join_as_new") == code:
        return False
    token = remembered_token(code)
    if not token:
        return False
    try:
        with read_scope() as session:
            known = participants.participant_by_token(session, token)
            if known.workshop.code != code:
                return False
            name, group = known.display_name, known.stakeholder_group
    except DomainError:
        return False
    with st.container(border=True):
        who = literal(name) if name else t("participant.anonymous")
        st.markdown(t("join.welcome_back", name=who, group=t(f"group.{group}")))
        go_on, someone_new = st.columns(2)
        go_on.button(
            t("join.continue"),
            type="primary",
            width="stretch",
            key="join_continue",
            # As the join's own tap: the run that follows draws the board at once.
            on_click=lambda: open_after_callback("workshop", _participant_params(token)),
        )
        if someone_new.button(t("join.someone_new"), width="stretch", key="join_someone_new"):
            st.session_state["join_as_new"] = code
            st.rerun()
    return True


def _influence(said: Influence) -> None:
    """Before anyone joins: how much say this workshop gives, so no one expects more (or less)."""
    if said.level is not None:
        st.info(influence_line(said.level, said.promise), icon=":material/how_to_reg:")


def _ask_for_details(code: str, title: str, said: Influence) -> None:
    st.header(literal(title))
    _influence(said)
    areas = municipality().areas
    language = current_language()  # the form's; its callback runs before a run's language is set
    with st.form("join_form"):
        group_and_name("join", own=True, name_help=t("join.name_help"))
        st.caption(t("join.optional_why"))
        st.pills(t("field.age_band_optional"), AGE_BANDS, format_func=lambda a: t(f"age.{a}"), key="join_age")
        st.pills(t("field.area_optional"), areas, key="join_area")
        st.pills(
            t("field.first_time_optional"),
            (True, False),
            format_func=lambda v: t("common.yes") if v else t("common.no"),
            key="join_first_time",
        )
        st.text_input(
            t("field.notice_email_optional"), max_chars=254, key="join_email", placeholder="navn@eksempel.dk"
        )
        st.checkbox(t("join.email_consent"), key="join_email_consent")
        st.caption(t("join.email_help"))
        privacy_notice(settings().participant_retention_days)
        st.form_submit_button(
            t("join.submit"),
            type="primary",
            width="stretch",
            on_click=guarded_callback("join", lambda: _join(code, areas, language)),
        )
    refused = st.session_state.pop(_REFUSED, None)
    if refused is not None:
        show_error(refused)


def _join(code: str, areas: tuple[str, ...], language: str) -> None:
    """The submit's callback: join before the page is drawn again.

    The run that follows then opens the board at once, instead of drawing the whole form
    again only to leave it (in a profile of joins, a sixth of the server's work per join).
    """
    state = st.session_state
    try:
        with session_scope() as session:
            _, token = participants.join(
                session,
                code,
                stakeholder_group=state.get("join_group"),
                display_name=state.get("join_name", ""),
                age_band=state.get("join_age"),
                area=state.get("join_area"),
                first_time=state.get("join_first_time"),
                areas=areas,
                email=state.get("join_email", ""),
                email_consent=state.get("join_email_consent", False),
                language=language,
            )
    except DomainError as err:
        state[_REFUSED] = err  # shown under the form, which keeps what was typed
        return
    open_after_callback("workshop", _participant_params(token))


touch_friendly()
language_switch(where="top", keep_in_url=True)
st.title(t("join.title"))
found = _workshop_in_url()
if found is None:
    _ask_for_code()
elif not _offer_to_continue(found[0]):
    _ask_for_details(*found)
