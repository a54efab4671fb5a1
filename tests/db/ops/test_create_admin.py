"""`python manage.py create-admin`: the documented first step on an empty production database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from db.models import User
from db.session import dispose, read_scope
from services.admin import site

ROOT = Path(__file__).resolve().parents[3]
GOOD = "lyngbakke tåge cykelsti 41"


def _create_admin(url: str, *args: str, password: str) -> subprocess.CompletedProcess:
    env = os.environ | {"DATABASE_URL": url, "SAMSKAB_MODE": "production", "SAMSKAB_BCRYPT_ROUNDS": "4"}
    return subprocess.run(
        [sys.executable, "manage.py", "create-admin", *args],
        cwd=ROOT,
        env=env,
        input=password + "\n",
        capture_output=True,
        text=True,
        # No timeout= (CI's year-ahead run); pytest-timeout ends a hung command instead.
    )


def test_create_admin_on_an_empty_database_migrates_and_makes_the_admin(scratch_url):
    done = _create_admin(scratch_url, "--username", "anna", "--name", "Anna Jensen", password=GOOD)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("administrator anna created")
    dispose(scratch_url)
    with read_scope(scratch_url) as s:
        assert s.execute(select(User.username, User.role, User.display_name)).all() == [
            ("anna", "admin", "Anna Jensen")
        ]
        assert site.seeded_mode(s) == "production"


def test_create_admin_refuses_a_weak_password_in_plain_words(scratch_url):
    refused = _create_admin(scratch_url, "--username", "anna", "--name", "Anna", password="demo-admin-2026")
    assert refused.returncode == 1
    assert refused.stderr.startswith("create-admin refused: That is a demo password")
    assert "Traceback" not in refused.stderr
    dispose(scratch_url)
    with read_scope(scratch_url) as s:
        assert s.scalar(select(User.id)) is None


def test_create_admin_refuses_a_second_first_admin(scratch_url):
    assert _create_admin(scratch_url, "--username", "anna", "--name", "Anna", password=GOOD).returncode == 0
    again = _create_admin(
        scratch_url, "--username", "bo", "--name", "Bo", password="fjord kantine regnjakke 7"
    )
    assert again.returncode == 1
    assert "There is already an administrator (anna)" in again.stderr
