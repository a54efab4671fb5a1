"""Small aggregates against their bare SQL, interleaved call by call in one process.

    python benchmarks/aggregates_interleaved.py --repeat 300 --revision main \\
        --queries tally.support inclusion.scopes initiative_figures

dashboard_scale.py takes the median of a few service calls, then of a few bare runs; with
other load on the machine such a median moves by ±0.5×. Here, per aggregate of its QUERIES
(on the same generated SQLite database, or --url), these run in turn, the order rotated
every round so that none always follows another, and each gets the median of --repeat:

- service: the function now, in a read session on a fresh connection, as dashboard_scale
  calls it;
- former: the code before the small-aggregates work, kept in the property tests;
- REV (with --revision): the function's module as it is at that git revision;
- bare: the statements the service sent (recorded as dashboard_scale records them) run on
  a fresh driver connection, fetching every row; bare former too where the former code
  sent other statements;
- again (with --again): the service once more, under another name: how far apart two
  medians of the very same code come out, which is how far apart any two can be trusted;
- with --layers, where the service's excess goes: the statements it executed (the same
  compiled selects and parameters) on a SQLAlchemy Connection fetching the driver's rows
  (connection), then as Row objects (rows), then through a read Session (session); the
  service is that plus its own Python.

Every implementation must give the service's result (compared by value, or by repr for a
revision's own classes). The figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.dashboard_scale import QUERIES, _read_session, bare_read, capture, machine  # noqa: E402
from benchmarks.scale_data import ensure_database  # noqa: E402
from db.session import is_sqlite, make_engine  # noqa: E402
from tests.db.insight import test_small_aggregates_as_before as small  # noqa: E402
from tests.db.workshop import test_support_as_before as support  # noqa: E402

# The former code of each aggregate, by the start of its label in QUERIES.
FORMER: dict[str, Callable[..., Any]] = {
    "data_version": small._former_data_version,
    "tally.support": support._former_support,
    "inclusion.scopes": small._former_scopes,
    "dashboard.initiative_figures": small._former_initiative_figures,
}


def at_revision(revision: str, module: str, folder: Path) -> ModuleType:
    """`module` as it is at `revision`, loaded beside the current one under another name."""
    relative = module.replace(".", "/") + ".py"
    source = subprocess.run(
        ["git", "show", f"{revision}:{relative}"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    path = folder / f"{module.replace('.', '_')}_at_{revision.replace('/', '_')}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    loaded = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = loaded  # dataclasses look their module up while being made
    spec.loader.exec_module(loaded)
    return loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=300, help="calls of each, to take the median of")
    parser.add_argument("--queries", nargs="*", help="only aggregates whose label contains one of these")
    parser.add_argument("--revision", help="also the service as it is at this git revision (e.g. main)")
    parser.add_argument("--url", help="another database than the generated SQLite one")
    parser.add_argument("--scale", type=float, default=1.0, help="of the generated SQLite database")
    parser.add_argument("--again", action="store_true", help="also the service a second time")
    parser.add_argument("--layers", action="store_true", help="also its statements through each layer")
    args = parser.parse_args()

    url = args.url or ensure_database("sqlite", args.scale)
    engine = make_engine(url, pooled=False)
    bare_engine = make_engine(url, pooled=False)

    def in_session(fn: Callable[..., Any], kwargs: dict[str, Any]) -> Callable[[], Any]:
        def call() -> Any:
            with _read_session(engine) as session:
                return fn(session, **kwargs)

        return call

    def bare(statements: list[tuple[str, Any]]) -> Callable[[], None]:
        return lambda: bare_read(bare_engine, statements)

    def executed(fn: Callable[..., Any], kwargs: dict[str, Any]) -> list[tuple[Any, Any]]:
        """The statements (as SQLAlchemy executes them, with parameters) one call runs."""
        found: list[tuple[Any, Any]] = []

        def record(_conn, statement, _multiparams, params, _options) -> None:
            if not isinstance(statement, str):
                found.append((statement, params))

        event.listen(engine, "before_execute", record)
        in_session(fn, kwargs)()
        event.remove(engine, "before_execute", record)
        return found

    reader = engine.execution_options(sqlite_begin="DEFERRED") if is_sqlite(url) else engine

    def layers(statements: list[tuple[Any, Any]]) -> dict[str, Callable[[], None]]:
        def connection() -> None:
            with reader.connect() as conn:
                for statement, params in statements:
                    conn.execute(statement, params).cursor.fetchall()  # the driver's rows, not Rows

        def rows() -> None:
            with reader.connect() as conn:
                for statement, params in statements:
                    conn.execute(statement, params).all()

        def session() -> None:
            with _read_session(engine) as read:
                for statement, params in statements:
                    read.connection().execute(statement, params).all()

        return {"connection": connection, "rows": rows, "session": session}

    print(f"median of {args.repeat} calls each, ms; ratios to the bare SQL of the same statements")
    with tempfile.TemporaryDirectory() as folder:
        for query in QUERIES:
            if args.queries and not any(q in query.label for q in args.queries):
                continue
            former = next((f for label, f in FORMER.items() if query.label.startswith(label)), None)
            service = query.resolve()
            if former is None or service is None:
                continue
            sent, sent_before = capture(url, query, service), capture(url, query, former)
            runs = {"service": in_session(service, query.kwargs), "former": in_session(former, query.kwargs)}
            if args.revision:
                then = at_revision(args.revision, query.module, Path(folder))
                then_fn = getattr(then, query.function)
                runs[args.revision] = in_session(then_fn, query.kwargs)
                if [s for s, _ in capture(url, query, then_fn)] != [s for s, _ in sent]:
                    print(f"  ({query.label}: other SQL text at {args.revision}; ratio to today's bare)")
            if args.again:
                runs["again"] = in_session(service, query.kwargs)
            if args.layers:
                runs |= layers(executed(service, query.kwargs))
            runs["bare"] = bare(sent)
            same_statements = [s for s, _ in sent] == [s for s, _ in sent_before]
            if not same_statements:
                runs["bare former"] = bare(sent_before)
            expected = runs["service"]()
            for name, run in runs.items():
                got = run()
                compared = name.startswith("bare") or name in ("connection", "rows", "session")
                assert compared or got == expected or repr(got) == repr(expected), name
            times: dict[str, list[float]] = {name: [] for name in runs}
            order = list(runs.items())
            for round_ in range(args.repeat):
                shift = round_ % len(order)
                for name, run in order[shift:] + order[:shift]:
                    started = time.perf_counter()
                    run()
                    times[name].append(time.perf_counter() - started)
            ms = {name: statistics.median(t) * 1000 for name, t in times.items()}
            bare_before = ms.get("bare former", ms["bare"])
            ratios = [
                f"{name} {value / (bare_before if name == 'former' else ms['bare']):.2f}"
                for name, value in ms.items()
                if not name.startswith("bare")
            ]
            print(
                f"  {query.label:30} {len(sent)} stmt  "
                + "  ".join(f"{name} {value:.2f}" for name, value in ms.items())
                + "  |  "
                + "  ".join(ratios)
            )
    engine.dispose()
    bare_engine.dispose()
    print("\n".join(machine({"sqlite": url} if url.startswith("sqlite") else {"postgresql": url})))
    print(f"nproc {os.cpu_count()}")


if __name__ == "__main__":
    main()
