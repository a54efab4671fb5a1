"""A process's stepper: phases before it are done, what comes next, and where that is done."""

from services.workshop.process_steps import stepper
from vocabulary import PROCESS_PHASES


def test_the_first_phase_has_idea_workshops_next_on_the_workshops_page():
    steps = stepper("framing")
    assert [s.state for s in steps.steps] == ["current"] + ["later"] * 5
    assert steps.next is not None
    assert (steps.next.phase, steps.next.page) == ("idea_workshops", "workshops")


def test_a_middle_phase_has_the_earlier_ones_done():
    steps = stepper("catalogue")
    assert [s.state for s in steps.steps] == ["done", "done", "done", "current", "later", "later"]
    assert steps.current.page == "catalogue"
    assert steps.next is not None and steps.next.phase == "initiatives"


def test_the_last_phase_has_nothing_next():
    steps = stepper(PROCESS_PHASES[-1])
    assert steps.next is None
    assert steps.current.phase == "evaluation"
