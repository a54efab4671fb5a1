"""Actors and activities page: register, search, refuse deleting a lead, read-only for politicians."""

from sqlalchemy import func, select

from db.models import Activity, Actor
from db.session import read_scope
from services.action import actors
from tests.ui.apptest import new_app, sign_in, texts

HOSTILE = "<b>Naboer</b> **på** Egevej"


def _page(username):
    at = sign_in(new_app(), username)
    return at.switch_page("app_pages/actors.py").run()


def _count(url, model):
    with read_scope(url) as s:
        return s.scalar(select(func.count()).select_from(model))


def test_register_search_and_edit_an_actor(demo, db_url):
    at = _page("leader")
    at.text_input(key="actors_new_name").input(HOSTILE)
    at.selectbox(key="actors_new_kind").set_value("citizen_group")
    at.text_input(key="actors_new_email").input("naboer@example.dk")
    at.button(key="FormSubmitter:actors_new_form-Registrér").click()
    at.run()
    assert not at.exception
    assert any("Naboer" in s.value and "\\<b\\>" in s.value for s in at.success)
    at.text_input(key="actors_search").input("egevej").run()
    table = at.dataframe[0].value
    assert list(table["Navn"]) == [HOSTILE]
    assert list(table["Type"]) == ["Borgergruppe"]
    at.multiselect(key="actors_kinds").set_value(["business"]).run()
    assert "Ingen aktører passer." in texts(at)


def test_bad_actor_input_changes_nothing(demo, db_url):
    before = _count(db_url, Actor)
    at = _page("facilitator")
    for name, email, message in (
        ("", "", "Navn skal udfyldes."),
        ("Café Kaffekanden", "", "Der findes allerede en aktør, der hedder Café Kaffekanden."),
        ("Ny forening", "ikke-en-mail", "Det ligner ikke en e-mailadresse."),
    ):
        at.text_input(key="actors_new_name").input(name)
        at.text_input(key="actors_new_email").input(email)
        at.button(key="FormSubmitter:actors_new_form-Registrér").click()
        at.run()
        assert message in [e.value for e in at.error], message
    assert _count(db_url, Actor) == before


def test_deleting_a_lead_actor_is_refused_with_a_clear_message(demo, db_url):
    at = _page("facilitator")
    with read_scope(db_url) as s:
        seniors = next(a.id for a in actors.list_actors(s) if a.name == "Seniorforeningen Lindholt")
    at.selectbox(key="actors_pick").set_value(seniors).run()
    at.checkbox(key=f"actors_delete_sure_{seniors}").check().run()
    at.button(key="actors_delete").click()
    at.run()
    assert any(
        "Seniorforeningen Lindholt er tovholder på initiativet Torsdagsspisning på Lindholt Aktivitetscenter"
        in e.value
        for e in at.error
    )
    with read_scope(db_url) as s:
        assert s.get(Actor, seniors) is not None


def test_register_an_activity(demo, db_url):
    before = _count(db_url, Activity)
    at = _page("facilitator")
    with read_scope(db_url) as s:
        club = next(a.id for a in actors.list_actors(s) if a.name == "Lindholt Idrætsforening")
    at.button(key="FormSubmitter:activities_new_form-Registrér").click()
    at.run()
    assert "Aktør skal udfyldes." in [e.value for e in at.error]
    at.selectbox(key="activities_new_actor").set_value(club)
    at.text_input(key="activities_new_title").input("Stolegymnastik")
    at.text_input(key="activities_new_schedule").input("Mandag kl. 10")
    at.button(key="FormSubmitter:activities_new_form-Registrér").click()
    at.run()
    assert _count(db_url, Activity) == before + 1
    at.text_input(key="activities_search").input("stolegym").run()
    table = at.dataframe[1].value
    assert list(table["Titel"]) == ["Stolegymnastik"] and list(table["Drives af"]) == [
        "Lindholt Idrætsforening"
    ]


def test_politician_only_reads(demo):
    at = _page("politician")
    assert not at.exception
    assert not at.get("form")
    assert "Seniorforeningen Lindholt" in list(at.dataframe[0].value["Navn"])
