"""The demo's volunteers, a year of their hours, the staff time behind them, and survey waves.

Lindholt's volunteers belong to the demo actors and run the activities that already
exist: weekly visits, the Wednesday club, the walking group, digital help at the library
and the summer trip. Their hours follow a plausible year (a summer break in July, a quiet
Christmas, busy autumn and winter). Two before/after pairs of survey waves have enough
answers to show results; one closed wave has too few (hidden), one wave is open now.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    Activity,
    Actor,
    HoursEntry,
    StaffTimeEntry,
    SurveyAnswer,
    SurveyResponse,
    SurveyWave,
    User,
    Volunteer,
)
from services.admin.permissions import SYSTEM
from services.surveys.instruments import instrument
from services.volunteering import hours_kept, volunteers

# How much happens in each month, relative to an ordinary one.
SEASON = {
    1: 1.0,
    2: 1.0,
    3: 1.0,
    4: 0.95,
    5: 0.9,
    6: 0.85,
    7: 0.3,
    8: 0.8,
    9: 1.05,
    10: 1.1,
    11: 1.1,
    12: 0.7,
}

# (name, actor, years ago they started (negative: starts soon), stopped this many days ago or None,
#  skills, contact)
VOLUNTEERS: tuple[tuple[str, str, float, int | None, str, str], ...] = (
    ("Grethe Nielsen", "Seniorforeningen Lindholt", 3.0, None, "Bager og laver kaffe til klubben", ""),
    (
        "Bent Jørgensen",
        "Seniorforeningen Lindholt",
        2.6,
        None,
        "Kører bus til udflugter",
        "bent.j@example.dk",
    ),
    ("Inge Lauridsen", "Seniorforeningen Lindholt", 2.2, None, "Sang og klaver", ""),
    ("Svend Aage Poulsen", "Seniorforeningen Lindholt", 1.8, 40, "Foredrag om lokalhistorie", ""),
    ("Hanne Kjær", "Seniorforeningen Lindholt", 1.1, None, "Strikkeklub og kaffe", "22 41 87 30"),
    ("Jytte Mortensen", "Seniorforeningen Lindholt", 0.7, None, "Bankospil og opvask", ""),
    ("Kurt Hansen", "Seniorforeningen Lindholt", 0.2, None, "Harmonika", ""),
    ("Lis Andersen", "Seniorforeningen Lindholt", 2.9, 200, "Kasserer i klubben", ""),
    (
        "Poul Kragh",
        "Besøgsvennerne i Lindholt",
        3.0,
        None,
        "Koordinerer besøgsvennerne",
        "poul.kragh@example.dk",
    ),
    ("Birgit Søndergaard", "Besøgsvennerne i Lindholt", 2.7, None, "Gåture og højtlæsning", ""),
    ("Anders Holm", "Besøgsvennerne i Lindholt", 2.4, 120, "Skak og kortspil", ""),
    ("Marianne Friis", "Besøgsvennerne i Lindholt", 2.0, None, "Tidligere sygeplejerske", "30 12 55 08"),
    ("Lone Bisgaard", "Besøgsvennerne i Lindholt", 1.6, None, "Har hund, der gerne går med", ""),
    ("Erik Vinther", "Besøgsvennerne i Lindholt", 1.3, None, "Bil, kan køre til læge", ""),
    ("Ruth Østergaard", "Besøgsvennerne i Lindholt", 1.0, 60, "Håndarbejde", ""),
    ("Karin Dam", "Besøgsvennerne i Lindholt", 0.8, None, "Taler tysk og engelsk", ""),
    (
        "Mohammed Rashid",
        "Besøgsvennerne i Lindholt",
        0.6,
        None,
        "Taler arabisk og dansk",
        "mo.rashid@example.dk",
    ),
    ("Sofie Lund", "Besøgsvennerne i Lindholt", 0.35, None, "Studerende, har tid om eftermiddagen", ""),
    ("Tove Brandt", "Besøgsvennerne i Lindholt", 0.25, None, "Sang og fællessang", ""),
    ("Niels Overgaard", "Besøgsvennerne i Lindholt", 0.15, None, "Fisker og fortæller", ""),
    ("Freja Holm", "Besøgsvennerne i Lindholt", -0.04, None, "Starter efter introduktionskurset", ""),
    ("Henrik Dahl", "Lindholt Idrætsforening", 3.0, None, "Leder gå-holdet", "henrik.dahl@example.dk"),
    ("Ulla Bech", "Lindholt Idrætsforening", 2.3, None, "Førstehjælp", ""),
    ("Vagn Rasmussen", "Lindholt Idrætsforening", 1.5, None, "Kender alle stierne", ""),
    ("Aase Knudsen", "Lindholt Idrætsforening", 0.9, 25, "Stolegymnastik", ""),
    ("Jesper Kirk", "Lindholt Idrætsforening", 0.3, None, "Fysioterapeut på pension", ""),
    ("Mads Iversen", "Lindholt Bibliotek", 2.8, None, "IT-hjælp og MitID", ""),
    ("Emma Thorsen", "Lindholt Bibliotek", 1.2, None, "Gymnasieelev, videoopkald og tablets", ""),
    ("Peter Schmidt", "Lindholt Bibliotek", 0.9, None, "Tidligere IT-supporter", "peter.s@example.dk"),
    ("Oliver Nørgaard", "Lindholt Bibliotek", 0.4, None, "Hjælper med e-Boks", ""),
    ("Bodil B.", "Café Kaffekanden", 0.5, None, "Laver mad til fællesspisning", ""),
    ("Kirsten Mølgaard", "Café Kaffekanden", 0.3, None, "Dækker bord og byder velkommen", ""),
)

# Still registered, but nobody has seen them for a while: the demo shows "quiet" volunteers.
QUIET = {"Jytte Mortensen": 130, "Vagn Rasmussen": 100}

# Activity -> (weekday, minutes per volunteer, volunteers per session)
WEEKLY = {
    "Onsdagsklubben": (2, 180, 3),
    "Gå-holdet": (1, 90, 1),
    "Digital hjælp": (3, 120, 2),
}

# instrument, title, opens (days ago), closes (days ago; None = open), responses, shift per factor
WAVES: tuple[tuple[str, str, int, int | None, int, dict[str, float]], ...] = (
    ("volunteer_motivation", "Frivillige – før samarbejdet", 110, 85, 23, {}),
    (
        "volunteer_motivation",
        "Frivillige – efter de første tre måneder",
        24,
        4,
        19,
        {"social": 0.4, "role_clarity": -0.7, "support": -0.5, "bureaucracy": -0.25, "recognition": -0.4},
    ),
    ("volunteer_motivation", "Frivillige i Café Kaffekanden", 40, 30, 3, {}),
    ("cocreation_competences", "Kursus i samskabelse – før", 130, 120, 12, {}),
    (
        "cocreation_competences",
        "Kursus i samskabelse – efter",
        35,
        28,
        11,
        {
            "citizen_perspectives": 0.5,
            "diversity_holistic": 0.3,
            "process_product": 0.6,
            "empowerment": 0.8,
            "professional_identity": 0.4,
        },
    ),
    ("staff_motivation", "Medarbejdere i Ældre og Sundhed", 6, None, 4, {}),
)

# Where each factor starts: motives and competences are moderate, barriers middling.
BASE = {
    "values": 4.4,
    "social": 3.4,
    "understanding": 3.6,
    "career": 2.1,
    "protective": 3.0,
    "enhancement": 3.5,
    "time": 2.8,
    "bureaucracy": 3.1,
    "role_clarity": 3.3,
    "support": 3.0,
    "recognition": 2.9,
    "citizen_perspectives": 3.1,
    "diversity_holistic": 2.8,
    "process_product": 2.9,
    "empowerment": 2.6,
    "professional_identity": 3.2,
}


def weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _add_volunteers(session: Session, today: date) -> dict[str, list[Volunteer]]:
    actors = dict(session.execute(select(Actor.name, Actor.id)).all())
    by_actor: dict[str, list[Volunteer]] = {}
    for name, actor, years, stopped, skills, contact in VOLUNTEERS:
        starts_on = today - timedelta(days=round(years * 365))
        ends_on = today - timedelta(days=stopped) if stopped is not None else None
        volunteer = volunteers.register_volunteer(
            session,
            name=name,
            contact=contact,
            actor_id=actors[actor],
            starts_on=starts_on,
            ends_on=ends_on,
            by_user_id=SYSTEM,
            skills=skills,
            consent_on=starts_on if contact else None,
            today=today,
        )
        by_actor.setdefault(actor, []).append(volunteer)
    return by_actor


def _working(volunteer: Volunteer, day: date, today: date | None = None) -> bool:
    quiet = QUIET.get(volunteer.name)
    if quiet is not None and today is not None and day > today - timedelta(days=quiet):
        return False
    return volunteer.starts_on <= day and (volunteer.ends_on is None or day <= volunteer.ends_on)


def _hours(
    session: Session,
    rng: random.Random,
    today: date,
    by_actor: dict[str, list[Volunteer]],
    process_id: int,
    since: date,
) -> None:
    activities = dict(session.execute(select(Activity.title, Activity.id)).all())
    process_start = since
    entries: list[HoursEntry] = []

    def add(
        day: date,
        minutes: int,
        activity: str,
        volunteer: Volunteer | None = None,
        count: int = 1,
        note: str = "",
    ) -> None:
        entries.append(
            HoursEntry(
                volunteer_id=volunteer.id if volunteer is not None else None,
                worked_on=day,
                minutes=minutes,
                volunteers=count,
                activity_id=activities[activity],
                process_id=process_id if day >= process_start else None,
                note=note,
            )
        )

    first_week = today - timedelta(days=364)
    club = by_actor["Seniorforeningen Lindholt"]
    visitors = by_actor["Besøgsvennerne i Lindholt"]
    walkers = by_actor["Lindholt Idrætsforening"]
    helpers = by_actor["Lindholt Bibliotek"]
    for week in range(53):
        monday = first_week + timedelta(days=7 * week - first_week.weekday())
        season = SEASON[(monday + timedelta(days=3)).month]
        christmas = monday.month == 12 and monday.day >= 20
        for title, (weekday, minutes, per_session) in WEEKLY.items():
            day = monday + timedelta(days=weekday)
            if day > today or day < first_week or rng.random() > season or christmas:
                continue
            pool = {"Onsdagsklubben": club, "Gå-holdet": walkers, "Digital hjælp": helpers}[title]
            present = [v for v in pool if _working(v, day, today)]
            for v in rng.sample(present, min(per_session, len(present))):
                add(day, minutes + rng.choice((0, 0, 15, 30)), title, v)
            if title == "Gå-holdet":
                # The Friday walk too, with walkers who help out without being registered.
                # Who walks is asked again on Friday: a period can end, or a quiet spell
                # begin, between Tuesday and Friday.
                friday = day + timedelta(days=3)
                on_friday = [v for v in pool if _working(v, friday, today)]
                if friday <= today and on_friday:
                    add(friday, 90, title, rng.choice(on_friday))
                    if rng.random() < 0.3 * season:
                        add(friday, 180, title, None, 2, "To ekstra hjælpere på den lange tur")
        for v in visitors:
            day = monday + timedelta(days=rng.randint(0, 4))
            if (
                day <= today
                and day >= first_week
                and _working(v, day, today)
                and rng.random() < 0.85 * season
            ):
                add(day, rng.choice((60, 90, 90, 120)), "Faste besøg", v)

    # The communal meals at the café are a pilot without a registered activity yet.
    cafe = by_actor["Café Kaffekanden"]
    meal = weekday_on_or_after(since, 3)
    while meal <= today:
        for v in cafe:
            if _working(v, meal, today):
                entries.append(
                    HoursEntry(
                        volunteer_id=v.id,
                        worked_on=meal,
                        minutes=180,
                        volunteers=1,
                        process_id=process_id,
                        note="Fællesspisning i caféen (forsøg)",
                    )
                )
        meal += timedelta(days=14)

    # The summer trip: a long day in June for the club's volunteers and some extra hands.
    trip = weekday_on_or_after(date(today.year if today.month > 6 else today.year - 1, 6, 10), 1)
    if first_week <= trip <= today:
        for v in [v for v in club if _working(v, trip, today)][:5]:
            add(trip, 480, "Sommerudflugt", v)
        add(trip, 3 * 480, "Sommerudflugt", None, 3, "Pårørende, der hjalp til på turen")
    session.add_all(entries)
    session.flush()
    hours_kept.add(session, (e.id for e in entries))  # written past the hours services


def _staff_time(session: Session, rng: random.Random, today: date, process_id: int, since: date) -> None:
    activities = dict(session.execute(select(Activity.title, Activity.id)).all())
    staff = dict(session.execute(select(User.username, User.id)).all())
    names = dict(session.execute(select(User.username, User.display_name)).all())
    rows: list[StaffTimeEntry] = []

    def add(
        day: date,
        minutes: int,
        kind: str,
        who: str,
        activity: str | None = None,
        note: str = "",
        process: bool = False,
    ) -> None:
        user_id = staff.get(who)
        rows.append(
            StaffTimeEntry(
                user_id=user_id,
                staff_name=names.get(who, who),
                worked_on=day,
                minutes=minutes,
                kind=kind,
                activity_id=activities[activity] if activity else None,
                process_id=process_id if process or day >= since else None,
                note=note,
            )
        )

    first_week = today - timedelta(days=364)
    for week in range(53):
        monday = first_week + timedelta(days=7 * week - first_week.weekday())
        if monday > today or monday < first_week:
            continue
        season = SEASON[monday.month]
        if rng.random() < season:
            add(
                monday,
                rng.choice((150, 180, 210, 240)),
                "coordination",
                "Lene Vestergaard",
                note="Vagtplaner, nye henvendelser og opfølgning",
            )
        if week % 4 == 1:
            add(
                monday + timedelta(days=2),
                120,
                "support",
                "Lene Vestergaard",
                "Faste besøg",
                "Supervision af besøgsvennerne",
            )
        if week % 13 == 6:
            add(
                monday + timedelta(days=3),
                240,
                "training",
                "Lene Vestergaard",
                "Faste besøg",
                "Introduktionskursus for nye besøgsvenner",
            )
        if week % 8 == 3:
            add(
                monday + timedelta(days=1),
                60,
                "support",
                "Lene Vestergaard",
                "Digital hjælp",
                "Opfølgning med biblioteket",
            )
        if monday >= since:
            add(
                monday + timedelta(days=1),
                rng.choice((90, 120, 150)),
                "coordination",
                "facilitator",
                note="Koordinering af Sammen mod ensomhed",
                process=True,
            )
            if week % 4 == 0:
                add(monday + timedelta(days=4), 60, "other", "leader", note="Styregruppemøde", process=True)
    session.add_all(r for r in rows if r.worked_on <= today)
    session.flush()


def _survey_waves(session: Session, rng: random.Random, today: date, process_id: int) -> None:
    for key, title, opens, closes, count, shift in WAVES:
        form = instrument(key)
        opens_on = today - timedelta(days=opens)
        closes_on = today - timedelta(days=closes) if closes is not None else today + timedelta(days=14)
        wave = SurveyWave(
            instrument_key=key,
            title=title,
            process_id=process_id,
            link_token=secrets.token_urlsafe(16),
            opens_on=opens_on,
            closes_on=closes_on,
            closed_at=datetime.combine(closes_on, time(16, 0)) if closes is not None else None,
        )
        session.add(wave)
        session.flush()
        last = min(closes_on, today)
        span = (last - opens_on).days
        for _ in range(count):
            response = SurveyResponse(
                wave_id=wave.id,
                respondent_hash=hashlib.sha256(f"demo-{rng.random()}".encode()).hexdigest(),
                submitted_on=opens_on + timedelta(days=rng.randint(0, span)),
            )
            session.add(response)
            session.flush()
            level = {f.key: BASE[f.key] + shift.get(f.key, 0.0) + rng.gauss(0, 0.55) for f in form.factors}
            for item in form.items:
                if rng.random() < 0.05:
                    continue  # people skip a question now and then
                value = round(level[item.factor] + rng.gauss(0, 0.6))
                session.add(
                    SurveyAnswer(
                        response_id=response.id,
                        item_key=item.key,
                        value=min(form.scale_max, max(form.scale_min, value)),
                    )
                )
    session.flush()


def seed_volunteers(session: Session, *, today: date, process_id: int, process_starts_on: date) -> None:
    """Add the demo's volunteers, hours, staff time and survey waves (after actors and process exist)."""
    rng = random.Random(5005)
    by_actor = _add_volunteers(session, today)
    _hours(session, rng, today, by_actor, process_id, process_starts_on)
    _staff_time(session, rng, today, process_id, process_starts_on)
    # The answers draw on a generator of their own: how many hours a start date happened
    # to produce must not decide whether the before/after comparison shows progress.
    _survey_waves(session, random.Random(5006), today, process_id)
