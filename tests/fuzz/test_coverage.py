"""Every public service function and every JSON route is fuzzed, or excluded with a reason.

A function or route added later fails here until the property tests reach it: most
need nothing (arguments come from type hints), a few an entry in the strategies.
"""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from starlette.routing import Route

from api import routes as api_routes
from tests.fuzz import harness
from tests.fuzz.strategies import Strategies, Unsupported
from tests.fuzz.test_routes import requests_for
from tests.fuzz.world import World


def test_every_public_service_function_is_fuzzed_or_excluded_with_a_reason() -> None:
    public = harness.public_functions()
    assert len(public) > 250  # the enumeration itself works
    stale = set(harness.EXCLUDED) - set(public)
    assert not stale, f"excluded but gone: {sorted(stale)}"
    assert all(len(reason) > 20 for reason in harness.EXCLUDED.values())
    assert len(harness.EXCLUDED) <= len(public) // 6, "the exclusion list is meant to stay short"


def test_arguments_can_be_drawn_for_every_fuzzed_function(world: World, fuzz_session: Session) -> None:
    strategies = Strategies(world, fuzz_session)
    unsupported = {}
    for name, func in harness.fuzzed().items():
        try:
            strategies.arguments(func)
        except Unsupported as hint:
            unsupported[name] = str(hint)
    assert not unsupported, f"teach tests/fuzz/strategies.py these hints, or exclude: {unsupported}"


@pytest.mark.parametrize("route", api_routes(), ids=lambda r: r.path)
def test_every_json_route_has_generated_requests(route: Route, world: World) -> None:
    assert route.path in requests_for(world), f"{route.path}: add its requests to tests/fuzz/test_routes.py"
