"""The first-start checklist: each item done by doing it, and none for a demo database."""

from services.admin import municipality, setup, site
from services.workshop import processes
from tests.factories import make_user


def _open(session):
    return [item.key for item in setup.checklist(session) if not item.done]


def test_a_new_production_database_walks_the_whole_checklist(session):
    site.remember_production_start(session)
    admin = make_user(session, role="admin")
    assert _open(session) == [
        "municipality_name",
        "areas",
        "population_shares",
        "first_facilitator",
        "first_process",
    ]
    assert {i.key: i.page for i in setup.checklist(session)}["first_process"] == "processes"
    municipality.set_name_and_areas(session, by_user_id=admin.id, name="Egeskov", areas=["Havnen", "Skoven"])
    assert _open(session) == ["population_shares", "first_facilitator", "first_process"]
    municipality.set_population_shares(
        session, by_user_id=admin.id, age_shares={}, area_shares={"Havnen": 50, "Skoven": 50}
    )
    facilitator = make_user(session, role="facilitator")
    assert _open(session) == ["first_process"]
    p = processes.create_process(session, title="Første proces", by_user_id=facilitator.id)
    assert _open(session) == [] and not setup.setup_open(setup.checklist(session))
    # An archived process is no running one.
    processes.set_archived(session, p.id, True, by_user_id=facilitator.id)
    assert _open(session) == ["first_process"]


def test_settings_other_than_the_demo_defaults_count_as_done(session, monkeypatch):
    monkeypatch.setenv("SAMSKAB_MUNICIPALITY", "Egeskov Kommune")
    monkeypatch.setenv("SAMSKAB_AREAS", "Havnen,Skoven")
    monkeypatch.setenv("SAMSKAB_POPULATION_AREA_SHARES", "")
    assert _open(session)[:2] == ["population_shares", "first_facilitator"]


def test_a_demo_database_shows_no_checklist(session, demo):
    assert setup.checklist(session) == ()
