"""Alembic environment: Samskab's metadata, batch mode for SQLite, URL from the settings."""

from alembic import context

from db.models import Base
from db.session import default_url, make_engine


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.config.get_main_option("sqlalchemy.url") or default_url()
    # Foreign keys off while tables are copied: dropping a SQLite parent table with them on
    # would cascade-delete the children.
    engine = make_engine(url, foreign_keys=False, pooled=False)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()
