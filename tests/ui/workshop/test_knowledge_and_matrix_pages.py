"""The knowledge base, the concretising plans and the matrix on the pages, through AppTest."""

import re

from sqlalchemy import func, select

from components.literal import literal
from db.models import ConcretePlan, KnowledgeItem
from db.session import read_scope, session_scope
from services.admin.permissions import SYSTEM
from services.workshop import knowledge, matrices, participants
from tests.factories import HOSTILE
from tests.statements import statements_sent
from tests.ui.apptest import by_label, new_app, sign_in, texts


def _token(db_url, code):
    with session_scope(db_url) as s:
        _, token = participants.join(s, code, stakeholder_group="citizen")
    return token


def test_a_participant_reads_the_knowledge_base_and_the_plans(demo, db_url):
    with session_scope(db_url) as s:
        knowledge.add_item(s, demo.process_id, kind="fact", title=HOSTILE, body=HOSTILE, by_user_id=SYSTEM)
    at = new_app(p=_token(db_url, demo.open_workshop_code)).run()
    assert not at.exception
    [viden] = [e for e in at.expander if e.label == "Viden"]
    shown = texts(at)
    for text in (
        "Hver tiende over 75 føler sig ofte uønsket alene",
        "https://modensomhed.dk",  # the address as text, beside the link button
        "Hvad får dig ud af døren en almindelig tirsdag?",
        "Møde mellem seniorforeningen og centerlederen om køkken og hygiejne.",  # a plan
        HOSTILE,
    ):
        assert literal(text) in shown
    assert "<script>" not in shown
    assert [b.label for b in at.get("link_button")][:2] == ["Åbn linket", "Åbn linket"]
    assert viden is not None


def test_a_page_with_a_file_reads_its_bytes_only_when_downloaded(demo, db_url):
    """Every tablet's page run shows the file's button; the bytes (up to the file limit) are
    read when it is pressed, not on every run."""
    with session_scope(db_url) as s:
        knowledge.add_item(
            s, demo.process_id, kind="file", title="Faktaark", file_name="faktaark.pdf",
            file_data=b"%PDF-1.4 " + b"x" * 50_000, by_user_id=SYSTEM,
        )  # fmt: skip
    with statements_sent() as sent:
        at = new_app(p=_token(db_url, demo.open_workshop_code)).run()
    assert not at.exception
    assert "Hent faktaark.pdf" in [b.label for b in at.get("download_button")]
    reads_bytes = [q for q in sent if re.search(r"(?<!length\()\bknowledge_item\.file_data\b", q)]
    assert any("knowledge_item" in q for q in sent) and reads_bytes == []


def test_a_participant_places_ideas_on_the_open_matrix(demo, db_url):
    with session_scope(db_url) as s:
        titles = (
            s.execute(
                select(matrices.Idea.id).where(matrices.Idea.workshop_id == demo.workshop_ids[2]).limit(2)
            )
            .scalars()
            .all()
        )
        view = matrices.open_matrix(s, demo.workshop_ids[2], titles, kind="how_now_wow", by_user_id=SYSTEM)
    token = _token(db_url, demo.open_workshop_code)
    at = new_app(p=token).run()
    assert "Placér idéerne" in texts(at)
    sliders = at.slider
    assert [s.label for s in sliders] == ["Originalitet", "Gennemførlighed"] * 2
    sliders[0].set_value(9)
    sliders[1].set_value(2)
    by_label(at.button, "Gem mine placeringer").click()
    at.run()
    assert not at.exception
    with read_scope(db_url) as s:
        me = participants.participant_by_token(s, token)
        assert matrices.my_places(s, me, view.id) == {titles[0]: (9, 2), titles[1]: (5, 5)}


def test_a_facilitator_adds_knowledge_and_a_bad_link_is_explained(demo, db_url):
    at = sign_in(new_app(), "facilitator").switch_page("app_pages/processes.py").run()
    with read_scope(db_url) as s:
        before = s.scalar(select(func.count()).select_from(KnowledgeItem))
    at.selectbox(key="knowledge_new_kind").set_value("link")
    at.text_input(key="knowledge_new_title").input("Farligt link")
    at.text_input(key="knowledge_new_url").input("javascript:alert(1)")
    at.button(key="FormSubmitter:knowledge_new-Tilføj").click()
    at.run()
    assert "Et link skal være en hel webadresse, der begynder med http:// eller https://." in [
        e.value for e in at.error
    ]
    at.selectbox(key="knowledge_new_kind").set_value("question")
    at.text_input(key="knowledge_new_title").input("Hvem mangler vi at høre fra?")
    at.button(key="FormSubmitter:knowledge_new-Tilføj").click()
    at.run()
    assert not at.exception
    with read_scope(db_url) as s:
        assert s.scalar(select(func.count()).select_from(KnowledgeItem)) == before + 1
        assert s.scalar(
            select(KnowledgeItem.kind).where(KnowledgeItem.title == "Hvem mangler vi at høre fra?")
        ) == ("question")


def test_a_facilitator_fills_in_a_plan_on_the_catalogue(demo, db_url):
    at = sign_in(new_app(), "facilitator").switch_page("app_pages/catalogue.py")
    at.session_state["catalogue_tabs"] = "Formulering og rækkefølge"
    at.run()
    by_label(at.text_area, "Første skridt").input("Ring til præsten")
    by_label(at.button, "Gem planen").click()
    at.run()
    assert not at.exception
    assert "Planen er gemt." in texts(at)
    with read_scope(db_url) as s:
        assert s.scalar(select(func.count()).where(ConcretePlan.first_step == "Ring til præsten")) == 1
