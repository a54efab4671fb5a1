"""The audit log as admins read it: filters, the CSV export opened as Excel would, and retention."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

import clock
import manage
from db.models import AuditEvent, User
from db.session import read_scope, session_scope
from services.admin import audit
from services.admin.permissions import SYSTEM
from services.common.errors import InvalidInput, NotAllowed
from tests.factories import make_user
from tests.when import TODAY

HEADERS = ["Hvornår", "Hvem", "Handling", "Hvad", "Nr.", "Detaljer"]


def _event(session, *, at: datetime, user_id=None, action="workshop.phase", entity="workshop", **detail):
    event = audit.record(session, user_id=user_id, action=action, entity=entity, entity_id=7, **detail)
    event.at = at
    session.flush()
    return event


@pytest.fixture
def trail(session):
    """Three people's and the system's rows over three days (times in UTC, as stored)."""
    # Written straight to the table: creating them through the service would add rows of its own.
    anna = User(username="anna.admin", display_name="Anna", role="admin", password_hash="-", active=True)
    bo = User(username="bo.leder", display_name="Bo", role="leader", password_hash="-", active=True)
    session.add_all([anna, bo])
    session.flush()
    monday = clock.day_start_utc(TODAY)  # 00:00 local on Monday 23 November 2026
    rows = {
        "anna_sunday": _event(
            session, at=monday - timedelta(hours=1), user_id=anna.id, action="user.role", entity="user"
        ),
        "bo_monday": _event(
            session,
            at=monday + timedelta(hours=9),
            user_id=bo.id,
            action="hours.delete",
            entity="hours_entry",
        ),
        "system_monday": _event(
            session, at=monday + timedelta(hours=10), action="process.create", entity="process"
        ),
        "anna_tuesday": _event(session, at=monday + timedelta(days=1, hours=1), user_id=anna.id),
    }
    return anna, bo, rows


def _ids(session, **filters) -> list[int]:
    return [e.id for e in audit.search(session, audit.AuditFilter(**filters))]


def test_filters_by_person_the_system_action_and_period(session, trail):
    anna, bo, rows = trail
    ids = {k: e.id for k, e in rows.items()}
    assert _ids(session) == [ids["anna_tuesday"], ids["system_monday"], ids["bo_monday"], ids["anna_sunday"]]
    assert _ids(session, user_id=anna.id) == [ids["anna_tuesday"], ids["anna_sunday"]]
    assert _ids(session, user_id=audit.SYSTEM_USER) == [ids["system_monday"]]
    # The start of an action or an entity, any case; "_" and "%" are no wildcards.
    assert _ids(session, search="Hours.") == [ids["bo_monday"]]
    assert _ids(session, search="process") == [ids["system_monday"]]
    assert _ids(session, search="workshop") == [ids["anna_tuesday"]]
    assert _ids(session, search="%") == [] and _ids(session, search="user_role") == []
    # The period is in local days: Sunday's row is from the hour before Monday began in Copenhagen.
    monday = _ids(session, since=TODAY, until=TODAY)
    assert monday == [ids["system_monday"], ids["bo_monday"]]
    assert _ids(session, until=TODAY - timedelta(days=1)) == [ids["anna_sunday"]]
    assert _ids(session, since=TODAY, user_id=anna.id) == [ids["anna_tuesday"]]
    assert audit.count(session, audit.AuditFilter(since=TODAY)) == 3
    with pytest.raises(InvalidInput):
        _ids(session, since=TODAY, until=TODAY - timedelta(days=1))
    assert audit.people(session) == [(anna.id, "anna.admin"), (bo.id, "bo.leder")]


def _read_csv(data: bytes, delimiter: str) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # Excel reads UTF-8 (æøå) only with a BOM
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_the_export_has_every_matching_row_with_semicolons_for_danish_excel_and_inert_cells(session, trail):
    anna, _, _ = trail
    formula = _event(
        session,
        at=clock.utcnow(),
        user_id=anna.id,
        action='=HYPERLINK("x")',
        entity="idea",
        reason="Åse; =1+1",
    )
    flt = audit.AuditFilter(user_id=anna.id)
    rows = _read_csv(
        audit.export_csv(session, flt, headers=HEADERS, system_label="Systemet", language="da"), ";"
    )
    assert rows[0] == HEADERS
    assert len(rows) == 1 + 3  # Anna's two rows and the new one, nobody else's
    first = rows[1]
    assert first[0] == clock.now().strftime("%Y-%m-%d %H:%M")  # local time, not UTC
    assert first[1] == "anna.admin" and first[3] == "idea" and first[4] == str(formula.entity_id)
    # Nothing that Excel would run: the formula-looking cells start with an apostrophe.
    assert not first[2].startswith("=") and "HYPERLINK" in first[2]
    # A formula after a separator inside a cell is neutralised too (a reader that ignores quotes).
    assert "Åse;" in first[5] and "=1+1" in first[5] and "; =1+1" not in first[5]
    system = _read_csv(
        audit.export_csv(
            session,
            audit.AuditFilter(user_id=audit.SYSTEM_USER),
            headers=HEADERS,
            system_label="System",
            language="en",
        ),
        ",",
    )
    assert [r[1] for r in system[1:]] == ["System"]


def test_the_export_holds_more_rows_than_the_page_shows(session):
    for i in range(audit.PAGE_LIMIT + 5):
        audit.record(session, user_id=SYSTEM, action="hours.create", entity="hours_entry", entity_id=i)
    assert len(audit.search(session, audit.AuditFilter())) == audit.PAGE_LIMIT
    data = audit.export_csv(session, audit.AuditFilter(), headers=HEADERS, system_label="S", language="nb")
    assert len(_read_csv(data, ";")) == 1 + audit.PAGE_LIMIT + 5


def test_retention_deletes_only_rows_older_than_the_period_and_says_so(session, clock_at):
    admin = make_user(session, role="admin")
    now = clock.utcnow()
    old = _event(session, at=now - timedelta(days=31))
    kept = _event(session, at=now - timedelta(days=29))
    assert audit.purge(session, retention_days=30, by_user_id=admin.id) == 1
    left = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert old not in left and kept in left
    purge_row = left[-1]
    assert purge_row.action == "audit.purge" and purge_row.user_id == admin.id
    assert '"deleted": 1' in purge_row.detail and '"retention_days": 30' in purge_row.detail
    # Nothing more to remove: no new row; 0 keeps everything.
    before = session.scalar(select(func.count()).select_from(AuditEvent))
    assert audit.purge(session, retention_days=30, by_user_id=admin.id) == 0
    assert audit.purge(session, retention_days=0, by_user_id=admin.id) == 0
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == before
    # A year on, the rest has aged out too.
    clock_at(TODAY + timedelta(days=365))
    assert audit.purge(session, retention_days=30, by_user_id=SYSTEM) == before


def test_only_an_administrator_or_the_system_purges(session):
    leader = make_user(session, role="leader")
    _event(session, at=datetime(2001, 1, 1))
    with pytest.raises(NotAllowed):
        audit.purge(session, retention_days=1, by_user_id=leader.id)
    with pytest.raises(NotAllowed):
        audit.purge(session, retention_days=1, by_user_id=None)
    assert session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "old")) == 0
    assert audit.purge(session, retention_days=1, by_user_id=SYSTEM) == 1


def test_purge_audit_command_uses_the_retention_setting(db_url, monkeypatch, capsys):
    with session_scope(db_url) as s:
        _event(s, at=clock.utcnow() - timedelta(days=400))
        _event(s, at=clock.utcnow() - timedelta(days=10))
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("SAMSKAB_AUDIT_RETENTION_DAYS", "0")
    assert manage.main(["purge-audit"]) == 0
    assert "kept forever" in capsys.readouterr().out
    monkeypatch.setenv("SAMSKAB_AUDIT_RETENTION_DAYS", "365")
    assert manage.main(["purge-audit"]) == 0
    assert "1 rows older than 365 days purged" in capsys.readouterr().out
    with read_scope(db_url) as s:
        actions = s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert actions == ["workshop.phase", "audit.purge"]
        assert s.scalar(select(AuditEvent.user_id).where(AuditEvent.action == "audit.purge")) is None
    monkeypatch.setenv("SAMSKAB_AUDIT_RETENTION_DAYS", "forever")
    assert manage.main(["purge-audit"]) == 2  # a bad setting: one line, no traceback
    assert "SAMSKAB_AUDIT_RETENTION_DAYS" in capsys.readouterr().err
