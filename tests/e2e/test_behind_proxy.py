"""The deployment recipe, run for real: two Samskab processes on PostgreSQL behind HAProxy.

HAProxy runs `deploy/haproxy.cfg` as it is, with only its addresses, ports and paths set
through the environment variables the file names; TLS ends at HAProxy with a certificate
made for the test. The app processes run in production mode with the settings of
`deploy/production.env.example`, only the database, addresses and secret replaced. The
database is migrated with `python -m manage migrate` first, as systemd's
samskab-migrate.service does. A facilitator's session is served by one
process, two tablets' by the other (the stickiness cookie decides, HAProxy's own counters
confirm), and what the facilitator writes reaches the tablets within the 3 s target.

Needs `haproxy` (Debian's package; CI installs it), `openssl`, a PostgreSQL server
(SAMSKAB_E2E_POSTGRES, default the local one) and root, as HAProxy's config drops to its
own user in a chroot.
"""

from __future__ import annotations

import csv
import http.client
import json
import os
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from db.models import Process, Vote
from db.session import dispose, read_scope, session_scope
from services.admin import users
from services.admin.permissions import SYSTEM
from services.workshop import ideas, new_workshops, participants, processes
from tests.e2e.conftest import DESKTOP, ROOT, TABLET, _free_port, running_samskab, wait_ready

pytestmark = pytest.mark.e2e

ADMIN_URL = os.environ.get("SAMSKAB_E2E_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
# A database of this run's own, dropped afterwards.
DATABASE = f"{os.environ.get('SAMSKAB_E2E_DATABASE', 'samskab_e2e_proxy')}_{os.getpid()}"
# Debian puts it in /usr/sbin, which a non-login shell's PATH may lack.
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
COOKIE = "SAMSKAB_SERVER"  # deploy/haproxy.cfg's stickiness cookie
LIVE_MS = 3_000  # the propagation target: a change reaches every tablet within 3 s
TITLE = "Proxy-værksted"
FACILITATOR, PASSWORD = "fie", "en lang adgangskode til testen"


@dataclass(frozen=True)
class Deployment:
    url: str  # the public address: HAProxy's HTTPS
    http_url: str
    database_url: str
    stats_socket: Path
    servers: dict[str, str]  # HAProxy's name for each app process -> its own address


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    url = make_url(ADMIN_URL).set(database=DATABASE).render_as_string(hide_password=False)
    yield url
    dispose(url)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
    admin.dispose()


def _certificate(folder: Path) -> Path:
    key, cert, pem = folder / "key.pem", folder / "cert.pem", folder / "samskab.pem"
    command = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
    command += ["-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1"]
    command += ["-addext", "subjectAltName=IP:127.0.0.1"]
    subprocess.run(command, check=True, capture_output=True)
    pem.write_bytes(cert.read_bytes() + key.read_bytes())
    return pem


def _insecure() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test's own certificate
    return context


def _get(url: str) -> tuple[int, str, dict[str, str]]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=_insecure()))
    try:
        with opener.open(url, timeout=10) as reply:
            return reply.status, reply.read().decode(), dict(reply.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(), dict(err.headers)


def _production_env() -> dict[str, str]:
    """deploy/production.env.example's settings (systemd's EnvironmentFile= reads it the same way)."""
    lines = (ROOT / "deploy" / "production.env.example").read_text().splitlines()
    pairs = (line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))
    return {key: value for key, value in pairs}


@pytest.fixture(scope="module")
def deployment(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    folder = tmp_path_factory.mktemp("proxy")
    http_port, https_port = _free_port(), _free_port()
    url = f"https://127.0.0.1:{https_port}"
    env = _production_env()
    # As the example says for HAProxy on the same machine: loopback, for Samskab and uvicorn.
    assert env["SAMSKAB_TRUSTED_PROXIES"] == env["FORWARDED_ALLOW_IPS"] == "127.0.0.1,::1"
    env |= {
        "DATABASE_URL": database_url,
        "SAMSKAB_COOKIE_KEY": secrets.token_urlsafe(32),
        # Empty: join links and QR codes come from the address in the facilitator's
        # browser, which behind the proxy must still be the public HTTPS one.
        "SAMSKAB_PUBLIC_URL": "",
        "STREAMLIT_SERVER_ALLOWED_HOSTS": "127.0.0.1",
        "SAMSKAB_BCRYPT_ROUNDS": "4",
    }
    # Before any process serves: migrate (systemd: samskab-migrate.service).
    migrated = subprocess.run(
        [sys.executable, "-m", "manage", "migrate"],
        cwd=ROOT,
        env=os.environ | env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrated.returncode == 0, migrated.stderr
    assert migrated.stdout.startswith("migrated\n")  # production mode: no demo
    with session_scope(database_url) as s:
        users.create_user(
            s,
            username=FACILITATOR,
            display_name="Fie",
            role="facilitator",
            password=PASSWORD,
            by_user_id=SYSTEM,
        )
        processes.create_process(s, title="Sammen om Rådhuspladsen", by_user_id=SYSTEM)

    with ExitStack() as stack:
        servers = {}
        for name in ("app1", "app2"):
            log = folder / f"{name}.log"
            servers[name] = stack.enter_context(running_samskab(env, log, ready_path="/api/ready"))
        socket_path = folder / "admin.sock"
        haproxy_env = {
            "SAMSKAB_BIND_HTTP": f"127.0.0.1:{http_port}",
            "SAMSKAB_BIND_HTTPS": f"127.0.0.1:{https_port}",
            "SAMSKAB_TLS_CERT": str(_certificate(folder)),
            "SAMSKAB_HAPROXY_SOCKET": str(socket_path),
            "SAMSKAB_HAPROXY_LOG": "stdout",
            "SAMSKAB_APP1": servers["app1"].removeprefix("http://"),
            "SAMSKAB_APP2": servers["app2"].removeprefix("http://"),
        }
        config = ROOT / "deploy" / "haproxy.cfg"
        checked = subprocess.run(
            [HAPROXY, "-c", "-f", str(config)], env=os.environ | haproxy_env, capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
        haproxy_log = (folder / "haproxy.log").open("w")
        haproxy = subprocess.Popen(
            [HAPROXY, "-db", "-f", str(config)],
            env=os.environ | haproxy_env,
            stdout=haproxy_log,
            stderr=subprocess.STDOUT,
        )
        stack.callback(haproxy_log.close)
        stack.callback(haproxy.wait, 20)
        stack.callback(haproxy.terminate)
        deadline = time.time() + 30
        # Up when HAProxy's own readiness checks have passed on both processes.
        while _try_ready(url) != 200 or not _checked(socket_path):
            if time.time() > deadline or haproxy.poll() is not None:
                raise RuntimeError(f"HAProxy did not start; see {haproxy_log.name}")
            time.sleep(0.3)
        yield Deployment(url, f"http://127.0.0.1:{http_port}", database_url, socket_path, servers)


def _try_ready(url: str) -> int:
    try:
        return _get(f"{url}/api/ready")[0]
    except OSError:
        return 0


def _checked(socket_path: Path) -> bool:
    stats = _stats(socket_path)
    return all(stats[("samskab_app", name)]["check_status"] == "L7OK" for name in ("app1", "app2"))


def _stats(socket_path: Path) -> dict[tuple[str, str], dict[str, str]]:
    """HAProxy's counters per (proxy, server), from its stats socket."""
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(str(socket_path))
        s.sendall(b"show stat\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    lines = data.decode().lstrip("# ").splitlines()
    return {(row["pxname"], row["svname"]): row for row in csv.DictReader(lines) if row.get("pxname")}


def test_the_proxy_answers_over_https_only_and_checks_readiness(deployment):
    status, _, headers = _get(f"{deployment.http_url}/join?code=ABC")
    # The redirect keeps the Host the browser sent (here with the test's HTTP port).
    assert status == 301 and headers["location"] == f"https://{deployment.http_url[7:]}/join?code=ABC"
    status, body, headers = _get(f"{deployment.url}/api/ready")
    assert status == 200 and '"ready":true' in body
    assert headers["strict-transport-security"] == "max-age=31536000"
    # HAProxy's health check asks the readiness route, and both processes answered 200.
    stats = _stats(deployment.stats_socket)
    for name in ("app1", "app2"):
        assert stats[("samskab_app", name)]["check_status"] == "L7OK"
        assert stats[("samskab_app", name)]["check_code"] == "200"
        assert stats[("samskab_json", name)]["status"].startswith("UP")


def _page(browser, viewport, contexts):
    context = browser.new_context(viewport=viewport, locale="da-DK", ignore_https_errors=True)
    contexts.append(context)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def test_a_workshop_across_two_processes(browser, deployment, request):
    with session_scope(deployment.database_url) as s:
        process_id = s.scalar(select(Process.id).order_by(Process.id))
        w = new_workshops.create_workshop(
            s,
            process_id=process_id,
            title=TITLE,
            place="Rådhuset",
            themes=["Mødesteder", "Transport"],
            by_user_id=SYSTEM,
        )
        w.phase = "collect"
        workshop_id, code = w.id, w.code

    contexts: list = []
    try:
        # The facilitator lands on whichever process HAProxy picks; the cookie says which.
        facilitator_context, facilitator = _page(browser, DESKTOP, contexts)
        facilitator.goto(deployment.url)
        wait_ready(facilitator)
        facilitator.get_by_label("Brugernavn", exact=True).fill(FACILITATOR)
        facilitator.get_by_label("Adgangskode", exact=True).fill(PASSWORD)
        facilitator.get_by_role("button", name="Log ind").click()
        facilitator.get_by_role("heading", name="Overblik").wait_for()
        facilitator.goto(f"{deployment.url}/console?w={workshop_id}")
        facilitator.get_by_role("heading", name=TITLE).wait_for()
        wait_ready(facilitator)
        # The join link shown to the facilitator is the public address, not a process's.
        facilitator.get_by_text(f"{deployment.url}/?code={code}", exact=True).wait_for()
        mine = {c["name"]: c["value"] for c in facilitator_context.cookies()}
        facilitator_server = mine[COOKIE]
        other = next(name for name in deployment.servers if name != facilitator_server)

        # Both tablets are sent to the other process, as a second room's tablets would be.
        tablets = []
        for group in ("Borger", "Forening"):
            context, tablet = _page(browser, TABLET, contexts)
            context.add_cookies([{"name": COOKIE, "value": other, "url": deployment.url}])
            tablet.goto(f"{deployment.url}/?code={code}")
            tablet.get_by_role("radio", name=group).click()
            tablet.get_by_role("button", name="Deltag", exact=True).click()
            tablet.get_by_role("heading", name=TITLE).wait_for()
            assert {c["name"]: c["value"] for c in context.cookies()}[COOKIE] == other
            tablets.append(tablet)

        # HAProxy's own counters: the facilitator's websocket on one process, the tablets' on the other.
        stats = _stats(deployment.stats_socket)
        assert int(stats[("samskab_app", facilitator_server)]["scur"]) >= 1
        assert int(stats[("samskab_app", other)]["scur"]) >= 2

        # A tablet adds an idea through its process; the other tablet sees it.
        tablets[0].get_by_label("Din idé med få ord", exact=True).fill("Bænk ved busstoppet")
        tablets[0].get_by_role("button", name="Tilføj idé").click()
        tablets[0].get_by_text("Din idé er på tavlen.").wait_for()
        tablets[1].get_by_text("Bænk ved busstoppet", exact=True).wait_for(timeout=LIVE_MS * 2)

        # What the facilitator writes through the first process reaches the tablets on the
        # second within 3 s, counted from the click (so the facilitator's own run counts too).
        facilitator.get_by_role("tab", name="Uden tablet").click()
        facilitator.get_by_label("Idéens titel", exact=True).fill("Fælles spisning om torsdagen")
        clicked = time.monotonic()
        facilitator.get_by_role("button", name="Skriv idé ind").click()
        for tablet in tablets:
            tablet.get_by_text("Fælles spisning om torsdagen", exact=True).wait_for(timeout=LIVE_MS)
        took = time.monotonic() - clicked
        print(f"the facilitator's idea reached both tablets on the other process in {took:.2f} s")
        assert took < LIVE_MS / 1000
        facilitator.get_by_text("Idéen er skrevet ind.").wait_for()

        # Voting: the phase changes on the first process; the dots go to whichever process
        # HAProxy picks for /api/, through the origin check, behind TLS.
        for step in ("Videre: Idéer grupperes", "Videre: Afstemning"):
            facilitator.get_by_role("button", name=step).click()
            wait_ready(facilitator)
        for tablet in tablets:
            tablet.get_by_text("5 af 5 prikker tilbage").wait_for(timeout=LIVE_MS * 2)
        for tablet in tablets:
            tablet.get_by_role("button", name="Giv en prik til: Fælles spisning om torsdagen").click()
            tablet.get_by_text("4 af 5 prikker tilbage").wait_for()
        with read_scope(deployment.database_url) as s:
            dots = s.scalar(select(func.sum(Vote.dots)).where(Vote.workshop_id == workshop_id))
        assert dots == 2

        # The tablets' polls and dots were spread over both processes, no stickiness needed.
        stats = _stats(deployment.stats_socket)
        assert all(int(stats[("samskab_json", name)]["stot"]) > 0 for name in deployment.servers)
    except Exception:
        artifacts = request.config.rootpath / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        for i, context in enumerate(contexts):
            context.pages[0].screenshot(path=str(artifacts / f"proxy-{i}.png"))
        raise
    finally:
        for context in contexts:
            context.close()


def test_a_board_change_is_pushed_through_the_proxy_within_a_second(deployment):
    """The push route's held response passes HAProxy (TLS, HTTP/1.1) as it happens, unbuffered."""
    with session_scope(deployment.database_url) as s:
        process_id = s.scalar(select(Process.id).order_by(Process.id))
        w = new_workshops.create_workshop(
            s, process_id=process_id, title="Push-værksted", themes=["Mødesteder"], by_user_id=SYSTEM
        )
        w.phase = "collect"
        code = w.code
        token = participants.join(s, code, stakeholder_group="citizen")[1]
    host, port = deployment.url.removeprefix("https://").split(":")
    conn = http.client.HTTPSConnection(host, int(port), timeout=10, context=_insecure())
    try:
        conn.request("GET", f"/api/board/{code}/events", headers={"X-Samskab-Token": token})
        reply = conn.getresponse()
        assert reply.status == 200 and reply.headers["content-type"].startswith("text/event-stream")

        def pushed() -> str:
            while not (line := reply.readline().decode()).startswith("data:"):
                pass
            return json.loads(line[5:])["v"]

        first = pushed()
        with session_scope(deployment.database_url) as s:
            me = participants.participant_by_token(s, token)
            ideas.add_idea(s, me, theme_id=me.workshop.themes[0].id, title="Læ ved stoppestedet")
        committed = time.monotonic()
        second = pushed()
        took = time.monotonic() - committed
        print(f"a change pushed through HAProxy in {took:.2f} s")
        assert second != first and took < 1.0
    finally:
        conn.close()
