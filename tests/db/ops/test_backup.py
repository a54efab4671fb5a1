"""A backup taken while writers write restores to exactly the snapshot it copied; both engines."""

from __future__ import annotations

import hashlib
import threading
import time

import pytest
from sqlalchemy import MetaData, select

from db import backup as backups
from db.session import dispose, engine_for, read_scope, session_scope
from services.workshop import ideas, participants, votes
from tests.factories import make_idea, make_workshop
from tests.when import pause


def _contents(conn) -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row of every table (the test's own reading, not the code's)."""
    found = {}
    metadata = MetaData()
    metadata.reflect(bind=conn)
    for name, table in sorted(metadata.tables.items()):
        rows = conn.execute(select(table).order_by(*(table.primary_key.columns or table.columns))).all()
        found[name] = (len(rows), hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest())
    return found


def _contents_of(url) -> dict[str, tuple[int, str]]:
    with engine_for(url).connect() as conn:
        return _contents(conn)


class Writer(threading.Thread):
    """Joins participants, spends their dots and adds ideas through the services, until stopped."""

    def __init__(self, url, collect_code, theme_id, vote_code, idea_ids):
        super().__init__(daemon=True)
        self.url, self.collect_code, self.theme_id = url, collect_code, theme_id
        self.vote_code, self.idea_ids = vote_code, idea_ids
        self.writes = 0
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self):
        try:
            n = 0
            while not self.stop.is_set():
                n += 1
                with session_scope(self.url) as s:
                    me, _token = participants.join(s, self.vote_code, stakeholder_group="citizen")
                    voter = me.id
                with session_scope(self.url) as s:
                    votes.add_dot(s, voter, self.idea_ids[n % len(self.idea_ids)])
                with session_scope(self.url) as s:
                    author, _ = participants.join(s, self.collect_code, stakeholder_group="volunteer")
                    ideas.add_idea(s, author, theme_id=self.theme_id, title=f"Idé nummer {n} under backup")
                self.writes = n
        except BaseException as err:  # noqa: BLE001 - handed to the test, which fails with it
            self.error = err


@pytest.fixture
def writer(db_url, session):
    collect = make_workshop(session, phase="collect")
    vote = make_workshop(session, phase="vote", dot_budget=5, dots_per_idea=5)
    idea_ids = [make_idea(session, vote, title=f"Forslag {i}").id for i in range(3)]
    session.commit()
    w = Writer(db_url, collect.code, collect.themes[0].id, vote.code, idea_ids)
    w.start()
    deadline = time.monotonic() + 30
    while w.writes < 10 and w.error is None and time.monotonic() < deadline:
        pause(0.02)
    yield w
    w.stop.set()
    w.join(timeout=30)


@pytest.mark.realtime
def test_a_backup_under_write_load_restores_to_its_snapshot(db_url, scratch_url, writer, tmp_path):
    path = tmp_path / "samskab.backup"
    at_snapshot = {}

    def on_snapshot(conn):
        # The same transaction the backup copies: what it must restore to.
        at_snapshot["contents"] = _contents(conn)
        at_snapshot["writes"] = writer.writes
        pause(0.5)  # the writer goes on while the snapshot is copied

    manifest = backups.backup(db_url, path, on_snapshot=on_snapshot)
    writes_after = writer.writes
    writer.stop.set()
    writer.join(timeout=30)
    assert writer.error is None
    # Writes happened before, during and after the backup.
    assert at_snapshot["writes"] >= 10 and writes_after > at_snapshot["writes"]
    live = _contents_of(db_url)
    snapshot = at_snapshot["contents"]
    assert live["idea"][0] > snapshot["idea"][0] and live["vote"] != snapshot["vote"]

    restored_manifest, restored = backups.restore(scratch_url, path)
    assert _contents_of(scratch_url) == snapshot
    assert {name: (d.rows) for name, d in manifest.tables.items()} == {n: c[0] for n, c in snapshot.items()}
    assert restored_manifest is not None and restored == manifest.tables

    # Restoring again over a database that moved on gives the snapshot back, not a mixture.
    with session_scope(scratch_url) as s:
        participants.join(s, writer.collect_code, stakeholder_group="citizen")
    assert _contents_of(scratch_url) != snapshot
    dispose(scratch_url)
    backups.restore(scratch_url, path)
    assert _contents_of(scratch_url) == snapshot


def test_a_backup_never_overwrites_and_a_restore_refuses_the_other_engine(db_url, scratch_url, tmp_path):
    path = tmp_path / "samskab.backup"
    backups.backup(db_url, path)
    with pytest.raises(backups.BackupError, match="exists already"):
        backups.backup(db_url, path)
    manifest = backups.Manifest.read(backups.manifest_path(path))
    manifest.engine = "postgresql" if manifest.engine == "sqlite" else "sqlite"
    manifest.write(backups.manifest_path(path))
    with pytest.raises(backups.BackupError, match="backup; the database is"):
        backups.restore(scratch_url, path)


def test_digests_see_a_changed_value(db_url, session):
    w = make_workshop(session, phase="collect")
    session.commit()
    before = backups.describe(db_url)
    with session_scope(db_url) as s:
        s.get(type(w), w.id).title = "Et andet navn"
    after = backups.describe(db_url)
    assert before["workshop"].rows == after["workshop"].rows
    assert before["workshop"].sha256 != after["workshop"].sha256
    assert before["idea"] == after["idea"]
    with read_scope(db_url) as s:
        assert s.get(type(w), w.id).title == "Et andet navn"
