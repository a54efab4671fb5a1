"""A world per test module for the property tests, and the hypothesis profiles.

Profiles (SAMSKAB_FUZZ=ci|thorough, default ci): `ci` runs the same 30 examples per
function and route on each engine, derandomised so CI is repeatable; `thorough` runs
1,000 with fresh random seeds (docs/testing.md).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
import time_machine
from hypothesis import HealthCheck, Phase, settings
from sqlalchemy.orm import Session

from db.session import configure, dispose, engine_for, session_scope
from tests import when
from tests.conftest import ON_POSTGRES, empty_postgres
from tests.fuzz import world as world_module

_COMMON = {
    "deadline": None,  # a shared 2-core machine: time says nothing about correctness here
    # The stopped clock (autouse, function-scoped) is the same for every example: sharing it is intended.
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
    "database": None,
    "print_blob": True,
}
# CI fuzzes once per engine, within its 30 minutes on 2 cores, the same derandomised 30
# examples on each: the PostgreSQL run looks for what the engines do differently with the
# same inputs. 200 on both took 9 of the 30 minutes; with 60 on SQLite, clean clones' CI
# took 1,684-1,856 s on 2026-12-07 on the same kind of machine, too close to 1,800.
settings.register_profile("ci", max_examples=30, derandomize=True, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("thorough", max_examples=1000, **_COMMON)  # type: ignore[arg-type]
# While fixing: few examples and no shrinking, to list what fails fast.
settings.register_profile("quick", max_examples=25, phases=[Phase.explicit, Phase.generate], **_COMMON)  # type: ignore[arg-type]
settings.load_profile(os.environ.get("SAMSKAB_FUZZ", "ci"))

# pyproject's 300 s per test hangs no CI run, but 1,000 PDFs of the catalogue took longer
# than that on PostgreSQL at load 7: a thorough run gives each function half an hour.
THOROUGH_TIMEOUT_S = 1800


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    thorough = os.environ.get("SAMSKAB_FUZZ") == "thorough"
    for item in items:
        if Path(__file__).parent in Path(item.path).parents:
            item.add_marker(pytest.mark.fuzz)
            if thorough:
                item.add_marker(pytest.mark.timeout(THOROUGH_TIMEOUT_S))


@pytest.fixture(scope="module")
def fuzz_url(_template_db: str | Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of this module's own, configured as the app's (the routes find it so)."""
    if ON_POSTGRES:
        url = str(_template_db)
        empty_postgres(url)
    else:
        path = tmp_path_factory.mktemp("fuzz") / "samskab.db"
        shutil.copy(_template_db, path)
        url = f"sqlite:///{path}"
    configure(url)
    yield url
    configure(None)
    if not ON_POSTGRES:
        dispose(url)


@pytest.fixture(scope="module")
def world(fuzz_url: str) -> world_module.World:
    """The factory world, made once per module on the tests' stopped clock and committed."""
    with time_machine.travel(when.NOW.astimezone(UTC), tick=False), session_scope(fuzz_url) as session:
        return world_module.build(session)


@pytest.fixture(scope="module")
def fuzz_session(fuzz_url: str, world: world_module.World) -> Iterator[Session]:
    with Session(engine_for(fuzz_url), expire_on_commit=False) as session:
        yield session
        session.rollback()


@pytest.fixture(autouse=True)
def _this_modules_database(fuzz_url: str) -> None:
    """Other modules' fixtures reconfigure the app's database; each fuzz test points it back."""
    configure(fuzz_url)
