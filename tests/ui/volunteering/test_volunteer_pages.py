"""Volunteers, hours, staff time and the resource map in AppTest, from app.py as a browser would."""

from sqlalchemy import func, select

import clock
from components.literal import literal
from db.models import HoursEntry, StaffTimeEntry, Volunteer
from db.session import read_scope
from tests.factories import HOSTILE
from tests.ui.apptest import by_label, new_app, sign_in, texts


def _open(username, page):
    at = sign_in(new_app(), username)
    return at.switch_page(f"app_pages/{page}.py").run()


def _volunteer_id(db_url, name):
    with read_scope(db_url) as s:
        return s.scalar(select(Volunteer.id).where(Volunteer.name == name))


def _count(db_url, model, *where):
    with read_scope(db_url) as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def test_leader_registers_a_volunteer_shown_literally(demo, db_url):
    at = _open("leader", "volunteers")
    assert not at.exception and at.title[0].value == "Frivillige"
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Aktiv"]) >= 20
    at.text_input(key="volunteers_new_name").input(HOSTILE)
    at.selectbox(key="volunteers_new_actor").select_index(1)
    at.text_area(key="volunteers_new_skills").input("Kaffe **og** kage")
    by_label(at.button, "Registrér frivillig").click()
    at.run()
    assert not at.exception
    assert f"{literal(HOSTILE)} er registreret." in [s.value for s in at.success]
    table = at.dataframe[0].value
    assert HOSTILE in list(table["Navn eller kaldenavn"])
    assert "Kaffe **og** kage" in list(table["Kompetencer og interesser"])


def test_contact_without_consent_is_refused(demo, db_url):
    before = _count(db_url, Volunteer)
    at = _open("admin", "volunteers")
    at.text_input(key="volunteers_new_name").input("Ny frivillig")
    at.text_input(key="volunteers_new_contact").input("ny@example.dk")
    by_label(at.button, "Registrér frivillig").click()
    at.run()
    assert "Registrér den frivilliges samtykke, før du gemmer kontaktoplysninger." in [
        e.value for e in at.error
    ]
    assert _count(db_url, Volunteer) == before


def test_anonymising_needs_confirmation_then_removes_the_name(demo, db_url):
    at = _open("leader", "volunteers")
    picked = at.selectbox(key="volunteers_pick")
    volunteer_id = picked.value
    name = picked.format_func(volunteer_id).rsplit(" (#", 1)[0]
    by_label(at.button, "Anonymisér frivillig").click()
    at.run()
    assert "Sæt først flueben for at bekræfte." in [e.value for e in at.error]
    at.checkbox(key=f"volunteers_anonymise_confirm_{volunteer_id}").check()
    by_label(at.button, "Anonymisér frivillig").click()
    at.run()
    assert f"Frivillig #{volunteer_id} er anonymiseret." in [s.value for s in at.success]
    with read_scope(db_url) as s:
        v = s.get(Volunteer, volunteer_id)
        assert (v.name, v.anonymised) == ("", True)
        assert s.scalar(select(func.count()).where(HoursEntry.volunteer_id == v.id)) > 0
    at.multiselect(key="volunteers_statuses").set_value(["upcoming", "active", "dormant", "ended"]).run()
    names = list(at.dataframe[0].value["Navn eller kaldenavn"])
    assert name not in names and f"Anonymiseret frivillig #{volunteer_id}" in names


def test_facilitator_logs_hours_for_one_volunteer_and_a_session(demo, db_url):
    before = _count(db_url, HoursEntry)
    at = _open("facilitator", "hours")
    assert not at.exception and at.title[0].value == "Frivilliges timer"
    by_label(at.button, "Gem timer").click()
    at.run()
    assert "Frivillig skal udfyldes." in [e.value for e in at.error]
    grethe = _volunteer_id(db_url, "Grethe Nielsen")
    at.selectbox(key="hours_one_volunteer").select(grethe)
    at.number_input(key="hours_one_hours").set_value(2.5)
    at.selectbox(key="hours_one_activity").select_index(1)
    at.text_input(key="hours_one_note").input("<b>Kaffe</b>")
    by_label(at.button, "Gem timer").click()
    at.run()
    assert not at.error, [e.value for e in at.error]
    assert f"2,5 timer gemt for Grethe Nielsen \\(\\#{grethe}\\)." in [s.value for s in at.success]
    assert _count(db_url, HoursEntry) == before + 1
    with read_scope(db_url) as s:
        entry = s.scalars(select(HoursEntry).order_by(HoursEntry.id.desc())).first()
        assert (entry.minutes, entry.note, entry.worked_on) == (150, "<b>Kaffe</b>", clock.today())
        assert entry.process_id == demo.process_id  # the only process is preselected
    at.multiselect(key="hours_group_volunteers").set_value([grethe])
    at.number_input(key="hours_group_unnamed").set_value(3)
    by_label(at.button, "Gem samling").click()
    at.run()
    assert "Samlingen er gemt (frivillige: 4, timer i alt: 12,0)." in [s.value for s in at.success]
    assert _count(db_url, HoursEntry) == before + 3


def test_delete_own_hours_needs_confirmation(demo, db_url):
    at = _open("facilitator", "hours")
    at.selectbox(key="hours_one_volunteer").select(_volunteer_id(db_url, "Bent Jørgensen"))
    by_label(at.button, "Gem timer").click()
    at.run()
    before = _count(db_url, HoursEntry)
    assert at.selectbox(key="hours_delete_pick").options  # only the facilitator's own entry is offered
    assert len(at.selectbox(key="hours_delete_pick").options) == 1
    by_label(at.button, "Slet").click()
    at.run()
    assert "Sæt først flueben for at bekræfte." in [e.value for e in at.error]
    at.checkbox(key="hours_delete_confirm").check()
    by_label(at.button, "Slet").click()
    at.run()
    assert "Registreringen er slettet." in [s.value for s in at.success]
    assert _count(db_url, HoursEntry) == before - 1


def test_staff_time_own_for_facilitator_on_behalf_for_leader(demo, db_url):
    at = _open("facilitator", "staff_time")
    assert at.text_input(key="staff_time_name_fixed").value == "Jonas Bech"
    at.number_input(key="staff_time_hours").set_value(1.5)
    at.button_group(key="staff_time_kind").set_value("training")
    by_label(at.button, "Gem tid").click()
    at.run()
    assert "1,5 time gemt." in [s.value for s in at.success]
    shown = set(at.dataframe[0].value["Medarbejder"])
    assert shown == {"Jonas Bech"}  # a facilitator sees their own entries
    leader = _open("leader", "staff_time")
    leader.text_input(key="staff_time_name").input("Lene Vestergaard")
    by_label(leader.button, "Gem tid").click()
    leader.run()
    with read_scope(db_url) as s:
        entry = s.scalars(select(StaffTimeEntry).order_by(StaffTimeEntry.id.desc())).first()
        assert (entry.staff_name, entry.user_id, entry.kind) == ("Lene Vestergaard", None, "coordination")
    assert "Lene Vestergaard" in set(leader.dataframe[0].value["Medarbejder"])


def test_staff_time_without_a_kind_is_refused(demo, db_url):
    before = _count(db_url, StaffTimeEntry)
    at = _open("facilitator", "staff_time")
    at.number_input(key="staff_time_hours").set_value(1.5)
    at.button_group(key="staff_time_kind").set_value(None)  # the chosen segment clicked off
    by_label(at.button, "Gem tid").click()
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Type arbejde skal udfyldes."]
    assert _count(db_url, StaffTimeEntry) == before


def test_facilitator_deletes_only_own_staff_time_after_confirming(demo, db_url):
    at = _open("facilitator", "staff_time")
    at.number_input(key="staff_time_hours").set_value(2.0)
    by_label(at.button, "Gem tid").click()
    at.run()
    before = _count(db_url, StaffTimeEntry)
    with read_scope(db_url) as s:
        newest = s.scalar(select(func.max(StaffTimeEntry.id)))
    offered = at.selectbox(key="staff_time_delete_pick").options
    assert offered[0].endswith("Jonas Bech · 2,0 t")  # the newest first
    assert all("· Jonas Bech ·" in o for o in offered)  # a facilitator deletes only their own
    by_label(at.button, "Slet").click()
    at.run()
    assert "Sæt først flueben for at bekræfte." in [e.value for e in at.error]
    assert _count(db_url, StaffTimeEntry) == before
    at.selectbox(key="staff_time_delete_pick").set_value(newest)
    at.checkbox(key="staff_time_delete_confirm").check()
    by_label(at.button, "Slet").click()
    at.run()
    assert "Registreringen er slettet." in [s.value for s in at.success]
    assert _count(db_url, StaffTimeEntry) == before - 1
    assert _count(db_url, StaffTimeEntry, StaffTimeEntry.id == newest) == 0  # the one picked


def test_politician_sees_the_resource_map_without_names(demo, db_url):
    at = _open("politician", "resources")
    assert not at.exception and at.title[0].value == "Ressourcekort"
    metrics = {m.label: m.value for m in at.metric}
    assert set(metrics) == {"Frivillige timer", "Medarbejdertimer", "Forhold", "Anslået værdi"}
    assert metrics["Anslået værdi"].endswith(" kr.")
    assert metrics["Forhold"].endswith(" : 1")
    with read_scope(db_url) as s:
        names = list(s.scalars(select(Volunteer.name)))
    page = texts(at) + " ".join(str(d.value.to_dict()) for d in at.dataframe)
    assert not [n for n in names if n and n in page]
    at.selectbox(key="resources_scope").select("activity").run()
    at.selectbox(key="resources_pick_activity").select_index(0).run()
    assert not at.exception
    assert {m.label for m in at.metric} >= {"Frivillige timer", "Medarbejdertimer"}


def test_pages_refuse_roles_they_are_not_for(demo):
    at = sign_in(new_app(), "politician")
    for page in ("volunteers", "hours", "staff_time"):
        try:
            at.switch_page(f"app_pages/{page}.py")
        except ValueError:
            continue
        raise AssertionError(f"politician reached {page}")
