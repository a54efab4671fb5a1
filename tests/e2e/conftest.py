"""A real Samskab server on a seeded SQLite file, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, WebSocket, sync_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from db import migrate
from db.session import dispose, session_scope
from demo import seed

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("SAMSKAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP: ViewportSize = {"width": 1366, "height": 900}
TABLET: ViewportSize = {"width": 768, "height": 1024}
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"


@dataclass(frozen=True)
class Server:
    url: str
    database_url: str
    demo: seed.DemoSummary


@pytest.fixture(autouse=True)
def clock_at() -> Iterator[None]:
    """The real clock, not tests/conftest.py's stopped one: the server these tests drive runs
    in its own process, out of time-machine's reach, and this process must agree with it on
    what today is. The demo it serves is seeded on the real date, which any date allows."""
    yield


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_samskab(
    env: dict[str, str], log_path: Path, *, port: int | None = None, ready_path: str = "/_stcore/health"
) -> Iterator[str]:
    """`streamlit run app.py` in the project with `env` added; its URL once `ready_path` answers 200."""
    port = port or _free_port()
    log = log_path.open("w")
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env=os.environ | env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}{ready_path}", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"Samskab did not start; see {log.name}") from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    database_url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'samskab.db'}"
    migrate.upgrade(database_url)
    with session_scope(database_url) as s:
        demo = seed.seed_demo(s, rounds=4)
    dispose(database_url)
    env = {"DATABASE_URL": database_url, "SAMSKAB_MODE": "demo", "SAMSKAB_BCRYPT_ROUNDS": "4"}
    with running_samskab(env, tmp_path_factory.mktemp("log") / "streamlit.log") as url:
        yield Server(url, database_url, demo)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A browser test that fails is run once more; the summary lists it as a rerun, with
    the end of its first failure (tests/conftest.py). Under CI's load two browsers and two
    servers share two cores, and Streamlit's timers race the clicks: in three full runs in
    a row a different browser test failed once each time (a keystroke before the cell
    editor's field had the focus, a tap on the Open Space form that sent nothing) and
    passed on its own and in every other run. A test that fails twice fails the run, so a
    fault that always shows still does."""
    for item in items:
        if item.get_closest_marker("e2e") is not None:
            item.add_marker(pytest.mark.flaky(reruns=1))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def _page(browser: Browser, request: pytest.FixtureRequest, viewport: ViewportSize) -> Iterator[Page]:
    context = browser.new_context(viewport=viewport, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for i, p in enumerate(context.pages):
            p.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{i}.png"), full_page=True)
    context.close()


@pytest.fixture
def desktop(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    yield from _page(browser, request, DESKTOP)


@pytest.fixture
def tablet(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    yield from _page(browser, request, TABLET)


def wait_ready(page: Page) -> None:
    """Wait until Streamlit has finished running the script for what is on screen."""
    page.wait_for_selector(READY, timeout=30_000)
    page.wait_for_timeout(300)
    page.wait_for_selector(READY, timeout=30_000)


def main_text(page: Page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def script_runs(page: Page) -> list[str]:
    """The script runs over the page's Streamlit websocket from now on, decoded with
    Streamlit's own protobuf messages: "rerun" for each BackMsg asking to run the page,
    "fragment tick" for a fragment's own timer, and "cut short" for a run the server ended
    early to start the script over (st.switch_page, st.rerun), a run the page never asked for."""
    runs: list[str] = []

    def sent(payload: str | bytes) -> None:
        if not isinstance(payload, bytes):
            return
        message = BackMsg.FromString(payload)
        if message.WhichOneof("type") == "rerun_script":
            ticked = message.rerun_script.is_auto_rerun and message.rerun_script.fragment_id
            runs.append("fragment tick" if ticked else "rerun")

    def received(payload: str | bytes) -> None:
        if not isinstance(payload, bytes):
            return
        message = ForwardMsg.FromString(payload)
        finished = message.WhichOneof("type") == "script_finished"
        if finished and message.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN:
            runs.append("cut short")

    def watch(socket: WebSocket) -> None:
        if socket.url.endswith("/_stcore/stream"):
            socket.on("framesent", sent)
            socket.on("framereceived", received)

    page.on("websocket", watch)
    return runs
