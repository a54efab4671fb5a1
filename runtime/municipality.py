"""The municipality in effect for this run: the one way pages read its name, areas and shares."""

from __future__ import annotations

from components.shell import settings
from db.session import read_scope
from services.admin.municipality import Municipality, effective


def municipality() -> Municipality:
    """Name, areas and population shares: the administrator's values over the settings."""
    with read_scope() as session:
        return effective(session, settings())
