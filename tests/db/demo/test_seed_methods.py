"""The demo's methods: a matrix the room placed its ideas on, a knowledge base, concretising plans."""

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


def test_the_process_has_a_knowledge_base_and_two_concretising_plans(session, demo):
    from services.action import concretising
    from services.workshop import knowledge

    found = knowledge.items(session, demo.process_id)
    kinds = [i.kind for i in found]
    assert kinds.count("link") == 2 and kinds.count("question") == 3 and "fact" in kinds and "figure" in kinds
    assert all(knowledge.safe_url(i.url) for i in found if i.kind == "link")
    plans = concretising.process_plans(session, demo.process_id)
    assert len(plans) == 2 and all(p.first_step and p.anchoring for _, _, p in plans)
