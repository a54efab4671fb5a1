"""The demo municipality: a co-creation process against loneliness among the elderly.

Lindholt Kommune is fictional. The data follows the source process: knowledge meetings
and Open-Space-style idea workshops (two held, one open now for the concretising
workshop), with ideas and dots from the stakeholder groups that usually turn up (and
some that do not), plus the associations and activities that already run locally.

Run `python -m demo` to fill the configured database; the app does it on first start
in demo mode. Tests build on the same function.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import clock
import i18n
from db.migrate import exclusive_scope, upgrade
from db.models import Activity, Actor, User, Workshop
from demo.action import seed_action
from demo.compare import seed_compare
from demo.crowd import add_ideas, add_participants, add_votes
from demo.knowledge import seed_knowledge
from demo.matrix import seed_matrix
from demo.open_space import seed_open_space
from demo.outcomes import seed_outcomes
from demo.volunteers import seed_volunteers
from services.admin import site, users
from services.admin.permissions import SYSTEM
from services.workshop import new_workshops, processes, workshops

# Demo logins, shown on the login page in demo mode only.
DEMO_ACCOUNTS: tuple[tuple[str, str, str, str], ...] = (
    ("admin", "admin", "demo-admin-2026", "Astrid Holm"),
    ("facilitator", "facilitator", "demo-facilitator-2026", "Jonas Bech"),
    ("leader", "leader", "demo-leader-2026", "Mette Lund"),
    ("politician", "politician", "demo-politician-2026", "Karsten Møller"),
)

PROCESS_TITLE = "Sammen mod ensomhed"
PROCESS_DESCRIPTION = (
    "Kommune, foreninger, frivillige og borgere skaber sammen nye fællesskaber for ældre, "
    "der føler sig ensomme. Processen har tre trin: vidensmøder, idéværksteder efter "
    "Open Space-metoden og et konkretiseringsværksted. Idéerne samles i et "
    "inspirationskatalog, og de bedste bliver til initiativer, som frivillige og "
    "kommunen driver sammen."
)

ACTORS: tuple[tuple[str, str, str, str, tuple[tuple[str, str, str, str], ...]], ...] = (
    (
        "Seniorforeningen Lindholt",
        "association",
        "Lokal forening for seniorer med 400 medlemmer; holder klubaftener og udflugter.",
        "Inger Thomsen",
        (
            ("Onsdagsklubben", "Kaffe, foredrag og sang", "Seniorer 65+", "Onsdag kl. 14–16"),
            ("Sommerudflugt", "Årlig bustur for medlemmer", "Medlemmer", "Én gang om året"),
        ),
    ),
    (
        "Besøgsvennerne i Lindholt",
        "volunteer_group",
        "Frivillige besøgsvenner, der kommer fast hos ældre, som bor alene.",
        "Poul Kragh",
        (
            (
                "Faste besøg",
                "En frivillig besøger den samme ældre hver uge",
                "Ældre der bor alene",
                "Ugentligt",
            ),
        ),
    ),
    (
        "Ældre og Sundhed, Lindholt Kommune",
        "municipal_unit",
        "Kommunens forebyggende hjemmebesøg, aktivitetscentre og frivillighedskoordinering.",
        "Lene Vestergaard",
        (("Forebyggende hjemmebesøg", "Samtale om trivsel og netværk", "Borgere 75+", "Efter aftale"),),
    ),
    (
        "Lindholt Idrætsforening",
        "association",
        "Breddeidræt for alle aldre; har stolegymnastik og gåhold for seniorer.",
        "Henrik Dahl",
        (("Gå-holdet", "Gåtur på 3–5 km med kaffe bagefter", "Alle", "Tirsdag og fredag kl. 10"),),
    ),
    (
        "Café Kaffekanden",
        "business",
        "Lokal café ved torvet, som gerne lægger lokaler til fællesspisning.",
        "Sara Nørgaard",
        (),
    ),
    (
        "Lindholt Bibliotek",
        "institution",
        "Bibliotek med digital hjælp og læsekredse.",
        "Mads Iversen",
        (("Digital hjælp", "Hjælp til MitID, e-Boks og videoopkald", "Alle", "Torsdag kl. 13–15"),),
    ),
)

# (theme, title, description)
IDEAS_WORKSHOP_1: tuple[tuple[str, str, str], ...] = (
    (
        "Fællesskaber i hverdagen",
        "Fællesspisning hver torsdag på aktivitetscentret",
        "Billig aftensmad i selskab med andre; frivillige laver mad sammen med deltagerne.",
    ),
    (
        "Fællesskaber i hverdagen",
        "Gå-venner: faste makkere til daglige gåture",
        "Par eller små hold, der går sammen på faste tidspunkter.",
    ),
    (
        "Fællesskaber i hverdagen",
        "Mandeklub i værkstedet",
        "Et sted hvor mænd kan mødes om at reparere cykler og møbler.",
    ),
    (
        "Fællesskaber i hverdagen",
        "Sangeftermiddag med kendte sange",
        "Fællessang en gang om måneden med kaffe og kage.",
    ),
    (
        "Fællesskaber i hverdagen",
        "Havefællesskab ved plejecentret",
        "Højbede hvor beboere og naboer dyrker grøntsager sammen.",
    ),
    (
        "Når man mister sin ægtefælle",
        "Sorggruppe for enker og enkemænd",
        "En frivillig med erfaring leder en gruppe i 8 uger.",
    ),
    (
        "Når man mister sin ægtefælle",
        "Telefonkæde for nyligt alene",
        "Daglige korte opkald de første måneder efter et dødsfald.",
    ),
    (
        "Når man mister sin ægtefælle",
        "Velkomstbesøg fra en frivillig efter tab",
        "Et besøg, der fortæller om foreninger og tilbud i nærheden.",
    ),
    (
        "Når man mister sin ægtefælle",
        "Spisevenner: middag for to",
        "Match to, der begge savner nogen at spise sammen med.",
    ),
    (
        "Digitale fællesskaber",
        "Videoopkald med børnebørn: kursus på biblioteket",
        "Unge frivillige lærer ældre at bruge tablet og videoopkald.",
    ),
    (
        "Digitale fællesskaber",
        "Tablet-lån med hjælp til opstart",
        "Kommunen låner tablets ud, og en frivillig hjælper i gang.",
    ),
    (
        "Digitale fællesskaber",
        "Online læsekreds for dem, der ikke kan komme ud",
        "Ugentlig læsekreds via video.",
    ),
    ("Besøg og nærvær", "Besøgsven med hund", "Hunden gør det lettere at falde i snak og komme ud."),
    (
        "Besøg og nærvær",
        "Nabohjælp-ordning i boligforeningen",
        "Naboer tilbyder hjælp til indkøb og en snak.",
    ),
    (
        "Besøg og nærvær",
        "Kaffe-vagten: frivillige på plejecentret om eftermiddagen",
        "Frivillige, der drikker kaffe med beboere, der sjældent får besøg.",
    ),
    (
        "Besøg og nærvær",
        "Hjemmeplejen spørger til ensomhed",
        "Medarbejdere får en fast måde at spørge og henvise på.",
    ),
    ("Fællesskaber i hverdagen", "Madklub for mænd over 70", "Lær at lave mad og spis sammen bagefter."),
    (
        "Digitale fællesskaber",
        "Fælles Facebook-gruppe for Lindholts seniorer",
        "Et sted at finde hinanden og arrangementer.",
    ),
)

IDEAS_WORKSHOP_2: tuple[tuple[str, str, str], ...] = (
    (
        "Mødesteder i lokalområdet",
        "Åbent hus i forsamlingshuset hver søndag",
        "Kaffe og brætspil, når ugen føles længst.",
    ),
    (
        "Mødesteder i lokalområdet",
        "Bænke med 'snakkeskilt' i parken",
        "Et skilt der siger: sæt dig gerne, jeg vil gerne snakke.",
    ),
    (
        "Mødesteder i lokalområdet",
        "Fællesspisning på skolen med elever",
        "Ældre og elever spiser sammen en gang om måneden.",
    ),
    (
        "Mødesteder i lokalområdet",
        "Café Kaffekanden som fast mødested",
        "Caféen reserverer et bord til seniorer hver formiddag.",
    ),
    (
        "Transport og tilgængelighed",
        "Frivillig kørselsordning til arrangementer",
        "Frivillige chauffører henter og bringer.",
    ),
    (
        "Transport og tilgængelighed",
        "Cykling uden alder",
        "Rickshaw-ture med frivillige piloter for beboere på plejecentret.",
    ),
    (
        "Transport og tilgængelighed",
        "Flextrafik-kursus: sådan bestiller du",
        "Mange ved ikke, at de kan bruge flextrafik til fritidsaktiviteter.",
    ),
    (
        "Transport og tilgængelighed",
        "Samkørsel via seniorforeningen",
        "En opslagstavle for fælles ture til byen.",
    ),
    (
        "Mellem generationer",
        "Lektiehjælp fra pensionister",
        "Pensionerede lærere hjælper elever i lektiecaféen.",
    ),
    (
        "Mellem generationer",
        "Livshistorier: elever interviewer ældre",
        "Interviewene bliver til en udstilling på biblioteket.",
    ),
    (
        "Mellem generationer",
        "Bedsteforældre-ordning for børnefamilier uden familie i nærheden",
        "Ældre frivillige bliver 'reservebedsteforældre'.",
    ),
    ("Mellem generationer", "Generationernes have", "Børnehaven og seniorerne passer en køkkenhave sammen."),
    (
        "Mødesteder i lokalområdet",
        "Aktivitetsguide i papirform",
        "Ikke alle er på nettet; en folder med alle tilbud i området.",
    ),
    (
        "Transport og tilgængelighed",
        "Følgeskab til lægen og hospitalet",
        "En frivillig følger med og venter sammen med én.",
    ),
)

IDEAS_WORKSHOP_3: tuple[tuple[str, str, str], ...] = (
    (
        "Hvad sætter vi i gang først?",
        "Fællesspisning starter på aktivitetscentret i marts",
        "Seniorforeningen og kommunen deler opgaverne.",
    ),
    ("Hvad sætter vi i gang først?", "Pilotprojekt med gå-venner i to boligområder", ""),
    (
        "Hvem gør hvad?",
        "Frivilligcenteret koordinerer kørselsordningen",
        "Kommunen betaler forsikring; frivillige kører.",
    ),
)


@dataclass(frozen=True)
class DemoSummary:
    process_id: int
    workshop_ids: tuple[int, ...]
    open_workshop_code: str


def seed_demo(session: Session, *, today: date | None = None, rounds: int | None = None) -> DemoSummary:
    """Fill an empty database with the demo municipality; deterministic apart from dates and codes."""
    rng = random.Random(2026)
    today = today or clock.today()
    areas = ("Nord", "Syd", "Øst", "Vest", "Centrum")

    for username, role, password, name in DEMO_ACCOUNTS:
        users.create_user(
            session,
            username=username,
            display_name=name,
            role=role,
            password=password,
            rounds=rounds,
            by_user_id=SYSTEM,
        )
    # Production refuses these accounts: their passwords are printed in the README.
    site.remember_demo_seed(session, [username for username, _, _, _ in DEMO_ACCOUNTS])

    for name, kind, description, contact, activities in ACTORS:
        actor = Actor(name=name, kind=kind, description=description, contact_name=contact)
        session.add(actor)
        session.flush()
        session.add_all(
            Activity(actor_id=actor.id, title=t, description=d, target_group=g, schedule=s)
            for t, d, g, s in activities
        )

    process_starts_on = today - timedelta(days=90)
    process = processes.create_process(
        session,
        title=PROCESS_TITLE,
        description=PROCESS_DESCRIPTION,
        starts_on=process_starts_on,
        ends_on=today + timedelta(days=275),
        target_groups=["citizen", "volunteer", "association", "employee", "business"],
        by_user_id=SYSTEM,
        # Two idea workshops held; the concretising workshop is open now.
        phase="concretising",
    )

    def workshop(title: str, days_ago: int, place: str, themes: list[str], phase: str) -> Workshop:
        # Past workshops met at 17:00 local time, summer or winter; the open one started three
        # quarters of an hour ago.
        starts_at = (
            i18n.local_to_utc(datetime.combine(today - timedelta(days=days_ago), time(17, 0)))
            if days_ago
            else clock.utcnow().replace(second=0, microsecond=0) - timedelta(minutes=45)
        )
        w = new_workshops.create_workshop(
            session,
            process_id=process.id,
            title=title,
            starts_at=starts_at,
            place=place,
            themes=themes,
            by_user_id=SYSTEM,
        )
        w.phase = phase
        return w

    first = workshop(
        "Idéværksted 1: Fællesskab og nærvær",
        70,
        "Lindholt Aktivitetscenter",
        [
            "Fællesskaber i hverdagen",
            "Når man mister sin ægtefælle",
            "Digitale fællesskaber",
            "Besøg og nærvær",
        ],
        "closed",
    )
    second = workshop(
        "Idéværksted 2: Mødesteder, transport og generationer",
        35,
        "Lindholt Forsamlingshus",
        ["Mødesteder i lokalområdet", "Transport og tilgængelighed", "Mellem generationer"],
        "closed",
    )
    third = workshop(
        "Konkretiseringsværksted",
        0,
        "Lindholt Rådhus, mødesal 2",
        ["Hvad sætter vi i gang først?", "Hvem gør hvad?"],
        "collect",
    )

    for w, count, ideas in ((first, 42, IDEAS_WORKSHOP_1), (second, 36, IDEAS_WORKSHOP_2)):
        people = add_participants(session, rng, w, count, areas)
        add_votes(session, rng, w, people, add_ideas(session, rng, w, ideas, people))
    people = add_participants(session, rng, third, 6, areas)
    seed_matrix(session, rng, third, add_ideas(session, rng, third, IDEAS_WORKSHOP_3, people), people)
    for w in (first, second, third):
        workshops.touch_board(session, w.id)

    seed_open_space(session, process_id=process.id, today=today, areas=areas)
    seed_action(session, process.id, today=today)
    seed_outcomes(session, process.id, (first.id, second.id, third.id))
    seed_knowledge(session, process.id)
    seed_volunteers(session, today=today, process_id=process.id, process_starts_on=process_starts_on)
    seed_compare(session, today=today)
    return DemoSummary(process.id, (first.id, second.id, third.id), third.code)


def is_empty(session: Session) -> bool:
    return (session.scalar(select(func.count()).select_from(User)) or 0) == 0


def seed_once(url: str, *, rounds: int | None = None) -> DemoSummary | None:
    """Seed the demo into `url` if it is empty; None if it was not (call it after migrating).

    Servers that start at once on an empty database all call this; the check and the
    seeding share one lock (db.migrate.exclusive_scope), so exactly one of them seeds and
    the others find the demo there.
    """
    with exclusive_scope(url) as session:
        if not is_empty(session):
            return None
        return seed_demo(session, rounds=rounds)


def main() -> None:
    from db.session import default_url

    url = default_url()
    upgrade(url)
    summary = seed_once(url)
    if summary is None:
        print("The database already has data; nothing seeded.")
        return
    print(f"Demo seeded. Open workshop join code: {summary.open_workshop_code}")


if __name__ == "__main__":
    main()
