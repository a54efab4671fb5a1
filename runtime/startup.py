"""Once per process: point the app at its database, migrate it, and seed the demo if empty."""

from __future__ import annotations

import streamlit as st

import config
from db import migrate
from db.session import configure, session_scope
from demo import seed
from services.admin import site


@st.cache_resource(show_spinner=False)
def _migrated(url: str, demo: bool, bcrypt_rounds: int) -> bool:
    migrate.ensure_migrated(url)
    if demo:
        # Under the migration's lock: another server starting at once seeds or waits, never both.
        seed.seed_once(url, rounds=bcrypt_rounds)
    else:
        with session_scope(url) as session:
            site.remember_production_start(session)
            site.warn_if_demo_in_production(session, production=True)
    return True


def prepare_database(settings: config.Settings) -> None:
    """Use, migrate and (in demo mode) seed the settings' database; keep the settings for pages."""
    st.session_state["settings"] = settings
    configure(settings.database_url)
    _migrated(settings.database_url, settings.demo, settings.bcrypt_rounds)
