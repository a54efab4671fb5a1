"""The bulk outcome form: tick ideas, choose the outcome and the reason; refusals change nothing."""

from sqlalchemy import select

from db.models import Idea, IdeaDecision
from db.session import read_scope
from tests.ui.apptest import new_app, sign_in, texts


def _outcomes_tab(at):
    at = at.switch_page("app_pages/catalogue.py").run()
    return (
        at.selectbox(key="outcome_workshop").select_index(1).run()
    )  # newest first: the second idea workshop


def _decision(url, title):
    with read_scope(url) as s:
        idea_id = s.scalars(select(Idea.id).where(Idea.title == title)).one()
        return s.get(IdeaDecision, idea_id)


def test_a_facilitator_takes_a_decision_back_and_gives_it_again_with_a_new_reason(demo, db_url):
    at = _outcomes_tab(sign_in(new_app(), "facilitator"))
    assert not at.exception
    title = "Flextrafik-kursus: sådan bestiller du"
    box = next(c for c in at.checkbox if "Flextrafik" in c.label)
    box.check()  # the label is the idea's title, escaped as literal text
    form_key = next(k for k in (b.key for b in at.button) if k and k.startswith("FormSubmitter:outcomes_"))
    workshop_form = form_key.split("-")[0]
    at = at.button(key=f"{workshop_form}-Tag beslutningen tilbage").click().run()
    assert "Beslutningen er taget tilbage for 1 idé." in texts(at)
    assert _decision(db_url, title) is None

    # Still ticked, but no reason: refused, nothing written.
    at = at.button(key=f"{workshop_form}-Giv de markerede idéer dette udfald").click().run()
    assert "skal udfyldes" in texts(at)
    assert _decision(db_url, title) is None

    next(c for c in at.checkbox if "Flextrafik" in c.label).check()
    at.text_area(
        key=next(t.key for t in at.text_area if t.key and t.key.startswith("outcome_reason_"))
    ).input("Midttrafik holder kurset selv.")
    at = at.button(key=f"{workshop_form}-Giv de markerede idéer dette udfald").click().run()
    assert "1 idé fik sit udfald." in texts(at)
    decision = _decision(db_url, title)
    assert (decision.decision, decision.reason) == ("not_taken_forward", "Midttrafik holder kurset selv.")
