"""Every public service function, called with generated arguments against a factory world.

Each call either succeeds or is refused with a DomainError that reads well in every
language, and leaves nothing behind (tests/fuzz/harness.py). Arguments come from the
function's type hints and parameter names (tests/fuzz/strategies.py), so a function
added later is fuzzed without a line here.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from tests.fuzz import harness
from tests.fuzz.strategies import Strategies
from tests.fuzz.world import World, row_counts

FUNCTIONS = harness.fuzzed()


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_service_refuses_or_succeeds(name: str, world: World, fuzz_session: Session) -> None:
    func = FUNCTIONS[name]
    arguments = Strategies(world, fuzz_session).arguments(func)

    @given(st.data())
    def one_call(data: st.DataObject) -> None:
        args, kwargs = data.draw(arguments, label="arguments")
        harness.call(fuzz_session, func, args, kwargs)

    before = row_counts(fuzz_session)
    one_call()
    assert row_counts(fuzz_session) == before, "rows left behind: a call committed by itself"
