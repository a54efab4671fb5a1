"""Every third-party package the code imports is declared, with an exact pin.

The app's code (everything but tests/ and benchmarks/) must find its packages in
requirements.txt, which is all `pip install -r requirements.txt` gives a fresh machine;
tests and benchmarks may also use requirements-dev.txt. Import names are mapped to the
distributions that provide them by the installed packages' metadata, so `fpdf` is
fpdf2 and `sqlalchemy` is SQLAlchemy.
"""

from __future__ import annotations

import ast
import re
import sys
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ROOT / "requirements.txt"
DEV = ROOT / "requirements-dev.txt"
DEV_ONLY = {"tests", "benchmarks"}  # top-level folders that may use requirements-dev.txt
# An exact pin, with an environment marker where a package exists only on some systems
# (uvloop: not on Windows).
PIN = re.compile(
    r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[A-Za-z0-9_,.-]+\])?==[0-9][0-9A-Za-z.+!-]*"
    r"(\s*;\s*[a-z_]+ *[=!<>]=? *\"[^\"]*\")?$"
)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lines(path: Path) -> list[str]:
    return [line.split(" #", 1)[0].strip() for line in path.read_text().splitlines()]


def _requirements(path: Path) -> dict[str, str]:
    """Distribution name (normalised) -> its line, following `-r` includes."""
    found: dict[str, str] = {}
    for line in _lines(path):
        if not line or line.startswith("#"):
            continue
        if line.startswith("-r "):
            found |= _requirements(path.parent / line[3:].strip())
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: {line!r} is not an exact pin (name==version)"
        found[_normal(match.group(1))] = line
    return found


def _source_files() -> list[Path]:
    """Our Python files: the root's and every folder's but hidden ones and virtualenvs."""
    files = list(ROOT.glob("*.py"))
    for folder in ROOT.iterdir():
        hidden = folder.name.startswith((".", "_"))
        if folder.is_dir() and not hidden and not (folder / "pyvenv.cfg").exists():
            files += folder.rglob("*.py")
    return files


def _first_party() -> set[str]:
    return {p.stem for p in ROOT.glob("*.py")} | {
        p.name for p in ROOT.iterdir() if p.is_dir() and any(p.rglob("*.py"))
    }


@cache
def _third_party_imports() -> dict[str, set[str]]:
    """Top-level import name -> the top-level folders (or root files) that import it."""
    ours = _first_party()
    found: dict[str, set[str]] = {}
    for path in _source_files():
        where = path.relative_to(ROOT).parts[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in ours and top not in sys.stdlib_module_names and top != "__future__":
                    found.setdefault(top, set()).add(where)
    return found


def test_requirements_are_exact_pins_and_declared_once():
    runtime = _requirements(RUNTIME)
    dev_lines = [line for line in _lines(DEV) if line and not line.startswith("#")]
    assert dev_lines[0] == "-r requirements.txt", "requirements-dev.txt builds on the app's own"
    own = [_normal(PIN.match(line).group(1)) for line in dev_lines[1:]]
    assert sorted(set(own) & set(runtime)) == [], "a package is pinned in both files"
    assert len(own) == len(set(own))


def test_every_third_party_import_is_declared():
    runtime, everything = set(_requirements(RUNTIME)), set(_requirements(DEV))
    providers = packages_distributions()
    missing = []
    for name, places in sorted(_third_party_imports().items()):
        dists = {_normal(d) for d in providers.get(name, [])}
        if not dists:
            missing.append(f"{name} (imported in {', '.join(sorted(places))}) is not installed")
            continue
        app_code = places - DEV_ONLY
        declared = runtime if app_code else everything
        if not dists & declared:
            file = RUNTIME.name if app_code else f"{RUNTIME.name} or {DEV.name}"
            where = ", ".join(sorted(places))
            missing.append(f"{name} ({' or '.join(sorted(dists))}, imported in {where}) belongs in {file}")
    assert missing == []


def test_the_scan_sees_the_code():
    """The check above is only as good as the imports it finds."""
    imports = _third_party_imports()
    assert {"streamlit", "sqlalchemy", "starlette", "bcrypt", "pytest"} <= set(imports)
    assert "app.py" in imports["streamlit"] and "api" in imports["starlette"]
    assert not {"services", "db", "config", "os", "tests"} & set(imports)
