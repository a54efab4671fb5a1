"""A read never waits for a writer on SQLite: a room's polls go on while a dot is written."""

import sqlite3

from sqlalchemy import text

from db.session import dispose, read_scope, session_scope


def test_a_read_goes_on_while_another_connection_holds_sqlites_write_lock(tmp_path):
    path = tmp_path / "held.db"
    url = f"sqlite:///{path}"
    with session_scope(url) as s:
        s.execute(text("CREATE TABLE note (id INTEGER PRIMARY KEY)"))
        s.execute(text("INSERT INTO note VALUES (1)"))
    # Another process's writer, between its first write and its commit.
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO note VALUES (2)")
    try:
        # Twice: the scope's engine is built once and used again. A read that began as a
        # writer does would wait out the busy timeout and fail with "database is locked".
        for _ in range(2):
            with read_scope(url) as s:
                assert s.scalars(text("SELECT id FROM note")).all() == [1]
    finally:
        writer.rollback()
        writer.close()
        dispose(url)
