"""A second, earlier and smaller demo process, so leaders have two processes to compare.

"Aktive fællesskaber i Vestbyen" ran in the spring: one idea workshop in a neighbouring
area, a short catalogue, one initiative completed and one still running, and the hours of
the volunteers who run them. It goes through the services where a rule applies (status
needs dates, one lead) and uses `seed_demo`'s helpers for participants, ideas and dots.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

import i18n
from db.models import Actor, HoursEntry, StaffTimeEntry, User
from demo.crowd import add_ideas, add_participants, add_votes
from demo.volunteers import SEASON, weekday_on_or_after
from services.action import curation, follow_up, initiative_actors, lifecycle
from services.volunteering import hours_kept
from services.workshop import new_workshops, processes, workshops
from services.workshop.tally import support

TITLE = "Aktive fællesskaber i Vestbyen"
DESCRIPTION = (
    "En mindre proces i foråret i Vestbyen: beboere, boligforeningen, idrætsforeningen og "
    "kommunen fandt sammen om flere fællesskaber for ældre i bydelen. Én idéworkshop, et "
    "kort katalog og to initiativer."
)
THEMES = ("Mødesteder i Vestbyen", "Bevægelse og natur")
IDEAS = (
    (
        "Mødesteder i Vestbyen",
        "Kaffe i fælleshuset hver tirsdag",
        "Boligforeningens fælleshus står tomt om formiddagen.",
    ),
    ("Mødesteder i Vestbyen", "Fælles avislæsning på biblioteksfilialen", "Dagens aviser og en snak om dem."),
    ("Mødesteder i Vestbyen", "Opslagstavle for små aftaler", "Hvem skal med i Netto? Hvem vil spille kort?"),
    ("Mødesteder i Vestbyen", "Fællesspisning i fælleshuset", "Én gang om måneden, alle tager en ret med."),
    ("Bevægelse og natur", "Gåtur rundt om søen hver torsdag", "En fast rute på 3 km med bænke undervejs."),
    ("Bevægelse og natur", "Havehold i de fælles bede", "Ældre og børnefamilier passer bedene sammen."),
    ("Bevægelse og natur", "Petanquebane ved fælleshuset", "Bygges af beboerne med hjælp fra kommunen."),
    ("Bevægelse og natur", "Stolegymnastik i fælleshuset", "En halv time før kaffen."),
)
# The ideas the two initiatives grew from.
COMPLETED_FROM = ("Petanquebane ved fælleshuset",)
RUNNING_FROM = ("Gåtur rundt om søen hver torsdag", "Stolegymnastik i fælleshuset")


def seed_compare(session: Session, *, today: date) -> int:
    """Add the Vestbyen process with its workshop, catalogue, initiatives and hours; returns its id."""

    rng = random.Random(1717)
    users = dict(session.execute(select(User.username, User.id)).all())
    names = dict(session.execute(select(User.username, User.display_name)).all())
    actor = dict(session.execute(select(Actor.name, Actor.id)).all())

    def day(offset: int) -> date:
        return today + timedelta(days=offset)

    process = processes.create_process(
        session,
        title=TITLE,
        description=DESCRIPTION,
        starts_on=day(-300),
        ends_on=day(-30),
        target_groups=["citizen", "volunteer", "association"],
        by_user_id=users["facilitator"],
    )
    workshop = new_workshops.create_workshop(
        session,
        process_id=process.id,
        title="Idéværksted i Vestbyen",
        starts_at=i18n.local_to_utc(datetime.combine(day(-250), time(17, 0))),
        place="Fælleshuset, Vestervang 12",
        themes=list(THEMES),
        by_user_id=users["facilitator"],
    )
    workshop.phase = "closed"
    people = add_participants(session, rng, workshop, 18, ("Vest", "Centrum"))
    ideas = add_ideas(session, rng, workshop, IDEAS, people)
    add_votes(session, rng, workshop, people, ideas)
    workshops.touch_board(session, workshop.id)
    by_title = {i.title: i for i in ideas}

    counted = support(session, workshop_ids=[workshop.id])
    best = sorted(ideas, key=lambda i: (-(counted[i.id].dots if i.id in counted else 0), i.id))[:3]
    chosen = list(dict.fromkeys([*best, *(by_title[t] for t in (*COMPLETED_FROM, *RUNNING_FROM))]))
    entries = curation.add_ideas(
        session, process.id, [i.id for i in chosen], group_by="theme", by_user_id=users["facilitator"]
    )
    entry_of = {e.idea_id: e.id for e in entries}

    def initiative(
        title: str,
        origins: tuple[str, ...],
        description: str,
        *,
        status: str,
        starts: int,
        ends: int | None,
        progress: int,
        lead: str,
        partner: str,
        milestones: tuple[tuple[str, int, int], ...],
    ) -> int:
        idea_ids = [by_title[o].id for o in origins]
        created = lifecycle.create_initiative(
            session,
            title=title,
            description=description,
            process_id=process.id,
            idea_ids=idea_ids,
            entry_ids=[entry_of[i] for i in idea_ids if i in entry_of],
            by_user_id=users["leader"],
        )
        initiative_actors.add_actor(
            session, created.id, actor_id=actor[lead], role="lead", by_user_id=users["leader"]
        )
        initiative_actors.add_actor(
            session, created.id, actor_id=actor[partner], role="partner", by_user_id=users["leader"]
        )
        for milestone, due, done in milestones:
            m = follow_up.add_milestone(
                session, created.id, title=milestone, due_on=day(due), by_user_id=users["leader"]
            )
            follow_up.set_milestone_done(session, m.id, True, by_user_id=users["leader"], today=day(done))
        lifecycle.update_initiative(
            session,
            created.id,
            title=title,
            description=description,
            status=status,
            progress=progress,
            starts_on=day(starts),
            ends_on=day(ends) if ends is not None else None,
            by_user_id=users["leader"],
            today=today,
        )
        return created.id

    petanque = initiative(
        "Petanquebane ved fælleshuset",
        COMPLETED_FROM,
        "Beboerne byggede banen på tre lørdage; kommunen leverede grus og kanter.",
        status="completed",
        starts=-220,
        ends=-120,
        progress=100,
        lead="Lindholt Idrætsforening",
        partner="Ældre og Sundhed, Lindholt Kommune",
        milestones=(("Tilladelse fra boligforeningen", -200, -205), ("Banen indviet", -120, -120)),
    )
    walks = initiative(
        "Torsdagsgåture og stolegymnastik i Vestbyen",
        RUNNING_FROM,
        "Gåtur rundt om søen hver torsdag og stolegymnastik i fælleshuset bagefter.",
        status="in_progress",
        starts=-150,
        ends=None,
        progress=70,
        lead="Lindholt Frivilligcenter",
        partner="Lindholt Idrætsforening",
        milestones=(("Tre gå-værter fundet", -140, -142),),
    )

    # Group sessions of unnamed helpers: the process's own volunteer time. The pitch was
    # built on three Saturdays before it opened, never in the July holiday: counted from
    # today, the build would otherwise fill July on some start dates and hide the demo's
    # summer break.
    build_days: list[date] = []
    saturday = day(-127) - timedelta(days=(day(-127).weekday() - 5) % 7)
    while len(build_days) < 3:
        if saturday.month != 7:
            build_days.insert(0, saturday)
        saturday -= timedelta(days=7)
    hours = [
        HoursEntry(
            worked_on=worked_on,
            minutes=helpers * minutes,
            volunteers=helpers,
            initiative_id=petanque,
            process_id=process.id,
            note="Byggedag på petanquebanen",
        )
        for worked_on, (helpers, minutes) in zip(build_days, ((6, 300), (5, 300), (7, 240)), strict=True)
    ]
    # The walks are on Thursdays and, like Lindholt's activities, thin out in the summer.
    thursday = weekday_on_or_after(day(-150), 3)
    while thursday <= today:
        if rng.random() < 0.8 * SEASON[thursday.month]:
            helpers = rng.choice((2, 3, 3, 4))
            hours.append(
                HoursEntry(
                    worked_on=thursday,
                    minutes=helpers * 90,
                    volunteers=helpers,
                    initiative_id=walks,
                    process_id=process.id,
                    note="Gå-værter og instruktør",
                )
            )
        thursday += timedelta(days=14)
    staff = [
        StaffTimeEntry(
            user_id=users["facilitator"],
            staff_name=names["facilitator"],
            worked_on=day(offset),
            minutes=minutes,
            kind=kind,
            process_id=process.id,
            note=note,
        )
        for offset, minutes, kind, note in (
            (-260, 240, "coordination", "Forberedelse af værkstedet med boligforeningen"),
            (-250, 180, "coordination", "Idéværkstedet"),
            (-215, 120, "support", "Møde med idrætsforeningen om petanquebanen"),
            (-150, 90, "training", "Introduktion for gå-værterne"),
            (-60, 60, "support", "Opfølgning med frivilligcenteret"),
        )
    ]
    session.add_all([*hours, *staff])
    session.flush()
    hours_kept.add(session, (e.id for e in hours))  # written past the hours services
    return process.id
