"""SQL run as written, on a database no engine of the app's holds: the migration tests."""

from typing import Any

from sqlalchemy import text

from db.session import make_engine


def run_sql(url: str, *statements: str) -> list[Any]:
    """Run the statements in one transaction; each one's rows, or None where it returns none."""
    engine = make_engine(url, pooled=False)
    try:
        with engine.begin() as conn:
            results = [conn.execute(text(sql)) for sql in statements]
            return [r.all() if r.returns_rows else None for r in results]
    finally:
        engine.dispose()
