"""From an empty production database to a first workshop with tablets, by the docs and the UI only.

The operator runs the documented `python manage.py create-admin`; everything after that is
done in the browser: the administrator sees the setup checklist, sets up the municipality
and a facilitator; the facilitator creates a process and a workshop; two tablets join with
the code. Screenshots along the way go to SAMSKAB_SHOTS (default test-artifacts/first-start).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from db.models import Participant, Workshop
from db.session import dispose, read_scope
from tests.e2e.conftest import CHROMIUM, ROOT, running_samskab, wait_ready

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1440, "height": 900}
TABLET = {"width": 820, "height": 1180}
ADMIN_PASSWORD = "lyngbakke tåge cykelsti 41"
FACILITATOR_PASSWORD = "fjord kantine regnjakke 7"
SHOTS = Path(os.environ.get("SAMSKAB_SHOTS", ROOT / "test-artifacts" / "first-start"))


def _shot(page: Page, name: str) -> None:
    wait_ready(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _sign_in(page: Page, url: str, username: str, password: str) -> None:
    page.goto(url)
    page.get_by_label("Brugernavn", exact=True).fill(username)
    page.get_by_label("Adgangskode", exact=True).fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("heading", name="Overblik").wait_for()


def _click(page: Page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    wait_ready(page)


def _join(page: Page, url: str, code: str, group: str) -> None:
    page.goto(f"{url}/join")
    page.get_by_label("Værkstedskode", exact=True).fill(code.lower())
    page.get_by_role("button", name="Videre").click()
    page.get_by_role("heading", name="Første idéværksted").wait_for()
    page.get_by_role("radio", name=group).click()
    # The areas are the ones the administrator saved, not the settings' defaults.
    assert page.get_by_text("Nord", exact=True).count() == 0
    page.get_by_role("radio", name="Havnen", exact=True).click()
    page.get_by_role("button", name="Deltag", exact=True).click()
    page.get_by_text(f"({group})").first.wait_for()


def test_from_an_empty_production_database_to_tablets_in_a_workshop(browser, tmp_path):
    assert Path(CHROMIUM).exists()
    database_url = f"sqlite:///{tmp_path / 'samskab.db'}"
    env = {
        "DATABASE_URL": database_url,
        "SAMSKAB_MODE": "production",
        "SAMSKAB_COOKIE_KEY": secrets.token_urlsafe(32),
        "SAMSKAB_BCRYPT_ROUNDS": "4",
    }
    # The documented first step (docs/operations.md), the password typed on standard input.
    made = subprocess.run(
        [sys.executable, "manage.py", "create-admin", "--username", "anna", "--name", "Anna Jensen"],
        cwd=ROOT,
        env=os.environ | env,
        input=ADMIN_PASSWORD + "\n",
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    contexts = []

    def new_page(viewport) -> Page:
        context = browser.new_context(viewport=viewport, locale="da-DK")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    with running_samskab(env, tmp_path / "streamlit.log") as url:
        try:
            admin = new_page(DESKTOP)
            admin.goto(url)
            admin.get_by_role("button", name="Log ind").wait_for()
            # Production lists no demo logins.
            assert admin.get_by_text("demo-admin-2026").count() == 0
            _shot(admin, "01-login-desktop")
            _sign_in(admin, url, "anna", ADMIN_PASSWORD)
            checklist = admin.locator(".st-key-setup_checklist")
            checklist.get_by_text("0 af 5 er gjort").wait_for()
            _shot(admin, "02-overview-checklist-desktop")

            # The municipality: name and areas, then the population shares of those areas.
            checklist.get_by_role("link", name="Angiv det under Indstillinger").click()
            admin.get_by_role("heading", name="Kommunen").wait_for()
            admin.get_by_label("Kommunens navn", exact=True).fill("Egeskov Kommune")
            admin.get_by_label("Områder", exact=True).fill("Havnen\nSkoven\nBakken")
            _click(admin, "Gem navn og områder")
            admin.get_by_text("Navn og områder er gemt.").wait_for()
            for label, value in (("Under 30", "30"), ("30–49", "25"), ("50–64", "20"), ("65–79", "15")):
                admin.get_by_label(label, exact=True).fill(value)
            admin.get_by_label("80 eller derover", exact=True).fill("10")
            for label, value in (("Havnen", "40"), ("Skoven", "35"), ("Bakken", "25")):
                admin.get_by_label(label, exact=True).fill(value)
            _click(admin, "Gem befolkningstal")
            admin.get_by_text("Befolkningstallene er gemt.").wait_for()
            _shot(admin, "03-settings-municipality-desktop")

            # A first facilitator.
            admin.goto(f"{url}/users")
            admin.get_by_role("tab", name="Ny bruger").click()
            admin.get_by_label("Brugernavn", exact=True).fill("jonas")
            admin.get_by_label("Navn", exact=True).fill("Jonas Bech")
            admin.get_by_label("Rolle", exact=True).first.click()
            admin.get_by_role("option", name="Facilitator").click()
            # The first tab's form (the other tab resets passwords with fields of the same names).
            admin.get_by_label("Adgangskode", exact=True).first.fill(FACILITATOR_PASSWORD)
            admin.get_by_label("Gentag adgangskode", exact=True).first.fill(FACILITATOR_PASSWORD)
            _click(admin, "Opret bruger")
            admin.get_by_text("Brugeren jonas er oprettet.").wait_for()
            admin.goto(url)
            checklist.get_by_text("4 af 5 er gjort").wait_for()
            admin.get_by_text("Egeskov Kommune").first.wait_for()

            # The facilitator creates the process, moves it on, and creates a workshop from the link.
            facilitator = new_page(DESKTOP)
            _sign_in(facilitator, url, "jonas", FACILITATOR_PASSWORD)
            facilitator.get_by_role("link", name="Ny proces").click()
            facilitator.get_by_role("tab", name="Ny proces").click()
            facilitator.get_by_label("Titel", exact=True).fill("Unge og fællesskab")
            facilitator.get_by_label("Formål", exact=True).fill("Flere unge med i foreningslivet.")
            _click(facilitator, "Opret proces")
            facilitator.get_by_text("Processen er oprettet: Unge og fællesskab").wait_for()
            _click(facilitator, "Gå videre til Idéværksteder")
            facilitator.get_by_text("Unge og fællesskab er nu i fasen Idéværksteder.").wait_for()
            _shot(facilitator, "04-process-desktop")
            facilitator.goto(url)
            facilitator.get_by_text("Nu: Idéværksteder").wait_for()
            _shot(facilitator, "05-overview-stepper-desktop")

            facilitator.goto(f"{url}/workshops")
            facilitator.get_by_role("tab", name="Nyt værksted").click()
            facilitator.get_by_label("Titel", exact=True).fill("Første idéværksted")
            facilitator.get_by_label("Temaer (Open Space-borde eller spørgsmål)", exact=True).fill(
                "Mødesteder\nFritid"
            )
            _click(facilitator, "Opret værksted")
            facilitator.get_by_role("heading", name="Første idéværksted").wait_for()
            with read_scope(database_url) as s:
                code = s.scalar(select(Workshop.code).where(Workshop.title == "Første idéværksted"))
            assert code and facilitator.get_by_text(code).count() > 0
            _shot(facilitator, "06-console-desktop")

            tablets = [new_page(TABLET), new_page(TABLET)]
            _join(tablets[0], url, code, "Borger")
            _join(tablets[1], url, code, "Forening")
            _shot(tablets[0], "07-tablet-joined")
            with read_scope(database_url) as s:
                joined = s.execute(select(Participant.stakeholder_group, Participant.area)).all()
            assert sorted(joined) == [("association", "Havnen"), ("citizen", "Havnen")]
            facilitator.reload()
            wait_ready(facilitator)
            _shot(facilitator, "08-console-two-tablets-desktop")

            # Everything on the list is done: the checklist is gone.
            admin.goto(url)
            admin.get_by_text("Unge og fællesskab").first.wait_for()
            assert admin.locator(".st-key-setup_checklist").count() == 0
            _shot(admin, "09-overview-done-desktop")
        except Exception:
            for i, context in enumerate(contexts):
                SHOTS.mkdir(parents=True, exist_ok=True)
                context.pages[0].screenshot(path=str(SHOTS / f"failed-{i}.png"), full_page=True)
            raise
        finally:
            for context in contexts:
                context.close()
            dispose(database_url)
