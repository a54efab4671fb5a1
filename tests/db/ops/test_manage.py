"""`python -m manage`: migrate before serving, back up and restore, and no traceback for operators."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

import manage
from db import health
from db.models import User, Workshop
from db.session import read_scope

ROOT = Path(__file__).resolve().parents[3]


def _run(*args: str, url: str, mode: str) -> subprocess.CompletedProcess:
    env = os.environ | {"DATABASE_URL": url, "SAMSKAB_MODE": mode, "SAMSKAB_BCRYPT_ROUNDS": "4"}
    return subprocess.run(
        [sys.executable, "-m", "manage", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        # No timeout= here: subprocess then polls with time.sleep, which libfaketime breaks in
        # CI's year-ahead run; pytest-timeout ends a hung command instead.
    )


def _users(url) -> int:
    with read_scope(url) as s:
        return s.scalar(select(func.count()).select_from(User)) or 0


def test_migrate_in_production_migrates_and_seeds_nothing(scratch_url):
    before = _run("check", url=scratch_url, mode="production")
    assert before.returncode == 1 and before.stdout.startswith("schema not at head: schema at none")
    done = _run("migrate", url=scratch_url, mode="production")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "migrated"
    assert health.check(scratch_url).ready
    assert _users(scratch_url) == 0
    after = _run("check", url=scratch_url, mode="production")
    assert after.returncode == 0 and after.stdout.startswith("ok: schema at ")


def test_migrate_in_demo_mode_seeds_an_empty_database_once(scratch_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", scratch_url)
    monkeypatch.setenv("SAMSKAB_MODE", "demo")
    assert manage.main(["migrate"]) == 0
    assert "demo seeded" in capsys.readouterr().out
    with read_scope(scratch_url) as s:
        workshops = s.scalar(select(func.count()).select_from(Workshop))
    users = _users(scratch_url)
    assert users > 0 and workshops
    assert manage.main(["migrate"]) == 0
    assert "the database has data, no demo seeded" in capsys.readouterr().out
    assert _users(scratch_url) == users


def test_backup_and_restore_from_the_command_line(db_url, demo, scratch_url, tmp_path, monkeypatch, capsys):
    path = tmp_path / "nightly" / "samskab.backup"
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert manage.main(["backup", str(path)]) == 0
    assert path.is_file() and Path(f"{path}.manifest.json").is_file()

    monkeypatch.setenv("DATABASE_URL", scratch_url)
    assert manage.main(["restore", str(path)]) == 2  # not without --yes
    assert "--yes" in capsys.readouterr().err
    assert manage.main(["restore", str(path), "--yes"]) == 0
    assert "all as in the manifest" in capsys.readouterr().out
    assert _users(scratch_url) == _users(db_url) > 0


def test_failures_are_one_sentence_not_a_traceback(tmp_path):
    missing = tmp_path / "no-such.backup"
    done = _run("restore", str(missing), "--yes", url=f"sqlite:///{tmp_path / 'x.db'}", mode="production")
    assert done.returncode == 1
    assert done.stderr.strip() == f"restore failed: {missing}: no such backup"
    bad = _run("migrate", url=f"sqlite:///{tmp_path / 'x.db'}", mode="staging")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.startswith("settings: SAMSKAB_MODE must be one of")
