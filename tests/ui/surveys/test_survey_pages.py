"""Staff run survey waves (link, QR, close) and read results that hide small groups."""

from sqlalchemy import select

from components.literal import literal
from db.models import SurveyWave
from db.session import read_scope
from tests.factories import HOSTILE
from tests.ui.apptest import by_label, new_app, sign_in, texts


def _open(username, page):
    return sign_in(new_app(), username).switch_page(f"app_pages/{page}.py").run()


def test_leader_starts_a_wave_and_gets_its_link_and_qr(demo, db_url):
    at = _open("leader", "surveys")
    assert not at.exception and at.title[0].value == "Spørgeskemaer"
    # The open demo wave is shown first, with its anonymous link and QR code.
    assert "Medarbejdere i Ældre og Sundhed" in at.subheader[0].value
    images = at.get("image")
    assert images and images[0].captions == ["Scan for at svare"], "expected the QR code image"
    link = at.code[0].value
    assert "/survey?s=" in link and link.endswith("&lang=da")
    at.button_group(key=f"surveys_link_language_{at.selectbox(key='surveys_pick').value}").set_value(
        "en"
    ).run()
    assert at.code[0].value.endswith("&lang=en")

    at.selectbox(key="surveys_new_instrument").select("volunteer_motivation")
    at.text_input(key="surveys_new_title").input(f"{HOSTILE} forår")
    by_label(at.button, "Start runden").click()
    at.run()
    assert not at.exception
    assert f"“{literal(HOSTILE + ' forår')}” er klar til at blive delt." in [s.value for s in at.success]
    with read_scope(db_url) as s:
        wave = s.scalars(select(SurveyWave).order_by(SurveyWave.id.desc())).first()
        assert (wave.instrument_key, wave.process_id) == ("volunteer_motivation", demo.process_id)
    assert at.selectbox(key="surveys_pick").value == wave.id
    assert wave.link_token in at.code[0].value


def test_closing_needs_confirmation_and_is_final(demo, db_url):
    at = _open("facilitator", "surveys")
    wave_id = at.selectbox(key="surveys_pick").value
    by_label(at.button, "Luk runden").click()
    at.run()
    assert "Sæt først flueben for at bekræfte." in [e.value for e in at.error]
    at.checkbox(key=f"surveys_close_confirm_{wave_id}").check()
    by_label(at.button, "Luk runden").click()
    at.run()
    assert "Medarbejdere i Ældre og Sundhed" in " ".join(s.value for s in at.success)
    with read_scope(db_url) as s:
        assert s.get(SurveyWave, wave_id).closed_at is not None
    at.selectbox(key="surveys_pick").select(wave_id).run()
    assert "Runden er lukket" in texts(at)
    assert not at.code


def test_results_by_factor_and_small_waves_hidden(demo):
    at = _open("politician", "survey_results")
    assert not at.exception and at.title[0].value == "Spørgeskemaresultater"
    pick = at.selectbox(key="survey_results_pick")
    labels = pick.options
    shown = next(label for label in labels if label.startswith("Frivillige – efter"))
    pick.select(shown).run()
    tables = [d.value for d in at.dataframe]
    factors = tables[0]
    assert list(factors["Faktor"]) == [
        "Værdier",
        "Det sociale",
        "Læring og forståelse",
        "Job og uddannelse",
        "Frirum fra bekymringer",
        "Selvværd",
    ]
    assert all(n >= 5 for n in factors["Svar"])
    charts = [c.key for c in at.get("plotly_chart") if c.key.startswith("survey_results_")]
    assert charts[:4] == [
        f"survey_results_{kind}_{group}"
        for group in ("motivation", "barriers")
        for kind in ("means", "distribution")
    ]
    small = next(label for label in labels if label.startswith("Frivillige i Café Kaffekanden"))
    at.selectbox(key="survey_results_pick").select(small).run()
    assert "Kun 3 svar. Resultater vises fra 5 svar" in texts(at)
    assert not [c for c in at.get("plotly_chart") if "means" in c.key]
    assert not [d for d in at.dataframe if "Gennemsnit" in d.value.columns]
    running = next(label for label in labels if label.startswith("Medarbejdere i Ældre og Sundhed"))
    at.selectbox(key="survey_results_pick").select(running).run()
    assert "Runden er stadig åben (4 svar indtil nu)." in texts(at)


def test_before_and_after_comparison(demo):
    at = _open("leader", "survey_results")
    before = at.selectbox(key="survey_results_before")
    start = next(o for o in before.options if o.startswith("Kursus i samskabelse – før"))
    before.select(start).run()
    after = next(s for s in at.selectbox if s.key and s.key.startswith("survey_results_after_"))
    assert after.value is not None and after.format_func(after.value).startswith(
        "Kursus i samskabelse – efter"
    )
    table = next(d.value for d in at.dataframe if "Ændring" in d.value.columns)
    assert len(table) == 5
    assert all(change.startswith("+") for change in table["Ændring"])
    assert at.get("plotly_chart")
