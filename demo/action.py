"""Demo data from ideas to action: initiatives in every state, built on the catalogue (demo/catalogue.py).

Builds on `seed_demo`'s workshops and ideas and goes through the services, so the demo
obeys every rule the app enforces (status needs dates, one lead, checklist values…).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Activity, Idea, User, Workshop
from demo.catalogue import seed_actors, seed_catalogue
from services.action import follow_up, initiative_actors, lifecycle


def _ideas_by_title(session: Session, workshop_ids: tuple[int, ...]) -> dict[str, Idea]:
    return {i.title: i for i in session.scalars(select(Idea).where(Idea.workshop_id.in_(workshop_ids)))}


def _user_id(session: Session, username: str) -> int:
    return session.execute(select(User.id).where(User.username == username)).scalar_one()


def seed_action(session: Session, process_id: int, *, today: date) -> None:
    """Catalogue, actors, initiatives, milestones, timeline and checklists for the demo process."""
    facilitator = _user_id(session, "facilitator")
    leader = _user_id(session, "leader")
    workshop_ids = tuple(
        session.scalars(select(Workshop.id).where(Workshop.process_id == process_id).order_by(Workshop.id))
    )
    ideas = _ideas_by_title(session, workshop_ids)

    actor_id = seed_actors(session, facilitator=facilitator)
    entries = seed_catalogue(session, process_id, ideas, workshop_ids, facilitator=facilitator)

    def day(offset: int) -> date:
        return today + timedelta(days=offset)

    def initiative(
        title: str,
        *,
        origins: tuple[str, ...],
        description: str,
        target_group: str,
        status: str,
        since: int,
        starts: int | None,
        ends: int | None,
        progress: int = 0,
        from_milestones: bool = False,
        budget: int | None = None,
        volunteers: int | None = None,
        reason: str = "",
        team: tuple[tuple[str, str, str], ...] = (),
        milestones: tuple[tuple[str, int, int | None], ...] = (),
        timeline: tuple[tuple[int, str, str], ...] = (),
        checklist: tuple[tuple[str, str, str], ...] = (),
        activities: tuple[str, ...] = (),
        by: int = leader,
    ) -> int:
        origin_ideas = [ideas[o].id for o in origins]
        origin_entries = [entries[i].id for i in origin_ideas if i in entries]
        created = lifecycle.create_initiative(
            session,
            title=title,
            description=description,
            target_group=target_group,
            process_id=process_id,
            idea_ids=origin_ideas,
            entry_ids=origin_entries,
            by_user_id=by,
        )
        for name, role, responsibilities in team:
            initiative_actors.add_actor(
                session,
                created.id,
                actor_id=actor_id[name],
                role=role,
                responsibilities=responsibilities,
                by_user_id=leader,
            )
        for milestone_title, due, done in milestones:
            m = follow_up.add_milestone(
                session, created.id, title=milestone_title, due_on=day(due), by_user_id=leader
            )
            if done is not None:
                follow_up.set_milestone_done(session, m.id, True, by_user_id=leader, today=day(done))
        for offset, kind, text in timeline:
            follow_up.add_timeline_entry(
                session,
                created.id,
                happened_on=day(offset),
                kind=kind,
                text=text,
                by_user_id=leader,
                today=today,
            )
        for item, state, note in checklist:
            follow_up.set_checklist_item(
                session, created.id, item, status=state, note=note, by_user_id=leader
            )
        for activity in activities:
            activity_id = session.execute(select(Activity.id).where(Activity.title == activity)).scalar_one()
            initiative_actors.link_activity(session, created.id, activity_id, by_user_id=leader)
        if status != "proposed" or starts is not None:
            lifecycle.update_initiative(
                session,
                created.id,
                title=title,
                description=description,
                target_group=target_group,
                status=status,
                progress=progress,
                progress_from_milestones=from_milestones,
                starts_on=day(starts) if starts is not None else None,
                ends_on=day(ends) if ends is not None else None,
                budget=budget,
                expected_volunteers=volunteers,
                status_note=reason,
                by_user_id=leader,
                today=day(since),
            )
        return created.id

    initiative(
        "Torsdagsspisning på Lindholt Aktivitetscenter",
        origins=(
            "Fællesspisning hver torsdag på aktivitetscentret",
            "Madklub for mænd over 70",
            "Fællesspisning starter på aktivitetscentret i marts",
        ),
        description=(
            "Hver torsdag kl. 17.30 laver frivillige og deltagere aftensmad sammen på "
            "aktivitetscentret. Prisen er 40 kr., og alle over 65 er velkomne."
        ),
        target_group="Ældre, der bor alene – særligt mænd over 70",
        status="in_progress",
        since=-40,
        starts=-40,
        ends=140,
        from_milestones=True,
        budget=25_000,
        volunteers=8,
        reason="Opstartsmødet er holdt, og første spisning er planlagt.",
        team=(
            (
                "Seniorforeningen Lindholt",
                "lead",
                "Står for tilmelding, indkøb og madlavning sammen med deltagerne "
                "og finder seks faste frivillige kokke.",
            ),
            (
                "Ældre og Sundhed, Lindholt Kommune",
                "partner",
                "Stiller køkken og lokale til rådighed; frivilligkoordinatoren introducerer nye frivillige; "
                "kommunens frivilligforsikring dækker.",
            ),
            (
                "Café Kaffekanden",
                "partner",
                "Låner service ud og giver kaffe og kage den første torsdag i måneden.",
            ),
        ),
        milestones=(
            ("Køkken og lokale aftalt", -35, -36),
            ("Første torsdagsspisning holdt", -21, -21),
            ("Seks faste frivillige kokke fundet", -7, None),
            ("Evaluering med deltagerne", 60, None),
        ),
        timeline=(
            (
                -40,
                "event",
                "Opstartsmøde med Seniorforeningen, kommunen og Café Kaffekanden. Pris og tilmelding aftalt.",
            ),
            (-21, "event", "Første torsdagsspisning: 23 gæster og 4 frivillige kokke."),
            (
                -14,
                "reflection",
                "Vi lærte, at tilmelding kun via telefon holder nogle ude, og at mændene fra "
                "madklubben gerne vil lave maden – ikke kun spise den. Næste gang prøver vi en "
                "fast kokkevagt for deltagerne.",
            ),
        ),
        checklist=(
            ("confidentiality", "done", "De frivillige kokke har skrevet under på tavshedspligt."),
            ("police_certificate", "not_relevant", "Ingen frivillige arbejder med børn."),
            ("insurance", "done", "Kommunens frivilligforsikring dækker arrangementet."),
            ("personal_data", "open", "Tilmeldingslisten: aftal, hvor længe den gemmes."),
            ("emergency_contact", "done", "Aktivitetscentrets vagttelefon hænger ved køkkenet."),
        ),
    )
    initiative(
        "Gå-venner i Nord og Øst",
        origins=(
            "Gå-venner: faste makkere til daglige gåture",
            "Pilotprojekt med gå-venner i to boligområder",
        ),
        description="Faste gå-makkere i to boligområder, med gå-værter fra idrætsforeningen.",
        target_group="Ældre i Nord og Øst, der gerne vil ud at gå, men ikke alene",
        status="planned",
        since=-5,
        starts=14,
        ends=200,
        progress=10,
        volunteers=6,
        team=(
            ("Lindholt Idrætsforening", "lead", "Uddanner gå-værter og planlægger ruterne."),
            (
                "Besøgsvennerne i Lindholt",
                "partner",
                "Spørger de ældre, de allerede besøger, om de vil have en gå-makker.",
            ),
        ),
        milestones=(("Fire gå-værter uddannet", 10, None), ("Første ture i Nord", 21, None)),
        checklist=(("insurance", "done", "Idrætsforeningens forsikring dækker gå-værterne."),),
        activities=("Gå-holdet",),
    )
    initiative(
        "Frivillig kørselsordning",
        origins=(
            "Frivillig kørselsordning til arrangementer",
            "Frivilligcenteret koordinerer kørselsordningen",
            "Følgeskab til lægen og hospitalet",
        ),
        description="Frivillige chauffører kører ældre til arrangementer og følger med til lægen.",
        target_group="Ældre uden bil eller med svært ved at bruge bussen",
        status="proposed",
        since=0,
        starts=None,
        ends=None,
        team=(
            (
                "Lindholt Frivilligcenter",
                "partner",
                "Vil koordinere chaufførerne, hvis en forening vil være tovholder.",
            ),
        ),
        by=facilitator,
    )
    initiative(
        "Kursus i videoopkald på biblioteket",
        origins=("Videoopkald med børnebørn: kursus på biblioteket",),
        description="Fire torsdage, hvor gymnasieelever lærer ældre at ringe op med video.",
        target_group="Ældre med børnebørn langt væk",
        status="completed",
        since=-20,
        starts=-80,
        ends=-20,
        progress=100,
        volunteers=5,
        team=(
            ("Lindholt Bibliotek", "lead", "Lægger lokaler og tablets til og holder kurset."),
            (
                "Ældre og Sundhed, Lindholt Kommune",
                "partner",
                "Fortæller om kurset ved de forebyggende hjemmebesøg.",
            ),
        ),
        milestones=(("Fem gymnasieelever med som hjælpere", -85, -86), ("Fire kursusgange holdt", -20, -20)),
        timeline=(
            (-50, "event", "Fire kursusgange med 14 deltagere i alt."),
            (
                -18,
                "reflection",
                "Det virkede bedst, når deltagerne havde deres egen tablet med, og når en elev sad ved hver "
                "anden deltager. Til næste hold: kortere gange og en telefonliste til opfølgning.",
            ),
        ),
        checklist=(
            ("confidentiality", "not_relevant", ""),
            ("police_certificate", "not_relevant", "Eleverne er over 18, og kurset foregår på biblioteket."),
            ("insurance", "done", "Bibliotekets forsikring."),
            ("personal_data", "done", "Deltagerlisten er slettet efter kurset."),
            ("emergency_contact", "done", "Bibliotekets personale er til stede."),
        ),
    )
    # The same idea, split: a second initiative takes the help into people's homes.
    initiative(
        "Tablet-vejledere: unge frivillige hjælper hjemme",
        origins=("Videoopkald med børnebørn: kursus på biblioteket", "Tablet-lån med hjælp til opstart"),
        description="Unge frivillige besøger ældre, der har lånt en tablet, og hjælper dem i gang hjemme.",
        target_group="Ældre, der ikke kan komme på biblioteket",
        status="planned",
        since=-3,
        starts=30,
        ends=180,
        progress=5,
        budget=40_000,
        volunteers=10,
        team=(
            (
                "Ældre og Sundhed, Lindholt Kommune",
                "lead",
                "Låner tablets ud og matcher borgere med unge frivillige.",
            ),
            ("Lindholt Bibliotek", "partner", "Uddanner de unge frivillige."),
        ),
        milestones=(("20 tablets indkøbt", 20, None),),
        checklist=(
            ("police_certificate", "open", "Straffeattest for frivillige, der kommer i private hjem?"),
            ("personal_data", "open", "Samtykke til at gemme adresser på dem, der får besøg."),
        ),
    )
    initiative(
        "Sorggruppe for enker og enkemænd",
        origins=("Sorggruppe for enker og enkemænd", "Telefonkæde for nyligt alene"),
        description="En samtalegruppe i otte uger og en telefonkæde de første måneder efter et dødsfald.",
        target_group="Ældre, der har mistet deres ægtefælle inden for det seneste år",
        status="paused",
        since=-10,
        starts=-60,
        ends=60,
        progress=40,
        volunteers=3,
        reason="Den ene tovholder er syg. Vi genoptager, når vi har fundet en ekstra tovholder.",
        team=(
            (
                "Netværket Efter Tabet",
                "lead",
                "Tovholdere for gruppen og telefonkæden; to af os har selv mistet en ægtefælle.",
            ),
            (
                "Ældre og Sundhed, Lindholt Kommune",
                "partner",
                "Henviser borgere fra de forebyggende hjemmebesøg og stiller et lokale til rådighed.",
            ),
        ),
        milestones=(("Første gruppeforløb startet", -55, -55), ("Ny tovholder fundet", 30, None)),
        timeline=((-30, "event", "Første forløb: syv deltagere, alle vil fortsætte i telefonkæden."),),
        checklist=(
            ("confidentiality", "done", "Gruppen har aftalt, at det, der siges, bliver i rummet."),
            ("emergency_contact", "done", "Ved kriser: egen læge eller kommunens sorgrådgiver."),
        ),
    )
    initiative(
        "Seniorbord på Café Kaffekanden",
        origins=("Café Kaffekanden som fast mødested",),
        description="Caféen holder et stort bord til seniorer hver formiddag; kaffen koster det halve.",
        target_group="Alle seniorer i midtbyen",
        status="in_progress",
        since=-25,
        starts=-25,
        ends=None,
        progress=60,
        team=(("Café Kaffekanden", "lead", "Holder bordet fri og giver rabat på kaffen."),),
        milestones=(("Skilt på bordet", -20, -22),),
    )
    initiative(
        "Snakkebænke i parken",
        origins=("Bænke med 'snakkeskilt' i parken",),
        description="Skilte på tre bænke i byparken, der inviterer til en snak.",
        target_group="Alle, der bruger byparken",
        status="stopped",
        since=-12,
        starts=-50,
        ends=None,
        progress=20,
        reason=(
            "Parkafdelingen kunne ikke godkende skilte på bænkene. Idéen lever videre som "
            "seniorbordet på Café Kaffekanden."
        ),
        team=(("Ældre og Sundhed, Lindholt Kommune", "lead", "Søgte om tilladelse hos parkafdelingen."),),
        timeline=(
            (
                -12,
                "reflection",
                "Vi skulle have talt med parkafdelingen før værkstedet. Næste gang inviterer vi de "
                "afdelinger, der ejer stedet, med fra starten.",
            ),
        ),
    )
    initiative(
        "Reservebedsteforældre",
        origins=("Bedsteforældre-ordning for børnefamilier uden familie i nærheden",),
        description="Ældre frivillige bliver faste reservebedsteforældre for børnefamilier.",
        target_group="Ældre, der savner kontakt med børn, og børnefamilier uden familie i nærheden",
        status="proposed",
        since=0,
        starts=None,
        ends=None,
        team=(
            ("Lindholt Frivilligcenter", "lead", "Matcher familier og frivillige og holder et opstartsmøde."),
        ),
        checklist=(("police_certificate", "open", "Børneattest for alle reservebedsteforældre."),),
        by=facilitator,
    )
