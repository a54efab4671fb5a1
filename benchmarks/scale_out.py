"""Scale-out: the workshop load on one and on two app processes on PostgreSQL, both behind HAProxy.

    python -u benchmarks/scale_out.py --tablets 100 --processes 1 2 --collect 60

For each process count: a fresh PostgreSQL database (dropped afterwards), migrated and
seeded as `benchmarks/workshop_load.py` does, that many `streamlit run app.py` processes,
and HAProxy running `deploy/haproxy.cfg` unchanged (TLS, as that file redirects plain
HTTP; a throwaway certificate). The same N tablets then go through the proxy: each
tablet's page and websocket stick to one process by HAProxy's cookie, its polls and dots
go to any. With one process, the file's second server line points at the same process,
so both runs take the same path through the same proxy and only the number of app
processes differs. At the end the figures are printed side by side.

Needs `haproxy`, `openssl`, a PostgreSQL server (--postgres) and root (the config drops
to HAProxy's user in a chroot), like tests/e2e/test_behind_proxy.py.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load_report import ms  # noqa: E402
from benchmarks.stclient import tls_for  # noqa: E402
from benchmarks.workshop_load import (  # noqa: E402
    POLL_SECONDS,
    Stats,
    drive,
    free_port,
    machine,
    prepare_database,
    start_server,
    warm_up,
)

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
CONFIG = ROOT / "deploy" / "haproxy.cfg"


@dataclass
class Result:
    processes: int
    tablets: int
    seconds: float
    stats: Stats
    per_process: dict[str, Stats]  # "app1", "app2", "haproxy" -> RSS/CPU over the run
    websockets: dict[str, int]  # HAProxy's count of connections (pages + websockets) to each process


@contextmanager
def database(admin_url: str, name: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from db.session import dispose

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        dispose(url)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def certificate(folder: Path) -> Path:
    key, cert, pem = folder / "key.pem", folder / "cert.pem", folder / "samskab.pem"
    command = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
    command += ["-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1"]
    subprocess.run(command, check=True, capture_output=True)
    pem.write_bytes(cert.read_bytes() + key.read_bytes())
    return pem


def haproxy_stats(socket_path: Path) -> dict[tuple[str, str], dict[str, str]]:
    """HAProxy's counters per (proxy, server), from its stats socket."""
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(str(socket_path))
        s.sendall(b"show stat\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    lines = data.decode().lstrip("# ").splitlines()
    return {(row["pxname"], row["svname"]): row for row in csv.DictReader(lines) if row.get("pxname")}


def ready(url: str, socket_path: Path) -> bool:
    """Up when the proxy answers and its own readiness checks passed on every server line."""
    try:
        with urllib.request.urlopen(f"{url}/api/ready", timeout=3, context=tls_for(url)) as r:
            if r.status != 200:
                return False
        stats = haproxy_stats(socket_path)
    except OSError:
        return False
    return all(stats[("samskab_app", name)]["check_status"] == "L7OK" for name in ("app1", "app2"))


async def run(k: int, n: int, args: argparse.Namespace) -> Result:
    folder = Path(tempfile.mkdtemp(prefix=f"samskab-scaleout-{k}-"))
    with ExitStack() as stack:
        database_url = stack.enter_context(database(args.postgres, f"{args.database}_{k}p"))
        code = prepare_database(database_url)
        env = {
            "DATABASE_URL": database_url,
            "SAMSKAB_MODE": "demo",
            # One key for all processes: a tablet's signed link must be good on whichever
            # process its polls and dots reach.
            "SAMSKAB_COOKIE_KEY": secrets.token_urlsafe(32),
            # As in production behind HAProxy on the same machine (deploy/production.env.example).
            "SAMSKAB_TRUSTED_PROXIES": "127.0.0.1,::1",
            "FORWARDED_ALLOW_IPS": "127.0.0.1,::1",
        }
        servers: dict[str, str] = {}
        pids: dict[str, int] = {}
        for i in range(1, k + 1):
            proc, url = start_server("app.py", env, args.gc)
            stack.callback(proc.wait, 20)
            stack.callback(proc.terminate)
            servers[f"app{i}"], pids[f"app{i}"] = url, proc.pid
        https_port = free_port()
        socket_path = folder / "admin.sock"
        haproxy_env = {
            "SAMSKAB_BIND_HTTP": f"127.0.0.1:{free_port()}",
            "SAMSKAB_BIND_HTTPS": f"127.0.0.1:{https_port}",
            "SAMSKAB_TLS_CERT": str(certificate(folder)),
            "SAMSKAB_HAPROXY_SOCKET": str(socket_path),
            # Its per-request log to a file nobody reads: no syslog needed, little cost.
            "SAMSKAB_HAPROXY_LOG": "stdout",
            "SAMSKAB_APP1": servers["app1"].removeprefix("http://"),
            # One process: the second line names the same one (see the module's docstring).
            "SAMSKAB_APP2": servers.get("app2", servers["app1"]).removeprefix("http://"),
        }
        log = stack.enter_context((folder / "haproxy.log").open("w"))
        command = [HAPROXY, "-db", "-f", str(CONFIG)]
        haproxy = subprocess.Popen(command, env=os.environ | haproxy_env, stdout=log, stderr=log)
        stack.callback(haproxy.wait, 20)
        stack.callback(haproxy.terminate)
        url = f"https://127.0.0.1:{https_port}"
        deadline = time.time() + 30
        while not ready(url, socket_path):
            if time.time() > deadline or haproxy.poll() is not None:
                raise RuntimeError(f"HAProxy did not start; see {log.name}")
            time.sleep(0.3)
        for direct in servers.values():
            await warm_up(direct, code)
        pids["haproxy"] = haproxy.pid
        stats, seconds, per_process = await drive(url, database_url, code, n, args, pids)
        counters = haproxy_stats(socket_path)
        sessions = {name: int(counters[("samskab_app", name)]["stot"]) for name in ("app1", "app2")}
        if k == 1:  # both lines are the one process
            sessions = {"app1": sum(sessions.values())}
        return Result(k, n, seconds, stats, per_process, sessions)
    raise AssertionError("unreachable")  # for mypy: ExitStack may swallow exceptions


def rows(r: Result) -> dict[str, str]:
    """The figures of one run, label -> text, in the order they are printed."""
    out: dict[str, str] = {"seconds": f"{r.seconds:.0f}"}
    for kind, values in sorted(r.stats.latencies.items()):
        out[f"{kind} p50 / p95 ms (n)"] = f"{ms(values, 50)} / {ms(values, 95)} ({len(values)})"
    seen = r.stats.seen
    out["propagation p50 / p95 / max ms"] = f"{ms(seen, 50)} / {ms(seen, 95)} / {ms(seen, 100)}"
    out["poll p50 / p95 ms (n)"] = f"{ms(r.stats.polls, 50)} / {ms(r.stats.polls, 95)} ({len(r.stats.polls)})"
    out["errors"] = str(len(r.stats.errors))
    out["refused, phase had moved on"] = str(r.stats.late)
    for name, figures in r.per_process.items():
        cores = figures.cpu_seconds / r.seconds
        sessions = f", {r.websockets[name]} conn." if name in r.websockets else ""
        out[f"{name} CPU s (cores), peak RSS"] = (
            f"{figures.cpu_seconds:.0f} ({cores:.2f}), {figures.rss_peak_kb / 1024:.0f} MB{sessions}"
        )
    return out


def report(results: list[Result], before: str, after: str) -> None:
    tables = [rows(r) for r in results]
    # The run with the most processes first: its labels (app1, app2, haproxy) in their order.
    labels = list(dict.fromkeys(label for t in sorted(tables, key=len, reverse=True) for label in t))
    head = [f"{r.processes} process{'es' if r.processes > 1 else ''}" for r in results]
    width = max(len(label) for label in labels)
    print(f"\n=== {results[0].tablets} tablets through HAProxy, PostgreSQL ===")
    print(f"load average before: {before}; after: {after}")
    print(f"| {'':<{width}} | " + " | ".join(f"{h:<28}" for h in head) + " |")
    print(f"|{'-' * (width + 2)}|" + "|".join("-" * 30 for _ in head) + "|")
    for label in labels:
        print(f"| {label:<{width}} | " + " | ".join(f"{t.get(label, '-'):<28}" for t in tables) + " |")
    for r in results:
        for error in r.stats.errors[:5]:
            print(f"  {r.processes}p error: {error}")


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


async def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--tablets", type=int, default=100, help="the same total load for each process count")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2], choices=[1, 2])
    parser.add_argument("--collect", type=float, default=60, help="seconds of adding ideas")
    parser.add_argument("--join-window", type=float, default=30, help="tablets join within this many seconds")
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "SAMSKAB_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        ),
        help="a server's admin URL; the benchmark creates and drops its own databases there",
    )
    parser.add_argument("--database", default="samskab_scaleout", help="prefix of those databases' names")
    parser.add_argument("--gc", action="store_true", help="runner.postScriptGC on (Streamlit's default)")
    args = parser.parse_args()
    print(f"machine: {machine()}; runner.postScriptGC {'on' if args.gc else 'off'}")
    print(f"pace: join within {args.join_window:.0f} s, an idea every 20-60 s for {args.collect:.0f} s, "
          f"then 5 dots at 3-12 s intervals; polling every {POLL_SECONDS} s")  # fmt: skip
    before = load_average()
    results = []
    for k in args.processes:
        print(f"--- {k} process(es), load average {load_average()}", file=sys.stderr, flush=True)
        results.append(await run(k, args.tablets, args))
    report(results, before, load_average())


if __name__ == "__main__":
    asyncio.run(main())
