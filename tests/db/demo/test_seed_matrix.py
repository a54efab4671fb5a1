"""The demo's concretising workshop has a matrix the room placed its ideas on, with a real spread."""

from services.workshop import matrices


def test_the_concretising_workshop_has_a_closed_matrix_with_a_spread(session, demo):
    [view] = matrices.matrices_of(session, demo.workshop_ids[2])
    assert view.kind == "impact_effort" and not view.is_open  # the projector shows the room
    assert len(view.ideas) == 3
    assert matrices.placed_by(session, view.id) == 6
    found = matrices.spreads(session, view.id)
    assert [s.count for s in found] == [6, 6, 6]
    assert any(s.x_q3 > s.x_q1 for s in found)  # people disagree somewhere
    assert found[0].quadrant == "hl"  # shared meals: the quick win
    assert len({s.quadrant for s in found}) >= 2
