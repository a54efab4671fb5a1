"""A facilitator lays out the Open Space marketplace in the console: AppTest, checked in the database."""

from sqlalchemy import select

from db.models import OpenSpaceSession
from db.session import read_scope
from services.workshop.open_space import view
from tests.ui.apptest import by_label, new_app, sign_in, texts


def _tab(demo):
    at = sign_in(new_app(), "facilitator")
    at.switch_page("app_pages/console.py")
    at.query_params["w"] = str(demo.workshop_ids[2])
    at.session_state["console_tab"] = "Open Space"
    return at.run()


def test_a_facilitator_lays_out_slots_and_rooms_and_places_a_session(demo, db_url):
    workshop_id = demo.workshop_ids[2]
    at = _tab(demo)
    assert not at.exception
    by_label(at.toggle, "Open Space på tablets og projektor").set_value(True).run()
    by_label(at.text_input, "Fra").input("10.00")
    by_label(at.text_input, "Til").input("10.45")
    by_label(at.button, "Tilføj tidsrum").click().run()
    by_label(at.text_input, "Rum").input("Salen <b>")
    by_label(at.button, "Tilføj rum").click().run()
    by_label(at.text_input, "Emne").input("**Spisefællesskaber**")
    by_label(at.text_input, "Navn på den, der indkalder").input("Birthe")
    by_label(at.button, "Sæt på markedspladsen").click().run()
    assert not at.exception
    with read_scope(db_url) as s:
        market = view.marketplace(s, workshop_id)
        held = s.scalar(select(OpenSpaceSession).where(OpenSpaceSession.workshop_id == workshop_id))
    assert market.switched_on
    assert [x.label for x in market.slots] == ["10.00–10.45"]
    assert [r.name for r in market.rooms] == ["Salen <b>"]
    assert (held.topic, held.convener, held.slot_id) == ("**Spisefællesskaber**", "Birthe", None)
    # The topic shows literally, and the session is placed with its select box.
    assert "\\*\\*Spisefællesskaber\\*\\*" in texts(at)
    by_label(at.selectbox, "Plads").set_value((market.slots[0].id, market.rooms[0].id)).run()
    by_label(at.button, "Placér").click().run()
    assert not at.exception
    with read_scope(db_url) as s:
        placed = view.marketplace(s, workshop_id).cell(market.slots[0].id, market.rooms[0].id)
    assert placed is not None and placed.topic == "**Spisefællesskaber**"


def test_the_demo_open_space_shows_its_reports_in_the_console(demo, db_url):
    with read_scope(db_url) as s:
        workshop_id = s.scalar(select(OpenSpaceSession.workshop_id).limit(1))
    at = sign_in(new_app(), "facilitator")
    at.switch_page("app_pages/console.py")
    at.query_params["w"] = str(workshop_id)
    at.session_state["console_tab"] = "Open Space"
    at.run()
    assert not at.exception
    labels = [e.label for e in at.expander]
    assert "Spisefællesskaber i landsbyerne" in [label.replace("\\", "") for label in labels]


def test_a_facilitator_removes_a_session_after_confirming(demo, db_url):
    workshop_id = demo.workshop_ids[2]
    at = _tab(demo)
    by_label(at.toggle, "Open Space på tablets og projektor").set_value(True).run()
    by_label(at.text_input, "Emne").input("Gåture <i>i</i> parken")
    by_label(at.text_input, "Navn på den, der indkalder").input("Birthe")
    by_label(at.button, "Sæt på markedspladsen").click().run()
    assert (
        "Fjern «Gåture <i>i</i> parken» fra markedspladsen? Den forsvinder på alle tablets og på projektoren."
        in [m.value.replace("\\", "") for m in at.markdown]
    )
    by_label(at.button, "Ja, fjern sessionen").click().run()
    assert not at.exception
    with read_scope(db_url) as s:
        assert view.marketplace(s, workshop_id).sessions == ()
    assert "Sessionen er fjernet fra markedspladsen." in [x.value for x in at.success]
