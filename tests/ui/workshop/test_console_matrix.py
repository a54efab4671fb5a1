"""The console's 2×2 matrix tab: open a matrix on ideas, follow the places, split by group, close."""

from sqlalchemy import select

from db.models import AuditEvent, Matrix, Participant
from db.session import read_scope, session_scope
from services.workshop import matrices
from tests.ui.apptest import by_label, new_app, sign_in, texts


def _console(demo):
    at = sign_in(new_app(), "facilitator")
    at.switch_page("app_pages/console.py")
    at.query_params["w"] = str(demo.workshop_ids[2])
    at.session_state["console_tab"] = "2×2-matrix"
    return at.run()


def test_a_facilitator_opens_a_matrix_follows_it_and_closes_it(demo, db_url):
    workshop_id = demo.workshop_ids[2]
    at = _console(demo)
    assert not at.exception
    picker = by_label(at.multiselect, "Idéer, der skal placeres")
    chosen = list(picker.options[:3])
    picker.set_value([o for o in picker.options if o in chosen])
    by_label(at.button, "Åbn matrixen").click()
    at.run()
    assert not at.exception
    assert "Matrixen er åben på tablets og projektor." in texts(at)
    with read_scope(db_url) as s:
        view = matrices.open_matrix_of(s, workshop_id)
        assert view is not None and view.kind == "impact_effort" and len(view.ideas) == 3
    with session_scope(db_url) as s:
        people = s.scalars(select(Participant).where(Participant.workshop_id == workshop_id).limit(2)).all()
        for person, (x, y) in zip(people, ((1, 9), (3, 7)), strict=True):
            matrices.place(s, person, view.id, {view.ideas[0][0]: (x, y)})
    at.run()
    shown = texts(at)
    assert "2 deltagere har placeret idéer." in shown
    table = at.dataframe[0].value
    assert list(table["Nr."]) == [1]
    assert table["Indsats: median"].iloc[0] == 2.0 and table["Effekt: median"].iloc[0] == 8.0
    assert table["Kvadrant"].iloc[0] == "Høj effekt, lav indsats (lavthængende frugter)"

    by_label(at.toggle, "Vis fordelt på interessentgrupper på projektoren").set_value(True).run()
    with read_scope(db_url) as s:
        assert s.get(Matrix, view.id).by_group is True
    by_label(at.button, "Luk matrixen").click()
    at.run()
    with read_scope(db_url) as s:
        assert matrices.open_matrix_of(s, workshop_id) is None
        actions = set(s.scalars(select(AuditEvent.action).where(AuditEvent.action.like("matrix.%"))))
    assert actions == {"matrix.opened", "matrix.by_group", "matrix.closed"}
    # Closed, its results stay, and the form to open the next one is back.
    assert by_label(at.button, "Åbn matrixen") is not None
    assert at.dataframe[0].value["Deltagere"].iloc[0] == 2


def test_own_axes_without_names_are_explained(demo, db_url):
    at = _console(demo)
    picker = by_label(at.multiselect, "Idéer, der skal placeres")
    picker.set_value([picker.options[0]])
    by_label(at.radio, "Slags").set_value("custom")
    by_label(at.button, "Åbn matrixen").click()
    at.run()
    assert "Vandret akse skal udfyldes." in [e.value for e in at.error]
    with read_scope(db_url) as s:
        assert matrices.open_matrix_of(s, demo.workshop_ids[2]) is None
