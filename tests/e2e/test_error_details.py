"""Nobody sees a traceback: a real Samskab whose database is gone fails its page and its routes
with a generic message, and says nothing of paths, hosts, users or exception types."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from services.workshop.workshops import CODE_ALPHABET, CODE_LENGTH
from tests.e2e.conftest import ROOT, _free_port

pytestmark = pytest.mark.e2e

SECRET = "pw-that-must-not-show"
DB_PORT = _free_port()  # nothing listens there: the database is unreachable
# What a leaked error would carry: the traceback, our files, the database's address and user.
LEAKS = ("Traceback", 'File "', str(ROOT), ".py", "OperationalError", "psycopg", f"port {DB_PORT}", SECRET)


@pytest.fixture(scope="module")
def broken_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # The project's own .streamlit/config.toml applies (the working directory is the project).
    database_url = f"postgresql+psycopg://samskab:{SECRET}@127.0.0.1:{DB_PORT}/samskab"
    port = _free_port()
    env = os.environ | {"DATABASE_URL": database_url, "SAMSKAB_MODE": "demo", "SAMSKAB_BCRYPT_ROUNDS": "4"}
    log = (tmp_path_factory.mktemp("log") / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
        + ["--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                break
        except OSError:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError(f"Samskab did not start; see {log.name}") from None
            time.sleep(0.3)
    yield url
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


def test_a_failing_page_shows_no_error_details(broken_server, tablet):
    tablet.goto(f"{broken_server}/join")
    error = tablet.locator("[data-testid='stException'], [data-testid='stAlert']").first
    error.wait_for(timeout=30_000)  # the page did fail: what it shows is the point
    shown = tablet.locator("body").inner_text() + error.inner_html()
    assert [leak for leak in LEAKS if leak in shown] == []


def test_a_failing_route_shows_no_error_details(broken_server):
    with pytest.raises(urllib.error.HTTPError) as failed:
        urllib.request.urlopen(f"{broken_server}/api/board/{CODE_ALPHABET[0] * CODE_LENGTH}/version", timeout=30)
    assert failed.value.code == 500
    body = failed.value.read().decode()
    assert body == "Internal Server Error"
    with pytest.raises(urllib.error.HTTPError) as not_ready:
        urllib.request.urlopen(f"{broken_server}/api/ready", timeout=30)
    assert not_ready.value.code == 503
    body = not_ready.value.read().decode()
    assert [leak for leak in LEAKS if leak in body] == []
