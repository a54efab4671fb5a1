"""Who may do what: the pages each role sees and `can_*` predicates for actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, final

from sqlalchemy.orm import Session

from db.models import User
from services.common.errors import NotAllowed
from vocabulary import ROLES

ADMIN, FACILITATOR, LEADER, POLITICIAN = ROLES
_ALL = frozenset(ROLES)

# Page key -> roles that see it. app.py builds the navigation from this table and every
# page checks it again, so a typed URL cannot open a page outside the role.
PAGE_ROLES: dict[str, frozenset[str]] = {
    "overview": _ALL,
    "processes": frozenset({ADMIN, FACILITATOR}),
    "workshops": frozenset({ADMIN, FACILITATOR}),
    "console": frozenset({ADMIN, FACILITATOR}),
    "projector": frozenset({ADMIN, FACILITATOR}),
    "users": frozenset({ADMIN}),
    "audit": frozenset({ADMIN}),
    "settings": frozenset({ADMIN}),
    # From ideas to action: everyone reads; the can_* predicates below say who changes what.
    "catalogue": _ALL,
    "initiatives": _ALL,
    "initiative": _ALL,
    "actors": _ALL,
    # Volunteers and resources: names and contacts only for those who coordinate;
    # politicians see the resource map and survey results (aggregates, no personal data).
    "volunteers": frozenset({ADMIN, LEADER}),
    "hours": frozenset({ADMIN, LEADER, FACILITATOR}),
    "staff_time": frozenset({ADMIN, LEADER, FACILITATOR}),
    "resources": frozenset({ADMIN, LEADER, POLITICIAN}),
    "surveys": frozenset({ADMIN, LEADER, FACILITATOR}),
    "survey_results": _ALL,
    # Insight: leaders follow everything; politicians get the one-screen summary; who
    # took part is for everyone (facilitators set the target groups and act on the gaps).
    "dashboard": frozenset({ADMIN, LEADER}),
    "summary": frozenset({ADMIN, LEADER, POLITICIAN}),
    "inclusion": _ALL,
}


def can_view(role: str | None, page: str) -> bool:
    return role in PAGE_ROLES.get(page, frozenset())


def pages_for(role: str | None) -> list[str]:
    """Page keys a role sees, in the table's order."""
    return [page for page, roles in PAGE_ROLES.items() if role in roles]


def can_manage_users(role: str | None) -> bool:
    return role == ADMIN


def can_manage_municipality(role: str | None) -> bool:
    """Edit the municipality's name, areas and population shares (Settings page)."""
    return role == ADMIN


def can_manage_processes(role: str | None) -> bool:
    """Create, edit, move through its phases and archive a co-creation process."""
    return role in (ADMIN, FACILITATOR)


def can_run_workshops(role: str | None) -> bool:
    return role in (ADMIN, FACILITATOR)


def can_curate_catalogue(role: str | None) -> bool:
    """Pick ideas for the inspiration catalogue, edit its wording, publish the public page."""
    return role in (ADMIN, FACILITATOR)


def can_set_target_groups(role: str | None) -> bool:
    """Choose a process's target stakeholder groups (the yardstick of the inclusion page)."""
    return role in (ADMIN, FACILITATOR)


def can_manage_actors(role: str | None) -> bool:
    """Register and edit actors and their existing activities.

    Leaders too: an initiative they run may need a partner nobody has registered yet.
    """
    return role in (ADMIN, FACILITATOR, LEADER)


def can_delete_actors(role: str | None) -> bool:
    return role in (ADMIN, FACILITATOR)


def can_create_initiatives(role: str | None) -> bool:
    """Start initiatives from ideas or catalogue entries (facilitators hand over to leaders)."""
    return role in (ADMIN, FACILITATOR, LEADER)


def can_manage_initiatives(role: str | None) -> bool:
    """Edit initiatives: fields, status, actors, milestones, timeline, checklist."""
    return role in (ADMIN, LEADER)


@final
class SystemActor:
    """The system itself acting: the demo seed, `manage.py` commands, start-up, benchmarks.

    There is exactly one, `SYSTEM`. It is not a user id: it cannot come out of a cookie, a
    URL, a form or a JSON body, which only ever carry numbers and text, so a page cannot
    forge it. Only the modules that run without a signed-in person name it
    (tests/unit/admin/test_system_actor.py keeps pages, components and routes from doing so).
    It acts with an administrator's rights; its audit rows have no user.
    """

    _instance: SystemActor | None = None

    def __new__(cls) -> SystemActor:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "SYSTEM"

    def __copy__(self) -> SystemActor:
        return self

    def __deepcopy__(self, _memo: object) -> SystemActor:
        return self

    def __reduce__(self) -> str:
        return "SYSTEM"  # unpickles as this module's SYSTEM, never as a second instance


SYSTEM: Final = SystemActor()
# Who performs a staff write: a signed-in user's id, or the system. Never None.
ByUser = int | SystemActor


def user_id_of(actor: ByUser | None) -> int | None:
    """The user id to store beside a change (who entered, who hid): none for the system."""
    return None if isinstance(actor, SystemActor) or actor is None else actor


def require(session: Session, user_id: ByUser | None, allowed: Callable[[str | None], bool]) -> str:
    """Refuse unless the (active) user's role passes `allowed`; return that role.

    The role is read from the database, so a role changed by an admin applies at once,
    even to a session that is already signed in. Nobody (None), an unknown or deactivated
    user is refused. `SYSTEM` is the system itself and passes as an administrator.
    """
    if user_id is SYSTEM:
        return ADMIN
    # bool is an int in Python; True is no user id.
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        raise NotAllowed("error.action_not_allowed")
    user = session.get(User, user_id)
    if user is None or not user.active or not allowed(user.role):
        raise NotAllowed("error.action_not_allowed")
    return user.role


def can_manage_volunteers(role: str | None) -> bool:
    """Register, edit and anonymise volunteers (their personal data)."""
    return role in (ADMIN, LEADER)


def can_log_hours(role: str | None) -> bool:
    return role in (ADMIN, LEADER, FACILITATOR)


def can_delete_hours(role: str | None, user_id: int | None, entered_by_user_id: int | None) -> bool:
    """Leaders and admins correct anyone's hours; a facilitator only what they entered."""
    if role in (ADMIN, LEADER):
        return True
    return role == FACILITATOR and user_id is not None and user_id == entered_by_user_id


def can_log_staff_time(role: str | None) -> bool:
    """Log one's own staff time (and delete it again)."""
    return role in (ADMIN, LEADER, FACILITATOR)


def can_log_staff_time_for_others(role: str | None) -> bool:
    return role in (ADMIN, LEADER)


def can_delete_staff_time(role: str | None, user_id: int | None, entry_user_id: int | None) -> bool:
    if role in (ADMIN, LEADER):
        return True
    return role == FACILITATOR and user_id is not None and user_id == entry_user_id


def can_run_surveys(role: str | None) -> bool:
    """Start, close and share survey waves."""
    return role in (ADMIN, LEADER, FACILITATOR)
