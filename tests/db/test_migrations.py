"""Migrations go up, all the way down, and up again, and match the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from db import migrate
from db.models import Base
from db.session import make_engine


def _tables(url):
    engine = make_engine(url, pooled=False)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(scratch_url):
    migrate.upgrade(scratch_url)
    assert _tables(scratch_url) == set(Base.metadata.tables)
    migrate.downgrade(scratch_url, "base")
    assert _tables(scratch_url) == set()
    migrate.upgrade(scratch_url)
    assert _tables(scratch_url) == set(Base.metadata.tables)


def test_models_and_migrations_agree(scratch_url):
    migrate.upgrade(scratch_url)
    engine = make_engine(scratch_url, pooled=False)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diff == []
