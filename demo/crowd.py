"""The demo's crowd: who turns up to a workshop, what they write and how they spend their dots.

Shared by the main process and the earlier, smaller one, so both look like the same town.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from db.models import Idea, Participant, Vote, Workshop
from services.workshop import counts
from services.workshop.participants import hash_token

# Who turns up, and how often: the warning in the sources is that co-creation reaches
# the already active, so the demo shows it (many employees and volunteers, few young).
GROUP_WEIGHTS = {
    "citizen": 30,
    "volunteer": 25,
    "association": 15,
    "employee": 20,
    "politician": 4,
    "business": 2,
    "other": 4,
}
AGE_WEIGHTS = {None: 10, "30_49": 8, "50_64": 22, "65_79": 45, "80_plus": 15}
FIRST_NAMES = (
    "Anna",
    "Bent",
    "Birthe",
    "Erik",
    "Grethe",
    "Hanne",
    "Jens",
    "Karen",
    "Kirsten",
    "Lars",
    "Lone",
    "Niels",
    "Ole",
    "Peter",
    "Ruth",
    "Søren",
    "Tove",
    "Ulla",
    "Vagn",
    "Aase",
)


def pick(rng: random.Random, weights: dict) -> object:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _start(workshop: Workshop) -> datetime:
    """When a demo workshop began; the crowd joins and writes after it."""
    if workshop.starts_at is None:
        raise ValueError(f"demo workshop {workshop.title!r} has no start")
    return workshop.starts_at


def add_participants(
    session: Session, rng: random.Random, workshop: Workshop, count: int, areas: tuple[str, ...]
) -> list[Participant]:
    people = []
    for _ in range(count):
        named = rng.random() < 0.6
        people.append(
            Participant(
                workshop_id=workshop.id,
                # Demo participants cannot be resumed from a link: their token is not kept.
                token_hash=hash_token(f"demo-{rng.random()}"),
                display_name=rng.choice(FIRST_NAMES) if named else None,
                stakeholder_group=pick(rng, GROUP_WEIGHTS),
                age_band=pick(rng, AGE_WEIGHTS),
                area=rng.choice((*areas, None)),
                first_time=rng.random() < 0.55,
                joined_at=_start(workshop) + timedelta(minutes=rng.randint(0, 25)),
            )
        )
    session.add_all(people)
    session.flush()
    return people


def add_ideas(
    session: Session,
    rng: random.Random,
    workshop: Workshop,
    ideas: tuple[tuple[str, str, str], ...],
    authors: list[Participant],
) -> list[Idea]:
    theme_ids = {theme.title: theme.id for theme in workshop.themes}
    rows = [
        Idea(
            workshop_id=workshop.id,
            theme_id=theme_ids[theme],
            participant_id=rng.choice(authors).id,
            title=title,
            description=description,
            created_at=_start(workshop) + timedelta(minutes=20 + i),
        )
        for i, (theme, title, description) in enumerate(ideas)
    ]
    session.add_all(rows)
    session.flush()
    return rows


def add_votes(
    session: Session, rng: random.Random, workshop: Workshop, people: list[Participant], ideas: list[Idea]
) -> None:
    """Each participant spends most of the budget, never over the budget or the cap."""
    # Some ideas are simply more popular: weight them so the results have a clear top.
    popularity = [rng.uniform(0.2, 3.0) for _ in ideas]
    for person in people:
        budget = rng.randint(workshop.dot_budget - 2, workshop.dot_budget)
        dots: dict[int, int] = {}
        while sum(dots.values()) < budget:
            idea = rng.choices(ideas, weights=popularity)[0]
            if dots.get(idea.id, 0) < workshop.dots_per_idea:
                dots[idea.id] = dots.get(idea.id, 0) + 1
        session.add_all(
            Vote(workshop_id=workshop.id, idea_id=i, participant_id=person.id, dots=d)
            for i, d in dots.items()
        )
        person.votes_used = sum(dots.values())
    session.flush()
    counts.recount(session, [idea.id for idea in ideas])  # the votes bypassed the dots' service
