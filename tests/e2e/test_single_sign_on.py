"""In a real Chromium: staff sign in through a real local OpenID provider, and sessions end.

The provider is oidc-provider-mock, started here on a free port with one person per role
and one whose roles Samskab does not know; Samskab runs against it with the
SAMSKAB_SSO_* settings, exactly as against Entra ID or AD FS.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

from db import migrate
from db.session import dispose, session_scope
from demo import seed
from tests.e2e.conftest import ARTIFACTS, Server, _free_port, running_samskab, wait_ready
from tests.e2e.test_login_and_join import HOME, NAV

pytestmark = pytest.mark.e2e

SHOTS = ARTIFACTS / "sso"
WIDE: ViewportSize = {"width": 1440, "height": 900}
GROUPS = {
    "admin": "Samskab.Admin",
    "facilitator": "Samskab.Facilitator",
    "leader": "Samskab.Leader",
    "politician": "Samskab.Politician",
}
PEOPLE = {"admin": "anna", "facilitator": "frida", "leader": "lars", "politician": "pia"}
SSO_BUTTON = "Log ind med kommunens login"
NO_ROLE = "din konto har ingen rolle i Samskab"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    people = [
        User(
            sub=sub, claims={"name": sub.title(), "email": f"{sub}@lindholt.example", "roles": [GROUPS[role]]}
        )
        for role, sub in PEOPLE.items()
    ]
    # Known to the provider, but in no group Samskab maps.
    people.append(User(sub="udo", claims={"name": "Udo", "roles": ["Parking.Wardens"]}))
    with run_server_in_thread(_free_port(), user_claims=people) as httpd:
        yield f"http://localhost:{httpd.server_port}"


@pytest.fixture(scope="module")
def sso_server(provider: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    database_url = f"sqlite:///{tmp_path_factory.mktemp('sso') / 'samskab.db'}"
    migrate.upgrade(database_url)
    with session_scope(database_url) as s:
        demo = seed.seed_demo(s, rounds=4)
    dispose(database_url)
    port = _free_port()
    env = {
        "DATABASE_URL": database_url,
        "SAMSKAB_MODE": "demo",
        "SAMSKAB_BCRYPT_ROUNDS": "4",
        "SAMSKAB_SSO_METADATA_URL": f"{provider}/.well-known/openid-configuration",
        "SAMSKAB_SSO_CLIENT_ID": "samskab",
        "SAMSKAB_SSO_CLIENT_SECRET": "provider-mock-accepts-any-secret",
        "SAMSKAB_SSO_REDIRECT_URI": f"http://127.0.0.1:{port}/oauth2callback",
        "SAMSKAB_SSO_ROLE_MAP": "; ".join(f"{group}={role}" for role, group in GROUPS.items()),
    }
    log = tmp_path_factory.mktemp("sso-log") / "streamlit.log"
    with running_samskab(env, log, port=port) as url:
        yield Server(url, database_url, demo)


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport=WIDE, locale="da-DK")
    ctx.set_default_timeout(20_000)
    yield ctx
    ctx.close()


def _nav_labels(page: Page) -> list[str]:
    return [
        text.split("\n")[-1].strip()
        for text in page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()
    ]


def _sign_on(page: Page, server: Server, sub: str) -> None:
    page.goto(server.url)
    wait_ready(page)
    page.get_by_role("button", name=SSO_BUTTON).click()
    # The provider's own page: one button per known person.
    page.locator(f"button[name='sub'][value='{sub}']").click()
    page.wait_for_url(f"{server.url}/**")
    wait_ready(page)


@pytest.mark.parametrize("role", list(PEOPLE))
def test_each_mapped_role_signs_on_and_lands_on_its_pages(context, sso_server, role):
    page = context.new_page()
    _sign_on(page, sso_server, PEOPLE[role])
    page.get_by_role("heading", name=HOME[role]).wait_for()
    assert _nav_labels(page) == NAV[role]
    assert PEOPLE[role].title() in page.locator("[data-testid='stSidebar']").inner_text()


def test_the_login_page_offers_single_sign_on_and_refuses_an_unmapped_person(context, sso_server):
    page = context.new_page()
    page.goto(sso_server.url)
    wait_ready(page)
    page.get_by_role("button", name=SSO_BUTTON).wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "sso-login-page.png"))
    _sign_on(page, sso_server, "udo")
    page.get_by_text(NO_ROLE).wait_for()
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
    page.screenshot(path=str(SHOTS / "sso-refused.png"))


def _copy(browser: Browser, source: BrowserContext) -> BrowserContext:
    copy = browser.new_context(viewport=WIDE, locale="da-DK")
    copy.set_default_timeout(20_000)
    copy.add_cookies(source.cookies())  # type: ignore[arg-type]
    return copy


def _opens_home(context: BrowserContext, server: Server, heading: str) -> bool:
    page = context.new_page()
    page.goto(server.url)
    wait_ready(page)
    signed_in = page.get_by_role("heading", name=heading).count() > 0
    page.close()
    return signed_in


@pytest.mark.parametrize("how", ["local", "sso"])
def test_a_copied_cookie_stops_working_after_logout(browser, context, sso_server, how):
    page = context.new_page()
    if how == "local":
        page.goto(sso_server.url)
        wait_ready(page)
        page.get_by_label("Brugernavn", exact=True).fill("leader")
        page.get_by_label("Adgangskode", exact=True).fill("demo-leader-2026")
        page.get_by_role("button", name="Log ind", exact=True).click()
        page.get_by_role("heading", name=HOME["leader"]).wait_for()
        login = next(c for c in context.cookies() if c["name"] == "samskab_login")
        assert login["httpOnly"] is True  # page scripts cannot read it
        assert page.evaluate("document.cookie").find("samskab_login") == -1
    else:
        _sign_on(page, sso_server, PEOPLE["leader"])
        page.get_by_role("heading", name=HOME["leader"]).wait_for()
    wait_ready(page)

    before = _copy(browser, context)
    assert _opens_home(before, sso_server, HOME["leader"])  # the copy works while signed in
    before.close()

    copied = _copy(browser, context)
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_timeout(1000)
    assert not _opens_home(copied, sso_server, HOME["leader"])
    copied.close()
