"""Initiatives list and detail: filters, creating from two ideas with lineage both ways, edit rules."""

import datetime

from sqlalchemy import func, select

import clock
from components.literal import literal
from db.models import Initiative, Milestone
from db.session import read_scope
from services.action import actors, catalogue, initiatives
from tests.ui.apptest import by_label, new_app, sign_in, texts

HOSTILE = "<script>alert(1)</script> **fed**"


def _list(username):
    at = sign_in(new_app(), username)
    return at.switch_page("app_pages/initiatives.py").run()


def _detail(username, initiative_id):
    at = sign_in(new_app(), username)
    at.query_params["id"] = str(initiative_id)
    return at.switch_page("app_pages/initiative.py").run()


def _count(url):
    with read_scope(url) as s:
        return s.scalar(select(func.count()).select_from(Initiative))


def _id(url, title):
    with read_scope(url) as s:
        return s.scalar(select(Initiative.id).where(Initiative.title == title))


def test_list_filters_and_counts(demo):
    at = _list("leader")
    assert not at.exception
    table = at.dataframe[0].value
    # Nine in the main demo process, two in the earlier Vestbyen process (one of them in progress).
    assert len(table) == 11
    assert "Torsdagsspisning på Lindholt Aktivitetscenter" in list(table["Titel"])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "Viste initiativer": "11",
        "I gang": "3",
        "Med overskredne milepæle": "1",
        "Uden tovholder": "1",
    }
    at.toggle(key="initiatives_overdue").set_value(True).run()
    assert list(at.dataframe[0].value["Titel"]) == ["Torsdagsspisning på Lindholt Aktivitetscenter"]
    at.toggle(key="initiatives_overdue").set_value(False).run()
    at.multiselect(key="initiatives_status").set_value(["paused", "stopped"]).run()
    assert list(at.dataframe[0].value["Titel"]) == [
        "Sorggruppe for enker og enkemænd",
        "Snakkebænke i parken",
    ]
    at.multiselect(key="initiatives_status").set_value([]).run()
    at.text_input(key="initiatives_search").input("café").run()
    assert list(at.dataframe[0].value["Titel"]) == ["Seniorbord på Café Kaffekanden"]
    download_keys = {b.key for b in at.get("download_button")}
    assert {"initiatives_download_csv", "initiatives_download_xlsx"} <= download_keys


def test_create_from_two_ideas_and_see_the_lineage_both_ways(demo, db_url):
    with read_scope(db_url) as s:
        free = [c for c in catalogue.candidates(s, demo.process_id) if not c.initiatives][:2]
    at = _list("facilitator")
    at.multiselect(key="initiatives_new_ideas").set_value([c.id for c in free])
    at.text_input(key="initiatives_new_title").input(f"Nyt fællesskab {HOSTILE}")
    at.button(key="FormSubmitter:initiatives_new_form-Opret initiativ").click()
    at.run()
    assert not at.exception
    made = _id(db_url, f"Nyt fællesskab {HOSTILE}")
    assert made is not None
    # The detail page opens with the origin ideas, their workshop and support.
    assert "Initiativet Nyt fællesskab" in texts(at)
    origin = at.table[-1].value
    assert set(origin["Idé"]) == {literal(c.title) for c in free}
    assert sorted(origin["Prikker"]) == sorted(c.dots for c in free)
    # …and the ideas know the initiative they led to.
    at = sign_in(new_app(), "facilitator").switch_page("app_pages/catalogue.py").run()
    ideas = at.dataframe[0].value
    led = dict(zip(ideas["Idé"], ideas["Blev til initiativer"], strict=True))
    assert all(led[c.title] == f"Nyt fællesskab {HOSTILE}" for c in free)


def test_empty_title_is_refused_and_nothing_is_created(demo, db_url):
    before = _count(db_url)
    at = _list("leader")
    at.text_input(key="initiatives_new_title").input("   ")
    at.button(key="FormSubmitter:initiatives_new_form-Opret initiativ").click()
    at.run()
    assert "Titel skal udfyldes." in [e.value for e in at.error]
    at.text_input(key="initiatives_new_title").input("x" * 201)
    at.button(key="FormSubmitter:initiatives_new_form-Opret initiativ").click()
    at.run()
    assert any("Titel er for lang: højst 200 tegn" in e.value for e in at.error)
    assert _count(db_url) == before


def test_split_one_idea_into_two(demo, db_url):
    with read_scope(db_url) as s:
        idea = next(c for c in catalogue.candidates(s, demo.process_id) if not c.initiatives)
    at = _list("leader")
    at.segmented_control(key="initiatives_new_mode").set_value("split").run()
    at.selectbox(key="initiatives_split_idea").set_value(idea.id)
    at.text_area(key="initiatives_split_titles").input("Første del\nAnden del")
    at.button(key="FormSubmitter:initiatives_split_form-Del i initiativer").click()
    at.run()
    assert "2 initiativer er oprettet ud fra idéen." in texts(at)
    with read_scope(db_url) as s:
        assert {
            r.title
            for r in catalogue.candidates(s, demo.process_id)
            if r.id == idea.id
            for r in r.initiatives
        } == {
            "Første del",
            "Anden del",
        }


def test_leader_edits_with_status_rules(demo, db_url):
    target = _id(db_url, "Frivillig kørselsordning")
    at = _detail("leader", target)
    assert not at.exception
    assert at.title[0].value == "Frivillig kørselsordning"
    at.selectbox(key="initiative_status").set_value("completed")
    at.button(key="FormSubmitter:initiative_edit_form-Gem").click()
    at.run()
    assert "Et initiativ, der er i gang eller afsluttet, skal have en startdato." in [
        e.value for e in at.error
    ]
    at.selectbox(key="initiative_status").set_value("paused")
    at.button(key="FormSubmitter:initiative_edit_form-Gem").click()
    at.run()
    assert any("hvorfor initiativet sættes på pause" in e.value for e in at.error)
    with read_scope(db_url) as s:
        assert s.get(Initiative, target).status == "proposed"
    at.text_input(key="initiative_status_note").input("Venter på en tovholder")
    at.button(key="FormSubmitter:initiative_edit_form-Gem").click()
    at.run()
    assert "Initiativet er gemt." in texts(at)
    with read_scope(db_url) as s:
        assert s.get(Initiative, target).status == "paused"
    assert "Venter på en tovholder" in texts(at)


def test_roles_milestones_and_checklist_on_the_detail_page(demo, db_url):
    target = _id(db_url, "Frivillig kørselsordning")
    at = _detail("leader", target)
    assert "Initiativet har ingen tovholder endnu." in texts(at)
    with read_scope(db_url) as s:
        library = next(a.id for a in actors.list_actors(s) if a.name == "Lindholt Bibliotek")
    at.selectbox(key="initiative_add_actor").set_value(library)
    at.radio(key="initiative_add_role").set_value("lead")
    at.text_area(key="initiative_add_duties").input(f"Låner lokaler ud {HOSTILE}")
    at.button(key="FormSubmitter:initiative_add_actor_form-Tilføj").click()
    at.run()
    roles = at.table[1].value
    assert list(roles["Rolle"]) == ["Tovholder", "Partner"]
    # Shown literally: st.table would render Markdown, so cells are escaped.
    assert literal(f"Låner lokaler ud {HOSTILE}") in list(roles["Opgaver og ansvar"])

    # A milestone without a date is refused; with one it is added and can be marked done.
    at.text_input(key="initiative_ms_title").input("Chauffører fundet")
    at.button(key="FormSubmitter:initiative_milestone_form-Tilføj milepæl").click()
    at.run()
    assert "Frist skal udfyldes." in [e.value for e in at.error]
    at.text_input(key="initiative_ms_title").input("Chauffører fundet")
    at.date_input(key="initiative_ms_due").set_value(clock.today() + datetime.timedelta(days=9))
    at.button(key="FormSubmitter:initiative_milestone_form-Tilføj milepæl").click()
    at.run()
    by_label(at.button, "Markér som klaret").click()
    at.run()
    with read_scope(db_url) as s:
        (milestone,) = s.scalars(select(Milestone).where(Milestone.initiative_id == target))
        assert milestone.done and milestone.done_on == clock.today()

    at.radio(key="initiative_check_insurance").set_value("done")
    at.text_input(key="initiative_check_note_insurance").input("Kommunens frivilligforsikring")
    at.button(key="FormSubmitter:initiative_checklist_form-Gem tjeklisten").click()
    at.run()
    assert "Tjeklisten er gemt." in texts(at)
    with read_scope(db_url) as s:
        view = {c.item: (c.status, c.note) for c in initiatives.detail(s, target).checklist}
    assert view["insurance"] == ("done", "Kommunens frivilligforsikring")


def test_facilitator_and_politician_only_read_the_detail(demo, db_url):
    target = _id(db_url, "Torsdagsspisning på Lindholt Aktivitetscenter")
    for username in ("facilitator", "politician"):
        at = _detail(username, target)
        assert not at.exception
        assert not [f for f in at.get("form")], username
        assert "Overskredet: Seks faste frivillige kokke fundet" in texts(at)
        assert "Vi lærte" in texts(at) and "kokkevagt" in texts(at)


def test_unknown_initiative_id_shows_a_picker(demo):
    at = _detail("leader", 99999)
    assert "Initiativet findes ikke længere." in texts(at)
    assert at.selectbox(key="initiative_pick")


def test_new_initiative_shows_what_already_runs(demo):
    at = _list("facilitator")
    assert "Det kører allerede (8 aktiviteter)" in [e.label for e in at.expander]
    at.text_input(key="initiatives_activity_search").input("TIRSDAG").run()
    found = [d.value for d in at.dataframe if "Drives af" in d.value.columns]
    assert list(found[0]["Titel"]) == ["Gå-holdet"]
