"""Backups that are one consistent snapshot, taken while the app runs, and restores that prove it.

Copying `samskab.db` while the app writes loses whatever sits in the WAL file beside it,
so SQLite is copied through its online backup API, and PostgreSQL through `pg_dump -Fc`
(a consistent snapshot by design). Beside every backup lies a manifest: the row count and
a checksum of every table, computed in the very snapshot that was copied. A restore
recomputes them on the restored database and says whether they match.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Connection, MetaData, select
from sqlalchemy.engine import make_url

import clock
from db.session import is_sqlite, make_engine

MANIFEST_SUFFIX = ".manifest.json"


class BackupError(Exception):
    """A backup or restore could not be done; the message says why, for an operator."""


@dataclass(frozen=True)
class TableDigest:
    rows: int
    sha256: str


@dataclass
class Manifest:
    engine: str
    taken_at: str
    tables: dict[str, TableDigest] = field(default_factory=dict)

    def write(self, path: Path) -> None:
        data = {"engine": self.engine, "taken_at": self.taken_at}
        data["tables"] = {name: asdict(d) for name, d in sorted(self.tables.items())}  # type: ignore[assignment]
        path.write_text(json.dumps(data, indent=2) + "\n")

    @classmethod
    def read(cls, path: Path) -> Manifest:
        data = json.loads(path.read_text())
        tables = {name: TableDigest(**d) for name, d in data["tables"].items()}
        return cls(data["engine"], data["taken_at"], tables)


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + MANIFEST_SUFFIX)


def _canonical(value: object) -> str:
    """One text per value, the same whichever driver read it (within one engine)."""
    if value is None:
        return "\x00"
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, float | Decimal):
        return repr(float(value))
    return str(value)


def table_digests(conn: Connection) -> dict[str, TableDigest]:
    """Row count and SHA-256 of every table, rows in primary-key order, read through `conn`.

    Run inside one transaction, this describes one snapshot of the whole database.
    """
    digests = {}
    metadata = MetaData()
    metadata.reflect(bind=conn)  # all tables at once: per table costs seconds on PostgreSQL
    for name, table in sorted(metadata.tables.items()):
        order = list(table.primary_key.columns) or list(table.columns)
        digest = hashlib.sha256()
        rows = 0
        for row in conn.execute(select(table).order_by(*order)):
            digest.update("\x1f".join(_canonical(v) for v in row).encode() + b"\x1e")
            rows += 1
        digests[name] = TableDigest(rows, digest.hexdigest())
    return digests


def describe(url: str) -> dict[str, TableDigest]:
    """Digests of the database at `url` as it is now (one read transaction)."""
    engine = make_engine(url, pooled=False)
    try:
        with _snapshot_connection(engine, url) as conn:
            return table_digests(conn)
    finally:
        engine.dispose()


@contextmanager
def _snapshot_connection(engine, url: str) -> Iterator[Connection]:  # noqa: ANN001
    """A connection whose reads all see one snapshot, and which writes nothing."""
    if is_sqlite(url):
        # A deferred transaction pins its snapshot at the first read; WAL lets writers go on.
        with engine.connect() as conn, conn.execution_options(sqlite_begin="DEFERRED").begin():
            yield conn
        return
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin() as tx:
        conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        yield conn
        tx.rollback()


def backup(url: str, path: Path, *, on_snapshot: Callable[[Connection], None] | None = None) -> Manifest:
    """Write a backup of `url` to `path` and its manifest beside it.

    `on_snapshot` runs inside the transaction whose snapshot is copied (tests read the same
    snapshot through it while writers go on).
    """
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} exists already; a backup never overwrites one")
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url, pooled=False)
    try:
        with _snapshot_connection(engine, url) as conn:
            manifest = Manifest(
                "sqlite" if is_sqlite(url) else "postgresql", clock.utcnow().isoformat() + "Z"
            )
            manifest.tables = table_digests(conn)
            if on_snapshot is not None:
                on_snapshot(conn)
            if is_sqlite(url):
                _sqlite_copy(conn, path)
            else:
                snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
                _pg_run("pg_dump", url, ["--format=custom", f"--snapshot={snapshot}", f"--file={path}"])
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    finally:
        engine.dispose()
    manifest.write(manifest_path(path))
    return manifest


def _sqlite_copy(conn: Connection, path: Path) -> None:
    """Copy through the connection's own open read transaction, so the copy is its snapshot."""
    source = conn.connection.dbapi_connection
    assert isinstance(source, sqlite3.Connection)
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        target.close()


def restore(url: str, path: Path) -> tuple[Manifest | None, dict[str, TableDigest]]:
    """Replace the database at `url` with the backup at `path`.

    Stop every app process first. Returns the backup's manifest (None if it has none) and
    the digests of the restored database, for the caller to compare.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such backup")
    manifest = Manifest.read(manifest_path(path)) if manifest_path(path).is_file() else None
    engine = "sqlite" if is_sqlite(url) else "postgresql"
    if manifest is not None and manifest.engine != engine:
        raise BackupError(f"{path} is a {manifest.engine} backup; the database is {engine}")
    if is_sqlite(url):
        _sqlite_restore(url, path)
    else:
        # --clean --if-exists drops what the backup holds before recreating it; one
        # transaction, so a failed restore leaves the database as it was.
        _pg_run(
            "pg_restore", url, ["--clean", "--if-exists", "--no-owner", "--single-transaction", str(path)]
        )
    return manifest, describe(url)


def _sqlite_restore(url: str, path: Path) -> None:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("restore needs a SQLite file, not an in-memory database")
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as err:
        raise BackupError(f"{path} is not a SQLite backup ({err})") from None
    Path(database).parent.mkdir(parents=True, exist_ok=True)
    # The backup API writes every page into the live file under its write lock, WAL and
    # all; a file copy would leave a stale WAL beside it to be replayed over the restore.
    target = sqlite3.connect(database, timeout=30)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _pg_environment(url: str) -> dict[str, str]:
    """libpq's variables for `url`: the password goes by environment, never on a command line."""
    parsed = make_url(url)
    env = dict(os.environ)
    for var, value in (
        ("PGHOST", parsed.host),
        ("PGPORT", parsed.port),
        ("PGUSER", parsed.username),
        ("PGPASSWORD", parsed.password),
        ("PGDATABASE", parsed.database),
        ("PGSSLMODE", parsed.query.get("sslmode")),
    ):
        if value is not None:
            env[var] = str(value)
    return env


def _pg_run(tool: str, url: str, args: list[str]) -> None:
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(f"{tool} is not installed (Debian: apt-get install postgresql-client)")
    env = _pg_environment(url)
    database = ["--dbname", env["PGDATABASE"]] if "PGDATABASE" in env else []
    done = subprocess.run(  # noqa: S603 - fixed tool, arguments are ours
        [executable, *database, *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{tool} failed: {done.stderr.strip()}")
