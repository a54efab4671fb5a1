"""Once per process: use the database, migrate it, seed the demo, apply retention, purge old audit rows."""

from __future__ import annotations

import gc

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

import config
import logs
from db import migrate
from db.session import configure, session_scope
from demo import seed
from services.admin import audit, site
from services.admin.permissions import SYSTEM
from services.workshop import participant_retention


@st.cache_resource(show_spinner=False)
def _migrated(url: str, demo: bool, bcrypt_rounds: int, audit_retention_days: int) -> bool:
    migrate.ensure_migrated(url)
    if demo:
        # Under the migration's lock: another server starting at once seeds or waits, never both.
        seed.seed_once(url, rounds=bcrypt_rounds)
    else:
        with session_scope(url) as session:
            site.remember_production_start(session)
            site.warn_if_demo_in_production(session, production=True)
    if audit_retention_days > 0:
        # Once per process; a scheduler runs `python -m manage purge-audit` for servers that stay up.
        with session_scope(url) as session:
            audit.purge(session, retention_days=audit_retention_days, by_user_id=SYSTEM)
    return True


@st.cache_resource(show_spinner=False)
def _retention_applied(url: str, days: int) -> bool:
    """Erase participants' details past the retention once per process, as the scheduler would.

    A server that has not been restarted for a while relies on `manage retention`; one that
    starts after a long pause catches up here. A failure is logged, never in the way of serving:
    the next start or scheduled run tries again.
    """
    try:
        with session_scope(url) as session:
            participant_retention.anonymise_expired(session, days=days)
    except SQLAlchemyError as err:
        logs.unexpected(err, step="retention")
        return False
    return True


# What this process has prepared already. Every page run asks; looking in Streamlit's cache
# costs two lookups under its locks per run, which a room of tablets joining at once queues at.
_prepared: set[tuple[object, ...]] = set()


def prepare_database(settings: config.Settings) -> None:
    """Use, migrate and (in demo mode) seed the settings' database; keep the settings for pages."""
    st.session_state["settings"] = settings
    configure(settings.database_url)
    asked = (
        settings.database_url,
        settings.demo,
        settings.bcrypt_rounds,
        settings.audit_retention_days,
        settings.participant_retention_days,
    )
    if asked in _prepared:
        return
    _migrated(settings.database_url, settings.demo, settings.bcrypt_rounds, settings.audit_retention_days)
    _retention_applied(settings.database_url, settings.participant_retention_days)
    if not _prepared:
        _collect_garbage_less_often()
    _prepared.add(asked)


# Full garbage collections at most once per this many collections of the middle generation
# (Python's default is 10).
FULL_COLLECTION_EVERY = 100


def _collect_garbage_less_often() -> None:
    """Fewer full garbage collections, none over what the process loaded at start.

    A full collection walks every object the process keeps, and every request waits for
    it. At 1,000 tablets that is the 1,000 sessions, push streams and connections, about
    650,000 objects: with Python's defaults a full collection came every 5-7 s and took
    250-450 ms, up to 7 % of the time, and as many requests waited for one
    (docs/performance.md). Modules, Streamlit's and SQLAlchemy's machinery and the
    migrated schema stay for the process's life, so they are frozen out of the walk
    (after a collection, so only what lives is frozen); and a full collection comes after
    100 collections of the middle generation instead of 10. The young generations are
    still collected as often, so short-lived garbage goes as soon as before.
    """
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)
