"""The first-start checklist an administrator sees on the overview until the setup is done.

Each item is done when the municipality has made it its own: its name, areas and
population shares (saved in the app, or configured to something other than the demo's
defaults), a first facilitator, a first process. A database seeded as the demo is set up
already, so its administrator never sees the list.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

import config
from db.models import Process, User
from services.admin import municipality, site

# Item key -> the page where it is done.
ITEMS = (
    ("municipality_name", "settings"),
    ("areas", "settings"),
    ("population_shares", "settings"),
    ("first_facilitator", "users"),
    ("first_process", "processes"),
)


@dataclass(frozen=True)
class SetupItem:
    key: str
    done: bool
    page: str


def _configured(settings: config.Settings, field: str) -> bool:
    """The setting says something other than its default (the demo municipality's value)."""
    return getattr(settings, field) != getattr(config.defaults(), field)


def checklist(session: Session, settings: config.Settings | None = None) -> tuple[SetupItem, ...]:
    """The items, in the order they are best done; empty for a database seeded as the demo."""
    if site.seeded_mode(session) == "demo":
        return ()
    settings = settings or config.load()
    saved = municipality.effective(session, settings).saved
    done = {
        "municipality_name": municipality.NAME in saved or _configured(settings, "municipality"),
        "areas": municipality.AREAS in saved or _configured(settings, "areas"),
        "population_shares": bool({municipality.AGE_SHARES, municipality.AREA_SHARES} & saved)
        or _configured(settings, "population_age_shares"),
        "first_facilitator": session.scalar(
            select(User.id).where(User.role == "facilitator", User.active.is_(True)).limit(1)
        )
        is not None,
        "first_process": session.scalar(select(Process.id).where(Process.archived_at.is_(None)).limit(1))
        is not None,
    }
    return tuple(SetupItem(key, done[key], page) for key, page in ITEMS)


def setup_open(items: tuple[SetupItem, ...]) -> bool:
    return any(not item.done for item in items)
