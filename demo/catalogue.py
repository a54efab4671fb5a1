"""Demo data between the workshops and the initiatives: two more actors, and the inspiration catalogue.

The catalogue holds the well supported ideas of the two idea workshops, some reworded for
print, with an introduction, and its public page is published. Written through the
services, as a facilitator would.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CatalogueEntry, Idea
from services.action import actors, curation
from services.workshop.tally import support

CATALOGUE_INTRO = (
    "Dette katalog samler de idéer, som borgere, frivillige, foreninger, virksomheder og "
    "medarbejdere skabte på to idéværksteder om ensomhed blandt ældre i Lindholt.\n\n"
    "Idéerne er ikke en bestilling til kommunen. De er en invitation til alle, der vil være "
    "med: find en idé, der giver mening for jer, find nogle at gøre den sammen med, og "
    "kontakt kommunens frivilligkoordinator, hvis I vil have hjælp til at komme i gang.\n\n"
    "Ved hver idé står, hvor mange prikker den fik på værkstederne, og fra hvilke grupper "
    "støtten kom. Nogle idéer er allerede blevet til initiativer – det står også ved idéen."
)

# Ideas in the catalogue even with little support: they were taken further at the
# concretising workshop.
ALSO_IN_CATALOGUE = ("Fællesspisning hver torsdag på aktivitetscentret",)
MIN_DOTS = 5

# Original title -> (wording for print, text for print).
PRINT_WORDING = {
    "Fællesspisning hver torsdag på aktivitetscentret": (
        "Torsdagsspisning: aftensmad i godt selskab",
        "Billig aftensmad hver torsdag på aktivitetscentret. Frivillige og deltagere laver "
        "maden sammen, så man både får et måltid og nogen at tale med.",
    ),
    "Nabohjælp-ordning i boligforeningen": (
        "Nabohjælp i boligforeningen",
        "Naboer tilbyder hinanden hjælp til indkøb, en tur til postkassen eller bare en snak "
        "over hækken. Boligforeningen kan hjælpe med en opslagstavle og et lille startmøde.",
    ),
    "Bænke med 'snakkeskilt' i parken": (
        "Snakkebænke i parken",
        "Et lille skilt på udvalgte bænke fortæller: Sæt dig gerne – jeg vil gerne snakke.",
    ),
    "Bedsteforældre-ordning for børnefamilier uden familie i nærheden": (
        "Reservebedsteforældre",
        "Ældre frivillige bliver faste 'reservebedsteforældre' for børnefamilier, der ikke "
        "har familie i nærheden. Begge parter får et nyt fællesskab.",
    ),
}

EXTRA_ACTORS = (
    (
        "Netværket Efter Tabet",
        "citizen_group",
        "Borgergruppe af enker og enkemænd, der selv har mistet og vil hjælpe andre videre.",
        "Birgit Skov",
        (
            (
                "Sorgcafé",
                "Kaffe og samtale for efterladte",
                "Efterladte",
                "Biblioteket",
                "Første mandag i måneden",
            ),
        ),
    ),
    (
        "Lindholt Frivilligcenter",
        "association",
        "Formidler frivilligt arbejde og hjælper nye initiativer med vedtægter, forsikring og frivillige.",
        "Ahmad Rahimi",
        (
            (
                "Frivilligformidling",
                "Match mellem frivillige og foreninger",
                "Alle",
                "Torvet 4",
                "Hverdage kl. 10–14",
            ),
        ),
    ),
)


def seed_actors(session: Session, *, facilitator: int) -> dict[str, int]:
    """The extra actors and their activities; every actor's id by name."""
    for name, kind, description, contact, activities in EXTRA_ACTORS:
        actor = actors.create_actor(
            session,
            name=name,
            kind=kind,
            description=description,
            contact_name=contact,
            by_user_id=facilitator,
        )
        for title, text, group, place, schedule in activities:
            actors.create_activity(
                session,
                actor_id=actor.id,
                title=title,
                description=text,
                target_group=group,
                place=place,
                schedule=schedule,
                by_user_id=facilitator,
            )
    return {name: i for i, name in actors.actor_names(session).items()}


def seed_catalogue(
    session: Session,
    process_id: int,
    ideas: dict[str, Idea],
    workshop_ids: tuple[int, ...],
    *,
    facilitator: int,
) -> dict[int, CatalogueEntry]:
    """The catalogue of the process, published; its entries by the id of their idea.

    It holds the well supported ideas of the two idea workshops, most support first.
    """
    voted = workshop_ids[:2]
    counted = support(session, workshop_ids=voted)
    chosen = [
        i
        for i in sorted(
            (i for i in ideas.values() if i.workshop_id in voted),
            key=lambda i: (-(counted[i.id].dots if i.id in counted else 0), i.id),
        )
        if (counted[i.id].dots if i.id in counted else 0) >= MIN_DOTS or i.title in ALSO_IN_CATALOGUE
    ]
    curation.add_ideas(session, process_id, [i.id for i in chosen], group_by="theme", by_user_id=facilitator)
    entries = {
        e.idea_id: e
        for e in session.scalars(select(CatalogueEntry).where(CatalogueEntry.process_id == process_id))
        if e.idea_id is not None
    }
    for original, (title, body) in PRINT_WORDING.items():
        entry = entries[ideas[original].id]
        curation.update_entry(
            session, entry.id, title=title, body=body, section=entry.section, by_user_id=facilitator
        )
    curation.set_intro(session, process_id, CATALOGUE_INTRO, by_user_id=facilitator)
    curation.set_published(session, process_id, True, by_user_id=facilitator)
    return entries
