"""AppTest runs share this process's rate limits: each test starts with full budgets."""

from collections.abc import Iterator

import pytest

from runtime import limits


@pytest.fixture(autouse=True)
def _fresh_limits() -> Iterator[None]:
    # Failed sign-ins of one test (all from AppTest's one address) must not hold back the next.
    limits.reset()
    yield
    limits.reset()
