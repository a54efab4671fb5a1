"""Nobody sees a traceback: a real Samskab whose database is gone fails its page and its routes
with a generic message, and says nothing of paths, hosts, users or exception types."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from services.workshop.join_codes import CODE_ALPHABET, CODE_LENGTH
from tests.e2e.conftest import ROOT, _free_port, running_samskab

pytestmark = pytest.mark.e2e

SECRET = "pw-that-must-not-show"
UNKNOWN_CODE = CODE_ALPHABET[0] * CODE_LENGTH  # well-formed, so the route asks the database
DB_PORT = _free_port()  # nothing listens there: the database is unreachable
# What a leaked error would carry: the traceback, our files, the database's address and user.
LEAKS = ("Traceback", 'File "', str(ROOT), ".py", "OperationalError", "psycopg", f"port {DB_PORT}", SECRET)


@pytest.fixture(scope="module")
def broken_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # The project's own .streamlit/config.toml applies (the working directory is the project).
    database_url = f"postgresql+psycopg://samskab:{SECRET}@127.0.0.1:{DB_PORT}/samskab"
    env = {"DATABASE_URL": database_url, "SAMSKAB_MODE": "demo", "SAMSKAB_BCRYPT_ROUNDS": "4"}
    with running_samskab(env, tmp_path_factory.mktemp("log") / "streamlit.log") as url:
        yield url


def test_a_failing_page_shows_no_error_details(broken_server, tablet):
    tablet.goto(f"{broken_server}/join")
    error = tablet.locator("[data-testid='stException'], [data-testid='stAlert']").first
    error.wait_for(timeout=30_000)  # the page did fail: what it shows is the point
    shown = tablet.locator("body").inner_text() + error.inner_html()
    assert [leak for leak in LEAKS if leak in shown] == []


def test_a_failing_route_shows_no_error_details(broken_server):
    with pytest.raises(urllib.error.HTTPError) as failed:
        urllib.request.urlopen(f"{broken_server}/api/board/{UNKNOWN_CODE}/version", timeout=30)
    assert failed.value.code == 500
    reply = json.loads(failed.value.read().decode())
    # The route's error boundary: a message in the caller's language with a reference to
    # find the traceback in the server's log, and nothing of the error itself.
    assert reply["ok"] is False and reply["error"] == "internal"
    assert re.fullmatch("[0-9a-f]{8}", reply["reference"])
    assert reply["reference"] in reply["message"]
    assert [leak for leak in LEAKS if leak in json.dumps(reply)] == []
    with pytest.raises(urllib.error.HTTPError) as not_ready:
        urllib.request.urlopen(f"{broken_server}/api/ready", timeout=30)
    assert not_ready.value.code == 503
    body = not_ready.value.read().decode()
    assert [leak for leak in LEAKS if leak in body] == []
