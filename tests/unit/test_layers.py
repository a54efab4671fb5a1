"""The house rules, read from the source: what each layer may import, and no import cycle.

    app.py · app_pages/ · components/ · runtime/     the screens (Streamlit)
    api/                                             JSON routes for tablets, readiness
    manage                                           operators' commands (migrate, backup)
    demo/                                            the demo municipality, written through services
    services/<context>/                              every rule and query
    db/                                              models, sessions, migrations
    i18n/ · clock · config · vocabulary · logs       the ground floor

Each layer imports only from the layers below it (and its own), so a rule cannot hide in
a page and the database layer never reaches up for something.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OURS = {"app", "app_pages", "components", "runtime", "api", "demo", "services", "db", "manage"}
OURS |= {"i18n", "clock", "config", "settings_table", "vocabulary", "logs", "benchmarks", "tests"}
# logs is on the ground floor so a service can say what happened (a join, a phase change)
# where it happens; it imports nothing of ours.
GROUND = {"vocabulary", "config", "clock", "i18n", "logs"}

# What each top-level package may import of ours, besides itself.
ALLOWED = {
    "vocabulary": set(),
    "logs": set(),
    "settings_table": set(),
    "config": {"vocabulary", "settings_table"},
    "clock": {"config"},
    "i18n": {"clock", "config", "vocabulary"},
    "db": {"vocabulary", "clock", "config"},
    "services": {"db", *GROUND},
    "demo": {"services", "db", *GROUND},
    "api": {"services", "db", *GROUND},
    # Runs before any server (and without Streamlit), so it stays below the screens.
    "manage": {"db", "demo", "services", *GROUND},
    "components": {"services", *GROUND},
    "runtime": {"components", "services", "demo", "db", *GROUND},
    "app_pages": {"components", "runtime", "services", "db.session", *GROUND},
    "app": {"api", "app_pages", "components", "runtime", "services", *GROUND},
}
STREAMLIT_ALLOWED = {"app", "app_pages", "components", "runtime", "benchmarks", "tests"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0].startswith(".") or (rel.parts[0] not in OURS and rel.stem not in OURS):
            continue
        if "migrations" in rel.parts:
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(path: Path, module: str) -> set[str]:
    """Every module this file imports, at the top or inside a function."""
    names: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            # `from services.workshop import board` imports the module services.workshop.board.
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for module, path in modules.items():
        for name in _imports(path, module):
            if name in modules and name != module and not module.startswith(name + "."):
                graph[module].add(name)
            elif name.split(".")[0] not in OURS:
                graph[module].add("<third-party>:" + name.split(".")[0])
    return graph


def _layer(module: str) -> str:
    return module.split(".")[0]


def _allowed(importer: str, imported: str) -> bool:
    layer, target = _layer(importer), _layer(imported)
    if layer in {"tests", "benchmarks"} or layer == target:
        return True
    rules = ALLOWED[layer]
    return target in rules or any(imported == rule or imported.startswith(rule + ".") for rule in rules)


def test_each_layer_imports_only_from_the_layers_below_it():
    wrong = sorted(
        f"{importer} imports {imported}"
        for importer, targets in _graph().items()
        for imported in targets
        if not imported.startswith("<") and not _allowed(importer, imported)
    )
    assert wrong == []


def test_only_the_screens_import_streamlit():
    wrong = sorted(
        importer
        for importer, targets in _graph().items()
        if _layer(importer) not in STREAMLIT_ALLOWED
        and any(t in {"<third-party>:streamlit", "<third-party>:streamlit_authenticator"} for t in targets)
    )
    assert wrong == []


def test_no_import_cycle() -> None:
    graph = {m: {t for t in ts if not t.startswith("<")} for m, ts in _graph().items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_rules_see_the_whole_house():
    """The checks above are only as good as the modules they find."""
    modules = _modules()
    expected = ("app", "vocabulary", "clock", "db.models", "services.workshop.board", "app_pages.console")
    assert set(expected) <= set(modules)
    assert "services.workshop.board" in _graph()["api.board"]
