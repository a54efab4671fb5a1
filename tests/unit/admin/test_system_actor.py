"""The system actor: one object that nothing a browser sends can become, named only where no person acts."""

from __future__ import annotations

import ast
import copy
import pickle
from pathlib import Path

import pytest

from services.admin import permissions
from services.admin.permissions import SYSTEM, SystemActor, require, user_id_of
from services.common.errors import NotAllowed

ROOT = Path(__file__).resolve().parents[3]
# Where a signed-in person (or a tablet) is always the one acting.
PERSON_FLOORS = ("app.py", "app_pages", "components", "api", "runtime")
# runtime/startup.py purges old audit rows once at start-up: the system acting, no person.
SYSTEM_ALLOWED = {ROOT / "runtime" / "startup.py"}


def _sources() -> list[Path]:
    found: list[Path] = []
    for floor in PERSON_FLOORS:
        path = ROOT / floor
        found += [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))
    return [p for p in found if p not in SYSTEM_ALLOWED]


def _names_system(path: Path) -> list[str]:
    hits = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            hits += [a.name for a in node.names if a.name in ("SYSTEM", "SystemActor")]
        elif isinstance(node, ast.Attribute) and node.attr in ("SYSTEM", "SystemActor"):
            hits.append(node.attr)
        elif isinstance(node, ast.Name) and node.id in ("SYSTEM", "SystemActor"):
            hits.append(node.id)
    return hits


def test_pages_components_and_routes_never_name_the_system_actor():
    sources = _sources()
    assert len(sources) > 30  # the floors were found
    offenders = {str(p.relative_to(ROOT)): hits for p in sources if (hits := _names_system(p))}
    assert offenders == {}


def test_the_check_would_catch_a_page_that_named_it(tmp_path):
    forged = tmp_path / "page.py"
    forged.write_text("from services.admin import permissions\nx = permissions.SYSTEM\n")
    assert _names_system(forged) == ["SYSTEM"]


def test_there_is_one_system_actor_and_copies_are_it():
    assert SystemActor() is SYSTEM
    assert copy.copy(SYSTEM) is SYSTEM and copy.deepcopy(SYSTEM) is SYSTEM
    assert pickle.loads(pickle.dumps(SYSTEM)) is SYSTEM
    assert repr(SYSTEM) == "SYSTEM"


@pytest.mark.parametrize("forged", [None, "SYSTEM", "system", 0.0, True, False, "1", b"1", [], {}])
def test_nothing_a_browser_could_send_acts_as_the_system(forged):
    # No session is needed: anything that is not a user id is refused before the database is asked.
    with pytest.raises(NotAllowed):
        require(None, forged, permissions.can_manage_users)


def test_the_system_acts_as_an_administrator_and_stores_no_user():
    assert require(None, SYSTEM, permissions.can_manage_users) == permissions.ADMIN
    assert user_id_of(SYSTEM) is None
    assert user_id_of(7) == 7
