"""The board routes' process-wide state, put back after every test here: request budgets
(a test may set its own), cached versions and tokens."""

from collections.abc import Iterator

import pytest

from api import board as board_api
from api import board_tokens


@pytest.fixture(autouse=True)
def fresh_routes() -> Iterator[None]:
    yield
    board_api.set_budgets(None)
    board_api._versions.clear()
    board_tokens.forget_all()
