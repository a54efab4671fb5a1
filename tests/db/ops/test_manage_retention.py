"""`python -m manage retention`: the scheduler's way to erase participants' details past retention."""

from __future__ import annotations

from datetime import datetime

import manage
from db.models import Participant
from db.session import read_scope
from services.admin.permissions import SYSTEM
from services.workshop import workshops
from tests.factories import make_participant, make_workshop


def test_retention_erases_what_is_due_and_says_what_it_did(session, db_url, monkeypatch, capsys, clock_at):
    clock_at(datetime(2026, 2, 1, 12, 0))
    due, fresh = make_workshop(session), make_workshop(session, starts_at=datetime(2026, 2, 1, 9, 0))
    gone, _ = make_participant(session, due, display_name="Grethe")
    kept, _ = make_participant(session, fresh, display_name="Ib")
    workshops.move_phase(session, due.id, "closed", by_user_id=SYSTEM)
    session.commit()
    clock_at(datetime(2026, 2, 12, 12, 0))
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("SAMSKAB_PARTICIPANT_RETENTION_DAYS", "10")

    assert manage.main(["retention"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "retention 10 days after a workshop closes: 1 participants' details erased in 1 workshops"
    )
    # The other workshop began 11 days ago and was never closed: its details stay, and it is named.
    assert "1 workshops began more than 10 days ago and are not closed" in out
    with read_scope(db_url) as s:
        assert s.get(Participant, gone.id).display_name is None
        assert s.get(Participant, kept.id).display_name == "Ib"

    assert manage.main(["retention"]) == 0
    assert "0 participants' details erased in 0 workshops" in capsys.readouterr().out


def test_retention_refuses_a_database_that_is_not_migrated(scratch_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", scratch_url)
    assert manage.main(["retention"]) == 1
    assert capsys.readouterr().err == "retention not run: schema not at head\n"


def test_a_bad_retention_setting_is_a_usage_error(db_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("SAMSKAB_PARTICIPANT_RETENTION_DAYS", "-1")
    assert manage.main(["retention"]) == 2
    assert "SAMSKAB_PARTICIPANT_RETENTION_DAYS must be between 0 and 3650" in capsys.readouterr().err
