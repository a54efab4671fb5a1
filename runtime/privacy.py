"""The screens' privacy sections: a participant's "Your data", a workshop's participants, a volunteer's file.

Each is one call from its page, so the pages stay about their own work. Every read and change
goes through the services, which check the participant's token or the staff member's role and
write the audit rows; downloads are built (and recorded) only when a button is pressed.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.orm import Session
from streamlit.delta_generator import DeltaGenerator

from components.feedback import show_flash
from components.literal import literal
from db.session import session_scope
from i18n import current_language, fmt_datetime, t, tn
from runtime.actions import run
from services.common import spreadsheet
from services.common.errors import InvalidInput
from services.volunteering import volunteer_export
from services.workshop import participant_privacy
from vocabulary import AGE_BANDS, STAKEHOLDER_GROUPS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _shown(value: str | None) -> str:
    return literal(value) if value else f"*{t('privacy.not_given')}*"


def your_data(token: str, mine: participant_privacy.OwnData) -> None:
    """Below the participant's board: what is kept about them (read with the page), and erasing it."""
    pending = "_flash" in st.session_state
    with st.expander(t("privacy.your_data"), icon=":material/shield_person:", expanded=pending):
        show_flash()
        st.caption(t("privacy.your_data_intro", title=literal(mine.workshop_title)))
        first_time = None if mine.first_time is None else t("common.yes" if mine.first_time else "common.no")
        facts = (
            ("name", _shown(mine.display_name)),
            ("group", t(f"group.{mine.stakeholder_group}")),
            ("age_band", _shown(t(f"age.{mine.age_band}") if mine.age_band else None)),
            ("area", _shown(mine.area)),
            ("first_time", _shown(first_time)),
            ("email", _shown(mine.email)),
            ("joined", fmt_datetime(mine.joined_at)),
            (
                "contributions",
                t("privacy.contributions_value", ideas=mine.ideas, comments=mine.comments, dots=mine.dots),
            ),
        )
        st.markdown("  \n".join(f"**{t('privacy.' + key)}:** {value}" for key, value in facts))
        if mine.erased:
            st.info(t("privacy.already_erased"), icon=":material/verified_user:")
            return
        st.write(t("privacy.erase_what"))
        sure = st.checkbox(t("privacy.erase_confirm"), key="privacy_erase_confirm")
        if st.button(t("privacy.erase"), icon=":material/delete:", key="privacy_erase"):

            def erase(session: Session) -> bool:
                if not sure:
                    raise InvalidInput("error.confirm_first")
                return participant_privacy.erase_own_data(session, token)

            run(erase, t("privacy.erased"))


def _download(
    label: str, build: Callable[[], bytes], name: str, mime: str, key: str, column: DeltaGenerator
) -> None:
    column.download_button(
        label, build, file_name=name, mime=mime, icon=":material/download:", key=key, on_click="ignore"
    )


def workshop_participants(workshop_id: int, title: str, user_id: int, retention_days: int) -> None:
    """In the console's export tab: the participants' details as a file, and anonymising them."""
    st.subheader(t("privacy.participants_title"))
    st.caption(t("privacy.participants_help"))
    language = current_language()  # the file is built on a click, outside this run
    labels = {k: t(f"privacy.column.{k}") for k in participant_privacy.EXPORT_COLUMNS}
    labels |= {"yes": t("common.yes"), "no": t("common.no")}
    labels |= {f"group.{g}": t(f"group.{g}") for g in STAKEHOLDER_GROUPS} | {
        f"age.{a}": t(f"age.{a}") for a in AGE_BANDS
    }
    sheet = t("privacy.sheet")
    words = (t("privacy.participants_file"), title)

    def table() -> participant_privacy.ParticipantsFile:
        with session_scope() as session:
            return participant_privacy.participants_file(session, workshop_id, labels, by_user_id=user_id)

    left, right = st.columns(2)
    _download(
        t("privacy.download_csv"),
        lambda: participant_privacy.to_csv(table(), language),
        spreadsheet.file_name(*words, ext="csv"),
        "text/csv",
        "privacy_participants_csv",
        left,
    )
    _download(
        t("privacy.download_excel"),
        lambda: participant_privacy.to_xlsx(table(), sheet),
        spreadsheet.file_name(*words, ext="xlsx"),
        XLSX,
        "privacy_participants_xlsx",
        right,
    )
    with st.container(border=True):
        st.markdown(f"**{t('privacy.anonymise_title')}**")
        st.caption(tn("privacy.anonymise_help", retention_days))
        sure = st.checkbox(t("privacy.anonymise_confirm"), key="privacy_anonymise_confirm")
        if st.button(t("privacy.anonymise"), icon=":material/person_off:", key="privacy_anonymise"):

            def anonymise(session: Session) -> int:
                if not sure:
                    raise InvalidInput("error.confirm_first")
                return participant_privacy.anonymise_participants(session, workshop_id, by_user_id=user_id)

            run(anonymise, lambda count: tn("privacy.anonymised", count))


def volunteer_file(volunteer_id: int, name: str, user_id: int) -> None:
    """On the volunteer's edit tab: everything kept about them as JSON or CSV (recorded)."""
    with st.container(border=True):
        st.markdown(f"**{t('privacy.volunteer_export_title')}**")
        st.caption(t("privacy.volunteer_export_help", name=literal(name)))
        language = current_language()
        keys = (*volunteer_export.VOLUNTEER_FIELDS, *volunteer_export.HOURS_FIELDS)
        labels = {k: t(f"privacy.column.{k}") for k in keys}
        labels |= {k: t(f"privacy.{k}") for k in ("record", "field", "value", "volunteer", "hours")}
        labels |= {"yes": t("common.yes"), "no": t("common.no")}
        words = (t("privacy.volunteer_file"), str(volunteer_id))

        def record() -> volunteer_export.VolunteerRecord:
            with session_scope() as session:
                return volunteer_export.volunteer_record(session, volunteer_id, by_user_id=user_id)

        left, right = st.columns(2)
        _download(
            t("privacy.download_json"),
            lambda: volunteer_export.to_json(record()),
            spreadsheet.file_name(*words, ext="json"),
            "application/json",
            f"privacy_volunteer_json_{volunteer_id}",
            left,
        )
        _download(
            t("privacy.download_csv"),
            lambda: volunteer_export.to_csv(record(), labels, language=language),
            spreadsheet.file_name(*words, ext="csv"),
            "text/csv",
            f"privacy_volunteer_csv_{volunteer_id}",
            right,
        )
