"""The demo's Open Space workshop: a morning of sessions on loneliness among older people,
with a grid of three slots × three rooms, participants' picks and the sessions' reports.

Seeded through the services, as a facilitator and participants would; closed afterwards,
so its reports are the proceedings on the catalogue page. Its own random generator keeps
the rest of the demo exactly as it was.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

import i18n
from demo.crowd import add_participants
from services.admin.permissions import SYSTEM
from services.workshop import new_workshops, workshops
from services.workshop.open_space import grid, market, reports
from services.workshop.open_space.view import my_picks

TITLE = "Open Space: Ensomhed blandt ældre – hvad kan vi selv gøre?"
SLOTS = (("10.00", "10.45"), ("11.00", "11.45"), ("13.00", "13.45"))
ROOMS = ("Salen", "Biblioteket", "Haven")
# (topic, convener, slot, room, report or None): report = notes, ideas, next steps, counts by group.
SESSIONS: tuple[tuple[str, str, int, int, tuple[str, str, str, dict[str, int]] | None], ...] = (
    (
        "Spisefællesskaber i landsbyerne",
        "Birthe Holm",
        0,
        0,
        (
            "Mange spiser alene, især efter at have mistet en ægtefælle. Forsamlingshusene står tomme "
            "de fleste hverdage, og flere foreninger vil gerne lave mad, hvis nogen står for indkøb.",
            "Fællesspisning hver anden torsdag i forsamlingshuset\nMadpakke-bytte for enlige",
            "Birthe taler med forsamlingshusets bestyrelse. Ældresagen spørger efter frivillige kokke.",
            {"citizen": 7, "volunteer": 3, "association": 2},
        ),
    ),
    (
        "Når bussen ikke kører: kørsel til fællesskaber",
        "Jens Mikkelsen",
        0,
        1,
        (
            "Flere kan ikke komme til aktiviteter uden bil. Flextrafik opleves som besværlig at bestille.",
            "Frivillige chauffører med kørebog\nFast flextur til aktivitetscentret om onsdagen",
            "Kommunen undersøger, om en fast flextur kan betales af puljen.",
            {"citizen": 4, "volunteer": 2, "employee": 1},
        ),
    ),
    (
        "Digital hjælp uden pinlighed",
        "Ali Rahimi",
        0,
        2,
        None,
    ),
    (
        "Besøgsvenner: hvordan finder vi dem, der sidder alene?",
        "Karen Nørgaard",
        1,
        0,
        (
            "De mest ensomme kommer ikke til et værksted. Hjemmeplejen og præsten kender dem. "
            "Et brev fra kommunen virker ikke alene; et personligt opkald gør.",
            "Hjemmeplejen spørger om lov til at give navnet videre til besøgstjenesten",
            "Besøgstjenesten laver en kort folder, hjemmeplejen kan give videre.",
            {"citizen": 3, "volunteer": 4, "employee": 2},
        ),
    ),
    (
        "Mænd og fællesskab: værksteder og fiskeklubber",
        "Poul Andersen",
        1,
        2,
        (
            "Mænd kommer sjældent til kaffeklubber, men gerne til noget med hænderne.",
            "Mandeværksted i den gamle smedje",
            "Poul finder tre mænd, der vil starte værkstedet.",
            {"citizen": 5, "association": 1},
        ),
    ),
    (
        "Unge og gamle: lektiecafé med bedsteforældre",
        "Sofie Lund",
        2,
        1,
        None,
    ),
)


def seed_open_space(session: Session, *, process_id: int, today: date, areas: tuple[str, ...]) -> int:
    """The Open Space workshop, 50 days ago, closed since; its id."""
    rng = random.Random(1915)
    workshop = new_workshops.create_workshop(
        session,
        process_id=process_id,
        title=TITLE,
        starts_at=i18n.local_to_utc(datetime.combine(today - timedelta(days=50), time(9, 30))),
        place="Lindholt Bibliotek",
        themes=[],
        by_user_id=SYSTEM,
    )
    workshop.phase = "collect"
    grid.switch_open_space(session, workshop.id, True, by_user_id=SYSTEM)
    slots = [grid.add_slot(session, workshop.id, a, b, by_user_id=SYSTEM) for a, b in SLOTS]
    rooms = [grid.add_room(session, workshop.id, name, by_user_id=SYSTEM) for name in ROOMS]
    people = add_participants(session, rng, workshop, 24, areas)
    held_ids = []
    for topic, convener, slot, room, _ in SESSIONS:
        held = grid.propose_session_for(session, workshop.id, topic, convener, by_user_id=SYSTEM)
        grid.place_session(session, held, slots[slot], rooms[room], by_user_id=SYSTEM)
        held_ids.append(held)
    by_slot = {
        i: [h for h, s in zip(held_ids, SESSIONS, strict=True) if s[2] == i] for i in range(len(SLOTS))
    }
    for person in people:
        for options in by_slot.values():
            if rng.random() < 0.85:
                market.pick_session(session, person, rng.choice(options))
    for held, (_, _, slot, _, report) in zip(held_ids, SESSIONS, strict=True):
        if report is None:
            continue
        notes, ideas, next_steps, counts = report
        # The report's writer is someone who picked the session (or the first in the room).
        writer = next(
            (p for p in people if my_picks(session, p.id).get(slots[slot]) == held),
            people[0],
        )
        market.pick_session(session, writer, held)
        reports.save_report(
            session, writer, held, notes=notes, ideas=ideas, next_steps=next_steps, attendance=counts
        )
    workshops.touch_board(session, workshop.id)
    workshop.phase = "closed"
    return workshop.id
