"""In a real Chromium at desktop size: a leader lands on the dashboard, reads figures that match the
database, sees the funnel, and narrows the view to one process."""

import pytest
from sqlalchemy import select

import clock
from db.models import Process
from db.session import read_scope
from demo.compare import TITLE as EARLIER_PROCESS
from services.insight import ideas_to_action
from tests.e2e.conftest import main_text, wait_ready
from tests.e2e.test_login_and_join import _sign_in
from tests.e2e.test_volunteers import _choose

pytestmark = pytest.mark.e2e


def _metric(page, label):
    card = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=label)
    )
    return card.first.locator("[data-testid='stMetricValue']").inner_text().strip()


def _figures(server, process_id=None):
    with read_scope(server.database_url) as s:
        return ideas_to_action.funnel(s, process_id=process_id, today=clock.today())


def test_leader_lands_on_the_dashboard_with_the_databases_figures(desktop, server):
    _sign_in(desktop, server, "leader", "demo-leader-2026")
    desktop.get_by_role("heading", name="Ledelsesoverblik").wait_for()
    wait_ready(desktop)

    expected = _figures(server)
    assert _metric(desktop, "Deltagere") == str(expected.participants)
    assert _metric(desktop, "Idéer") == str(expected.ideas)
    assert _metric(desktop, "Prikker") == str(expected.dots)
    assert _metric(desktop, "Initiativer") == str(expected.initiatives)

    funnel = desktop.locator("[data-testid='stPlotlyChart']").filter(has_text="Tragten")
    funnel.wait_for()
    # Plotly drew a funnel trace whose first stage is the ideas, with the database's count on it.
    layer = funnel.locator(".funnellayer")
    assert layer.count() == 1
    assert str(expected.ideas) in layer.locator("text").all_text_contents()
    assert funnel.locator("text").filter(has_text="I inspirationskataloget").count() >= 1

    # Narrow to the earlier, smaller process: the figures follow.
    with read_scope(server.database_url) as s:
        earlier = s.scalar(select(Process.id).where(Process.title == EARLIER_PROCESS))
    _choose(desktop, "Proces", EARLIER_PROCESS)
    only = _figures(server, earlier)
    assert only.participants < expected.participants
    desktop.locator("[data-testid='stMetricValue']").filter(has_text=str(only.participants)).first.wait_for()
    assert _metric(desktop, "Deltagere") == str(only.participants)
    assert _metric(desktop, "Idéer") == str(only.ideas)
    assert _metric(desktop, "Initiativer") == str(only.initiatives)
    assert "Processerne side om side" in main_text(desktop)
