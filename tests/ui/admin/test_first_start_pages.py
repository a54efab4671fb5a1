"""Production from the first administrator on: the checklist, processes and municipality in the UI."""

import pytest
from sqlalchemy import select

from db.models import Process
from db.session import read_scope, session_scope
from services.admin import first_admin
from tests.ui.apptest import by_label, new_app, sign_in, texts

GOOD = "lyngbakke tåge cykelsti 41"


@pytest.fixture
def production(db_url, monkeypatch):
    monkeypatch.setenv("SAMSKAB_MODE", "production")
    with session_scope(db_url) as s:
        first_admin.create_first_admin(
            s, username="anna", display_name="Anna Jensen", password=GOOD, production=True, rounds=4
        )
    return db_url


def test_the_demo_admin_is_refused_in_production_with_the_way_out(demo, monkeypatch):
    monkeypatch.setenv("SAMSKAB_MODE", "production")
    at = sign_in(new_app(), "admin")
    assert not at.exception
    assert at.session_state["authentication_status"] is not True
    assert "python manage.py create-admin" in texts(at)
    assert "demoens konti" in texts(at)


def test_a_demo_admin_still_signed_in_is_signed_out_after_the_switch_to_production(demo, monkeypatch):
    at = sign_in(new_app(), "admin")
    assert at.session_state["user"]["username"] == "admin"
    monkeypatch.setenv("SAMSKAB_MODE", "production")
    at.run()
    assert not at.exception
    assert "user" not in at.session_state
    assert "demoens konti" in texts(at)


def test_the_admin_sees_the_checklist_and_sets_up_the_municipality(production):
    at = sign_in(new_app(), "anna", GOOD)
    assert not at.exception
    assert "Gør Samskab klar til jeres kommune" in texts(at)
    assert "0 af 5 er gjort" in texts(at)

    at.switch_page("app_pages/settings.py").run()
    by_label(at.text_input, "Kommunens navn").input("Egeskov Kommune")
    by_label(at.text_area, "Områder").input("Havnen\nSkoven\nBakken")
    by_label(at.button, "Gem navn og områder").click()
    at.run()
    assert not at.exception
    assert "Navn og områder er gemt." in texts(at)
    # The shares form now asks for the new areas; 90 % in all is refused, and nothing is saved.
    for label, value in (("Havnen", 40.0), ("Skoven", 30.0), ("Bakken", 20.0)):
        by_label(at.number_input, label).set_value(value)
    by_label(at.button, "Gem befolkningstal").click()
    at.run()
    assert "giver 90 % i alt" in texts(at)
    by_label(at.number_input, "Bakken").set_value(30.0)
    by_label(at.button, "Gem befolkningstal").click()
    at.run()
    assert "Befolkningstallene er gemt." in texts(at)

    at.switch_page("app_pages/overview.py").run()
    assert "Egeskov Kommune" in texts(at)
    assert "3 af 5 er gjort" in texts(at)


def test_a_process_made_on_the_processes_page_shows_on_the_overview_as_a_stepper(production, db_url):
    at = sign_in(new_app(), "anna", GOOD)
    at.switch_page("app_pages/processes.py").run()
    by_label(at.text_input, "Titel").input("Unge og fællesskab")
    by_label(at.text_area, "Formål").input("Flere unge med i foreningslivet.")
    by_label(at.multiselect, "Målgrupper").select("citizen")
    by_label(at.button, "Opret proces").click()
    at.run()
    assert not at.exception
    assert "Processen er oprettet: Unge og fællesskab" in texts(at)
    with read_scope(db_url) as s:
        [process] = s.scalars(select(Process)).all()
        assert (process.title, process.phase) == ("Unge og fællesskab", "framing")

    by_label(at.button, "Gå videre til Idéværksteder").click()
    at.run()
    assert "Unge og fællesskab er nu i fasen Idéværksteder." in texts(at)

    at.switch_page("app_pages/overview.py").run()
    assert "Nu: Idéværksteder" in texts(at)
    [link] = [p for p in at.get("page_link") if "Næste: Konkretisering" in p.proto.label]
    assert link.proto.label == "Næste: Konkretisering → planlæg konkretiseringsværkstedet"
