"""Facilitators create and run a workshop: AppTest from app.py, checked against the database."""

from sqlalchemy import select

from db.models import Idea, Participant, Theme, Workshop
from db.session import read_scope
from tests.ui.apptest import by_label, new_app, sign_in, texts


def _workshop(url, workshop_id):
    with read_scope(url) as s:
        return s.get(Workshop, workshop_id)


def _console(demo, workshop_id=None, tab=None):
    """The console on a workshop, on the tab labelled `tab` (only the open tab runs)."""
    at = sign_in(new_app(), "facilitator")
    at.switch_page("app_pages/console.py")
    at.query_params["w"] = str(workshop_id or demo.workshop_ids[2])
    if tab is not None:
        at.session_state["console_tab"] = tab
    return at.run()


def test_create_a_workshop_from_a_past_ones_settings(demo, db_url):
    at = sign_in(new_app(), "facilitator").switch_page("app_pages/workshops.py").run()
    templates = by_label(at.selectbox, "Kopiér indstillinger fra")
    templates.set_value(demo.workshop_ids[1]).run()
    themes = by_label(at.text_area, "Temaer (Open Space-borde eller spørgsmål)")
    assert themes.value.splitlines() == [
        "Mødesteder i lokalområdet",
        "Transport og tilgængelighed",
        "Mellem generationer",
    ]
    by_label(at.text_input, "Titel").input("Idéværksted 3: <Ny> **runde**")
    themes.input(themes.value + "\nFællesskab på nettet")
    by_label(at.button, "Opret værksted").click()
    at.run()
    assert not at.exception
    with read_scope(db_url) as s:
        created = s.scalar(select(Workshop).where(Workshop.title == "Idéværksted 3: <Ny> **runde**"))
        theme_titles = s.scalars(
            select(Theme.title).where(Theme.workshop_id == created.id).order_by(Theme.position)
        ).all()
    assert created.phase == "draft" and len(created.code) == 6
    assert theme_titles[-1] == "Fællesskab på nettet" and len(theme_titles) == 4
    # The console opens on it, showing the title literally (escaped Markdown).
    assert at.title[0].value.replace("\\", "") == "Idéværksted 3: <Ny> **runde**"
    assert "\\*\\*runde\\*\\*" in at.title[0].value


def test_bad_workshop_input_is_explained(demo, db_url):
    at = sign_in(new_app(), "facilitator").switch_page("app_pages/workshops.py").run()
    by_label(at.text_area, "Temaer (Open Space-borde eller spørgsmål)").input("Samme\nsamme")
    by_label(at.button, "Opret værksted").click()
    at.run()
    assert "Titel skal udfyldes." in [e.value for e in at.error]
    by_label(at.text_input, "Titel").input("Nyt værksted")
    by_label(at.button, "Opret værksted").click()
    at.run()
    assert "To temaer har samme titel." in [e.value for e in at.error]
    with read_scope(db_url) as s:
        assert s.scalar(select(Workshop).where(Workshop.title == "Nyt værksted")) is None


def test_phases_move_forward_but_back_only_after_confirming(demo, db_url):
    """The confirmation dialog's own buttons run as a fragment; the e2e test clicks them."""
    at = _console(demo)
    by_label(at.button, "Videre: Idéer grupperes").click()
    at.run()
    assert _workshop(db_url, demo.workshop_ids[2]).phase == "cluster"
    assert "Fasen er skiftet." in texts(at)
    by_label(at.button, "Tilbage til Idéer tilføjes").click()
    at.run()
    assert "Gå tilbage til “Idéer tilføjes”? Alle tablets følger med med det samme." in texts(at)
    assert _workshop(db_url, demo.workshop_ids[2]).phase == "cluster"
    by_label(at.selectbox, "Eller gå direkte til").set_value("results").run()
    by_label(at.button, "Gå").click()
    at.run()
    assert _workshop(db_url, demo.workshop_ids[2]).phase == "results"


def test_time_box_starts_and_stops(demo, db_url):
    at = _console(demo)
    by_label(at.number_input, "Minutter").set_value(7)
    by_label(at.button, "Start tidsramme").click()
    at.run()
    assert _workshop(db_url, demo.workshop_ids[2]).timer_ends_at is not None
    by_label(at.button, "Stop").click()
    at.run()
    assert _workshop(db_url, demo.workshop_ids[2]).timer_ends_at is None


def test_hybrid_entry_registers_a_person_and_their_idea(demo, db_url):
    at = _console(demo, tab="Uden tablet")
    by_label(at.button_group, "Personen deltager som").set_value("business")
    by_label(at.text_input, "Personens navn (valgfrit)").input("Kiosk-Karl")
    by_label(at.button, "Registrér").click()
    at.run()
    with read_scope(db_url) as s:
        proxy = s.scalar(select(Participant).where(Participant.display_name == "Kiosk-Karl"))
    assert proxy.is_proxy and proxy.stakeholder_group == "business"
    by_label(at.selectbox, "Fra").set_value(proxy.id)
    by_label(at.text_input, "Idéens titel").input("Kaffe i kiosken hver fredag")
    by_label(at.button, "Skriv idé ind").click()
    at.run()
    assert not at.error
    with read_scope(db_url) as s:
        idea = s.scalar(select(Idea).where(Idea.title == "Kaffe i kiosken hver fredag"))
    assert idea.participant_id == proxy.id and idea.entered_by_user_id is not None


def test_results_show_support_by_group(demo):
    at = _console(demo, demo.workshop_ids[0], tab="Resultater")
    assert not at.exception
    table = at.dataframe[-1].value
    assert list(table.columns[:4]) == ["Placering", "Idé", "Prikker", "Personer"]
    assert table["Prikker"].is_monotonic_decreasing
    assert {"Borger", "Frivillig"} <= set(table.columns)
    # Per-group columns add up to the total.
    groups = [c for c in table.columns if c not in ("Placering", "Idé", "Prikker", "Personer")]
    assert (table[groups].sum(axis=1) == table["Prikker"]).all()
    assert len(at.get("plotly_chart")) == 1


def test_settings_refuse_bad_input(demo, db_url):
    at = _console(demo, tab="Indstillinger og deling")
    by_label(at.text_input, "Titel").input("")
    by_label(at.button, "Gem indstillinger").click()
    at.run()
    assert "Titel skal udfyldes." in [e.value for e in at.error]
    assert _workshop(db_url, demo.workshop_ids[2]).title == "Konkretiseringsværksted"


def test_projector_shows_the_ideas_and_the_code_while_ideas_are_collected(demo, db_url):
    at = sign_in(new_app(), "facilitator").switch_page("app_pages/projector.py")
    at.query_params["w"] = str(demo.workshop_ids[2])
    at.run()
    assert not at.exception
    assert demo.open_workshop_code in texts(at)
    assert {m.label: m.value for m in at.metric} == {"Deltagere": "6"}
    with read_scope(db_url) as s:
        titles = s.scalars(
            select(Idea.title).where(
                Idea.workshop_id == demo.workshop_ids[2],
                Idea.hidden.is_(False),
                Idea.merged_into_id.is_(None),
            )
        ).all()
    # Every idea is a card on the wall, shown literally (escaped Markdown).
    shown = texts(at).replace("\\", "")
    assert len(titles) == 3 and all(title in shown for title in titles)


def test_preparing_a_workshop_shows_what_already_runs(demo):
    at = sign_in(new_app(), "facilitator").switch_page("app_pages/workshops.py").run()
    titles = [list(df.value.iloc[:, 0]) for df in at.dataframe]
    assert any("Onsdagsklubben" in column for column in titles)


def test_themes_are_renamed_and_added_from_the_settings_tab(demo, db_url):
    workshop_id = demo.workshop_ids[2]
    with read_scope(db_url) as s:
        first = s.scalars(
            select(Theme).where(Theme.workshop_id == workshop_id).order_by(Theme.position)
        ).first()
        count = len(s.scalars(select(Theme.id).where(Theme.workshop_id == workshop_id)).all())
    at = _console(demo, tab="Indstillinger og deling")
    renamed = next(e for e in at.text_input if e.key == f"console_theme_{first.id}")
    renamed.input("Mødesteder <i>nær</i> dig")
    next(e for e in at.button if e.key == f"console_theme_save_{first.id}").click()
    at.run()
    assert not at.exception
    assert "Temaet er gemt." in texts(at)
    by_label(at.text_input, "Nyt tema").input("Fællesskab på nettet")
    by_label(at.button, "Tilføj tema").click()
    at.run()
    assert "Temaet er tilføjet." in texts(at)
    with read_scope(db_url) as s:
        titles = s.scalars(
            select(Theme.title).where(Theme.workshop_id == workshop_id).order_by(Theme.position)
        ).all()
    assert titles[0] == "Mødesteder <i>nær</i> dig"
    assert titles[-1] == "Fællesskab på nettet" and len(titles) == count + 1
