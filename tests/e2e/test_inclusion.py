"""In a real Chromium: a facilitator sets the process's target groups and sees the flag at once."""

import pytest
from sqlalchemy import select

from db.models import ProcessTargetGroup
from db.session import read_scope
from tests.e2e.conftest import main_text, wait_ready
from tests.e2e.test_login_and_join import _sign_in

pytestmark = pytest.mark.e2e


def test_facilitator_adds_a_target_group_and_sees_it_flagged(desktop, server):
    _sign_in(desktop, server, "facilitator", "demo-facilitator-2026")
    desktop.goto(f"{server.url}/inclusion")
    desktop.get_by_role("heading", name="Deltagelse og inklusion").wait_for()
    wait_ready(desktop)
    flags = desktop.get_by_test_id("stAlertContentWarning")
    assert "Politiker – ingen endnu" not in flags.inner_text()
    # The demo's few politicians: fewer than 5, so a target group of politicians is flagged.
    targets = desktop.get_by_label("Aktørgrupper, som processen skal nå", exact=True)
    targets.click()
    desktop.get_by_role("option", name="Politiker", exact=True).click()
    desktop.keyboard.press("Escape")
    desktop.get_by_role("button", name="Gem målgrupper").click()
    desktop.get_by_text("Målgrupperne er gemt.").wait_for()
    wait_ready(desktop)
    assert "Politiker – kun < 5 deltagere (målgruppe)" in flags.inner_text()
    # Reached (at least one participant) but too few: 6 of 6 target groups reached.
    assert "6 af 6" in main_text(desktop)
    with read_scope(server.database_url) as s:
        stored = set(
            s.scalars(
                select(ProcessTargetGroup.stakeholder_group).where(
                    ProcessTargetGroup.process_id == server.demo.process_id
                )
            )
        )
    assert "politician" in stored
