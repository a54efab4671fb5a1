"""Races that only PostgreSQL can have: collected only when the tests run on PostgreSQL.

SQLite lets one writer in at a time (BEGIN IMMEDIATE), so the interleavings these tests
force cannot happen there; CI runs `pytest tests/db` a second time with DATABASE_URL on
PostgreSQL, and that run collects them. Not collecting them on SQLite is not a skip: a
skip would show up as a test that passed nothing.
"""

from tests.conftest import ON_POSTGRES

collect_ignore_glob = [] if ON_POSTGRES else ["test_*.py"]
