"""Admins read the audit log: every change of the demo, narrowed by who and what, with a CSV export."""

from sqlalchemy import func, select

from db.models import AuditEvent
from db.session import read_scope
from tests.ui.apptest import by_label, new_app, sign_in, texts


def _audit_page():
    at = sign_in(new_app(), "admin")
    return at.switch_page("app_pages/audit.py").run()


def test_the_log_narrows_to_the_system_and_to_an_action_and_offers_the_export(demo, db_url):
    at = _audit_page()
    assert not at.exception
    with read_scope(db_url) as s:
        total = s.scalar(select(func.count()).select_from(AuditEvent))
        by_system = s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.user_id.is_(None)))
    assert 0 < by_system < total
    assert f"af {total:,} rækker".replace(",", ".") in texts(at)
    assert "Rækker slettes efter 1.825 dage." in texts(at)
    assert "audit_download_csv" in [b.key for b in at.get("download_button")]

    by_label(at.selectbox, "Hvem").select(0)  # the system
    at = at.run()
    table = at.dataframe[0].value
    assert set(table["Hvem"]) == {"Systemet"} and len(table) == min(by_system, 500)

    by_label(at.text_input, "Handling eller hvad").input("user.create")
    at = at.run()
    assert list(at.dataframe[0].value["Handling"]) == ["user.create"] * 4  # the demo's four accounts
