"""A process as a stepper: its phases, where it stands, what comes next and where that is done.

Plain data for the overview: each phase names the page where its work happens, so the
overview can say "Next: idea workshops → create a workshop" with a link to that page.
"""

from __future__ import annotations

from dataclasses import dataclass

from vocabulary import PROCESS_PHASES

# Phase -> the page where its work is done (app.py's page keys).
WHERE = {
    "framing": "processes",
    "idea_workshops": "workshops",
    "concretising": "workshops",
    "catalogue": "catalogue",
    "initiatives": "initiatives",
    "evaluation": "surveys",
}


@dataclass(frozen=True)
class Step:
    phase: str
    state: str  # "done", "current" or "later"
    page: str


@dataclass(frozen=True)
class Stepper:
    steps: tuple[Step, ...]
    current: Step
    next: Step | None  # None in the last phase


def stepper(process_phase: str) -> Stepper:
    """The stepper of a process in `process_phase` (a Process row's phase, one of PROCESS_PHASES)."""
    here = PROCESS_PHASES.index(process_phase)
    steps = tuple(
        Step(p, "done" if i < here else "current" if i == here else "later", WHERE[p])
        for i, p in enumerate(PROCESS_PHASES)
    )
    return Stepper(steps, steps[here], steps[here + 1] if here + 1 < len(steps) else None)
