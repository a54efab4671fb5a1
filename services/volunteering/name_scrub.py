"""When a volunteer is anonymised, their name goes from the free text that may mention them too.

Their own hours' notes are cleared by `anonymise_volunteer`; a name also turns up in the notes
of group sessions ("Karen led the walk"), of other volunteers' hours and of staff time, and in
audit details (an import file's row, a value typed into a form). All of these keep everything
but the name.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from db.models import HoursEntry, StaffTimeEntry, Volunteer
from services.admin import audit
from services.admin.audit_scrub import scrub_audit_details, scrub_column
from services.admin.permissions import ByUser


def forget_volunteer_name(session: Session, volunteer: Volunteer, *, by_user_id: ByUser | None) -> None:
    """Take the volunteer's current name out of notes and audit details; record how many changed.

    Called before the name itself is cleared. The audit row it writes holds counts only.
    """
    name = volunteer.name
    notes = scrub_column(session, HoursEntry.note, name) + scrub_column(session, StaffTimeEntry.note, name)
    details = scrub_audit_details(session, name)
    audit.record(
        session,
        user_id=by_user_id,
        action="volunteer.scrub",
        entity="volunteer",
        entity_id=volunteer.id,
        notes=notes,
        audit_rows=details,
    )
