"""The order of a workshop's phases, and the rules that follow from it."""

import pytest

from db.models import Workshop
from services.workshop import board, phases
from services.workshop.board import RankedIdea
from vocabulary import PHASES


def test_neighbour_phases_stop_at_either_end():
    assert phases.neighbour_phases("draft") == (None, "collect")
    assert phases.neighbour_phases("vote") == ("cluster", "results")
    assert phases.neighbour_phases("closed") == ("results", None)


@pytest.mark.parametrize("phase", PHASES)
def test_dot_rules_freeze_from_the_vote_on(phase):
    frozen = phase in ("vote", "results", "closed")
    assert phases.dot_rules_frozen(Workshop(phase=phase)) is frozen


@pytest.mark.parametrize("phase", PHASES)
def test_running_and_joinable_workshops(phase):
    assert phases.is_running(phase) is (phase not in ("draft", "closed"))
    assert phases.accepts_participants(phase) is (phase != "closed")


def _idea(idea_id, dots_by_group):
    dots = sum(dots_by_group.values())
    return RankedIdea(idea_id, f"Idé {idea_id}", "", "", "", dots, dots, dots_by_group)


def test_results_count_only_ideas_with_dots_and_the_groups_behind_them():
    ranked = [_idea(1, {"volunteer": 2, "citizen": 1}), _idea(2, {"business": 1}), _idea(3, {})]
    assert [r.id for r in board.voted(ranked)] == [1, 2]
    # In the vocabulary's order, not the order the dots came in.
    assert board.supporting_groups(ranked) == ["citizen", "volunteer", "business"]
    assert board.supporting_groups(ranked[2:]) == []
