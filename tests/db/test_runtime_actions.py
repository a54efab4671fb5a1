"""runtime.actions.run: one unit of work, then the message (and page) made from what it returned."""

import pytest
from sqlalchemy import func, select

from db.models import Actor
from db.session import read_scope
from runtime import actions
from services.action import actors
from services.admin.permissions import SYSTEM
from services.common.errors import DomainError


@pytest.fixture
def screen(monkeypatch):
    """What run() would show: the flash (message, page, query) or the refusal."""
    shown = {}
    monkeypatch.setattr(
        actions,
        "flash",
        lambda message, page=None, query_params=None: shown.update(flash=(message, page, query_params)),
    )
    monkeypatch.setattr(actions, "show_error", lambda err: shown.update(error=err))
    return shown


def _actors(url):
    with read_scope(url) as s:
        return s.scalar(select(func.count()).select_from(Actor))


def test_a_plain_message_as_before(db_url, screen):
    assert actions.run(
        lambda s: actors.create_actor(s, name="Klubben", kind="association", by_user_id=SYSTEM), "Gemt"
    )
    assert screen == {"flash": ("Gemt", None, None)}
    assert _actors(db_url) == 1


def test_message_and_page_made_from_what_the_change_returned(db_url, screen):
    def change(s):
        return actors.create_actor(s, name="Klubben", kind="association", by_user_id=SYSTEM).id

    assert actions.run(
        change,
        lambda new_id: f"Oprettet som nr. {new_id}",
        page="app_pages/actors.py",
        query_params=lambda new_id: {"id": str(new_id)},
    )
    assert screen == {"flash": ("Oprettet som nr. 1", "app_pages/actors.py", {"id": "1"})}


def test_a_refusal_rolls_everything_back_and_shows_why(db_url, screen):
    def change(s):
        actors.create_actor(s, name="Klubben", kind="association", by_user_id=SYSTEM)
        actors.create_actor(s, name="", kind="association", by_user_id=SYSTEM)

    assert actions.run(change, lambda _: pytest.fail("no message for a refusal")) is False
    assert isinstance(screen["error"], DomainError) and "flash" not in screen
    assert _actors(db_url) == 0
