"""2×2 matrices: opened by staff who run workshops, placed by participants (one place per idea,
changed in place), medians and quartiles against hand-worked figures, export opened as files."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from db.models import AuditEvent, CatalogueEntry, MatrixPlacement
from services.action import matrix_catalogue
from services.admin.permissions import SYSTEM
from services.common.errors import Conflict, InvalidInput, NotAllowed, NotFound, WorkshopClosed
from services.workshop import matrices, matrix_export
from services.workshop.matrices import Axes, quartiles
from tests.factories import HOSTILE, make_idea, make_participant, make_user, make_workshop
from vocabulary import STAKEHOLDER_GROUPS


def _room(session, n_ideas=2, groups=("citizen", "citizen", "business", "business")):
    w = make_workshop(session, phase="vote")
    ideas = [make_idea(session, w, title=f"Idé {i}") for i in range(n_ideas)]
    people = [make_participant(session, w, stakeholder_group=g)[0] for g in groups]
    return w, ideas, people


def test_quartiles_are_excels_quartile_inc():
    # Worked by hand: QUARTILE.INC of 1,2,3,4 puts Q1 at 1 + 0.75·(2−1) = 1.75 and Q3 at 3.25.
    assert quartiles([4, 1, 3, 2]) == (1.75, 2.5, 3.25)
    # 0,2,6,8,10: positions (n−1)·p = 1, 2, 3 → 2, 6, 8.
    assert quartiles([10, 0, 8, 2, 6]) == (2.0, 6.0, 8.0)
    assert quartiles([7]) == (7.0, 7.0, 7.0)


def test_a_facilitator_opens_a_matrix_and_the_room_sees_medians_with_spread(session):
    facilitator = make_user(session, role="facilitator")
    w, (first, second), (a, b, c, d) = _room(session)
    view = matrices.open_matrix(
        session, w.id, [second.id, first.id], kind="impact_effort", by_user_id=facilitator.id
    )
    assert [i for i, _ in view.ideas] == [second.id, first.id]
    assert matrices.open_matrix_of(session, w.id) == view
    [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "matrix.opened")).all()
    assert (event.user_id, json.loads(event.detail)["ideas"]) == (facilitator.id, 2)

    for person, (x, y) in zip((a, b, c, d), ((1, 9), (2, 8), (3, 10), (4, 4)), strict=True):
        matrices.place(session, person, view.id, {first.id: (x, y)})
    matrices.place(session, a, view.id, {second.id: (9, 2)})

    overall = {s.idea_id: s for s in matrices.spreads(session, view.id)}
    f = overall[first.id]
    # x: 1,2,3,4 → 1.75 / 2.5 / 3.25; y: 4,8,9,10 → 7 / 8.5 / 9.25 (by hand, QUARTILE.INC).
    assert (f.count, f.x_q1, f.x_median, f.x_q3) == (4, 1.75, 2.5, 3.25)
    assert (f.y_q1, f.y_median, f.y_q3) == (7.0, 8.5, 9.25)
    assert f.quadrant == "hl"  # high impact, low effort: a quick win
    assert overall[second.id].quadrant == "lh"
    assert [s.idea_id for s in matrices.spreads(session, view.id)] == [second.id, first.id]

    grouped = {(s.idea_id, s.group): s for s in matrices.spreads(session, view.id, by_group=True)}
    assert set(grouped) == {(first.id, "citizen"), (first.id, "business"), (second.id, "citizen")}
    citizens = grouped[(first.id, "citizen")]
    # Citizens a, b: x 1,2 → Q1 1.25, median 1.5, Q3 1.75; y 9,8 → 8.25 / 8.5 / 8.75.
    assert (citizens.x_q1, citizens.x_median, citizens.x_q3) == (1.25, 1.5, 1.75)
    assert (citizens.y_q1, citizens.y_median, citizens.y_q3) == (8.25, 8.5, 8.75)
    assert matrices.placed_by(session, view.id) == 4
    assert matrices.quadrant_ideas(session, view.id, "hl") == [first.id]


def test_one_place_per_participant_and_idea_which_they_may_change(session):
    w, (idea, _), (a, *_) = _room(session)
    view = matrices.open_matrix(session, w.id, [idea.id], kind="how_now_wow", by_user_id=SYSTEM)
    matrices.place(session, a, view.id, {idea.id: (2, 3)})
    matrices.place(session, a, view.id, {idea.id: (8, 7)})
    assert matrices.my_places(session, a, view.id) == {idea.id: (8, 7)}
    assert session.scalar(select(func.count()).select_from(MatrixPlacement)) == 1


@pytest.mark.parametrize("bad", [-1, 11, 2.5, "5", True, None])
def test_a_place_off_the_axes_is_refused(session, bad):
    w, (idea, _), (a, *_) = _room(session)
    view = matrices.open_matrix(session, w.id, [idea.id], kind="impact_effort", by_user_id=SYSTEM)
    with pytest.raises(InvalidInput):
        matrices.place(session, a, view.id, {idea.id: (bad, 5)})
    assert session.scalar(select(func.count()).select_from(MatrixPlacement)) == 0


def test_places_only_on_the_open_matrix_of_ones_own_workshop(session):
    w, (idea, other_idea), (a, *_) = _room(session)
    view = matrices.open_matrix(session, w.id, [idea.id], kind="impact_effort", by_user_id=SYSTEM)
    stranger, _ = make_participant(session, make_workshop(session))
    with pytest.raises(NotFound):
        matrices.place(session, stranger, view.id, {idea.id: (1, 1)})
    with pytest.raises(NotFound):  # an idea the matrix does not ask about
        matrices.place(session, a, view.id, {other_idea.id: (1, 1)})
    matrices.close_matrix(session, view.id, by_user_id=SYSTEM)
    with pytest.raises(Conflict):
        matrices.place(session, a, view.id, {idea.id: (1, 1)})
    assert matrices.open_matrix_of(session, w.id) is None


def test_one_open_matrix_per_workshop_and_only_for_staff_who_run_workshops(session):
    w, (idea, _), _ = _room(session)
    for role in ("leader", "politician"):
        with pytest.raises(NotAllowed):
            matrices.open_matrix(
                session, w.id, [idea.id], kind="impact_effort", by_user_id=make_user(session, role=role).id
            )
    first = matrices.open_matrix(session, w.id, [idea.id], kind="impact_effort", by_user_id=SYSTEM)
    with pytest.raises(Conflict):
        matrices.open_matrix(session, w.id, [idea.id], kind="how_now_wow", by_user_id=SYSTEM)
    matrices.close_matrix(session, first.id, by_user_id=SYSTEM)
    second = matrices.open_matrix(session, w.id, [idea.id], kind="how_now_wow", by_user_id=SYSTEM)
    assert [m.id for m in matrices.matrices_of(session, w.id)] == [second.id, first.id]


def test_own_axes_are_required_and_kept_as_typed(session):
    w, (idea, _), _ = _room(session)
    with pytest.raises(InvalidInput):
        matrices.open_matrix(session, w.id, [idea.id], kind="custom", by_user_id=SYSTEM)
    axes = Axes("Pris", "Billig", "Dyr", HOSTILE[:60], "Lidt", "Meget")
    view = matrices.open_matrix(session, w.id, [idea.id], kind="custom", axes=axes, by_user_id=SYSTEM)
    assert view.axes == axes
    with pytest.raises(InvalidInput):
        matrices.open_matrix(session, w.id, [], kind="impact_effort", by_user_id=SYSTEM)


def test_a_closed_workshop_takes_no_matrix(session):
    w, (idea, _), _ = _room(session)
    w.phase = "closed"
    with pytest.raises(WorkshopClosed):
        matrices.open_matrix(session, w.id, [idea.id], kind="impact_effort", by_user_id=SYSTEM)


def test_the_by_group_switch_is_staffs_and_audited(session):
    w, (idea, _), _ = _room(session)
    view = matrices.open_matrix(session, w.id, [idea.id], kind="impact_effort", by_user_id=SYSTEM)
    with pytest.raises(NotAllowed):
        matrices.show_by_group(session, view.id, True, by_user_id=make_user(session, role="leader").id)
    matrices.show_by_group(session, view.id, True, by_user_id=SYSTEM)
    assert matrices.get_matrix(session, view.id).by_group is True
    assert session.scalar(select(func.count()).where(AuditEvent.action == "matrix.by_group")) == 1


HEADERS = {k: k.upper() for k in matrix_export.HEADER_KEYS} | {
    f"group.{g}": f"G-{g}" for g in STAKEHOLDER_GROUPS
} | {f"quadrant.{q}": f"Q-{q}" for q in matrices.QUADRANTS}  # fmt: skip


def _placed(session):
    w, (first, second), (a, b, c, d) = _room(session)
    first.title = '=HYPERLINK("http://evil","x")'
    view = matrices.open_matrix(session, w.id, [first.id, second.id], kind="impact_effort", by_user_id=SYSTEM)
    for person, (x, y) in zip((a, b, c, d), ((1, 9), (2, 8), (3, 10), (4, 4)), strict=True):
        matrices.place(session, person, view.id, {first.id: (x, y), second.id: (8, 1)})
    return view, first


def test_the_results_open_as_csv_and_as_excel(session):
    view, first = _placed(session)
    text = matrix_export.to_csv(session, view.id, HEADERS, "da").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["IDEA", "GROUP", "COUNT", "X_MEDIAN"]
    overall = rows[1]
    assert overall[0] == "'" + first.title  # inert: no formula
    assert overall[1:] == ["ALL", "4", "2,5", "1,75", "3,25", "8,5", "7,0", "9,25", "Q-hl"]
    assert rows[3][1:4] == ["G-citizen", "2", "1,5"]  # after the two overall rows, by group

    book = load_workbook(io.BytesIO(matrix_export.to_excel(session, view.id, HEADERS)))
    assert book.sheetnames == ["SHEET_RESULTS", "SHEET_PLACEMENTS"]
    results = list(book["SHEET_RESULTS"].iter_rows(values_only=True))
    assert results[1] == (first.title, "ALL", 4, 2.5, 1.75, 3.25, 8.5, 7.0, 9.25, "Q-hl")
    placements = list(book["SHEET_PLACEMENTS"].iter_rows(values_only=True))
    assert placements[0] == ("IDEA", "GROUP", "X", "Y")
    assert len(placements) == 1 + 8  # four people × two ideas, by group, no names
    assert (first.title, "G-business", 3, 10) in placements


def test_a_quadrant_goes_to_the_catalogue_once(session):
    view, first = _placed(session)
    facilitator = make_user(session, role="facilitator")
    assert matrix_catalogue.send_quadrant_to_catalogue(session, view.id, "hl", by_user_id=facilitator.id) == 1
    entries = session.scalars(select(CatalogueEntry)).all()
    assert [e.idea_id for e in entries] == [first.id]
    with pytest.raises(Conflict):  # nothing new in that quadrant
        matrix_catalogue.send_quadrant_to_catalogue(session, view.id, "hl", by_user_id=facilitator.id)
    with pytest.raises(NotAllowed):
        matrix_catalogue.send_quadrant_to_catalogue(
            session, view.id, "lh", by_user_id=make_user(session, role="politician").id
        )
