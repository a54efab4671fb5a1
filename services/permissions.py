"""Who may do what: the pages each role sees and `can_*` predicates for actions."""

from __future__ import annotations

from db.models import ROLES

ADMIN, FACILITATOR, LEADER, POLITICIAN = ROLES
_ALL = frozenset(ROLES)

# Page key -> roles that see it. app.py builds the navigation from this table and every
# page checks it again, so a typed URL cannot open a page outside the role.
PAGE_ROLES: dict[str, frozenset[str]] = {
    "overview": _ALL,
    "workshops": frozenset({ADMIN, FACILITATOR}),
    "console": frozenset({ADMIN, FACILITATOR}),
    "projector": frozenset({ADMIN, FACILITATOR}),
    "users": frozenset({ADMIN}),
    "audit": frozenset({ADMIN}),
    "settings": frozenset({ADMIN}),
}


def can_view(role: str | None, page: str) -> bool:
    return role in PAGE_ROLES.get(page, frozenset())


def pages_for(role: str | None) -> list[str]:
    """Page keys a role sees, in the table's order."""
    return [page for page, roles in PAGE_ROLES.items() if role in roles]


def can_manage_users(role: str | None) -> bool:
    return role == ADMIN


def can_run_workshops(role: str | None) -> bool:
    return role in (ADMIN, FACILITATOR)
