"""The demo process's knowledge base (facts about loneliness among the elderly in Lindholt, links,
dialogue questions) and two concretising plans for ideas in its catalogue."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Idea, Workshop
from services.action import concretising
from services.action.concretising import Plan
from services.admin.permissions import SYSTEM
from services.workshop import knowledge

# (kind, title, text, address). Lindholt is fictional; its figures are of the order Danish
# municipalities of 50,000 report, with the national survey as the source of the shares.
ITEMS = (
    (
        "figure",
        "4.100 borgere over 75 år i Lindholt",
        "Tallet stiger med omkring 150 om året frem mod 2030.",
        "",
    ),
    (
        "fact",
        "Hver tiende over 75 føler sig ofte uønsket alene",
        "Det er oftest dem, der har mistet en ægtefælle, og dem, der ikke længere kan køre bil.",
        "",
    ),
    (
        "fact",
        "Tab af ægtefælle er den hyppigste vej ind i ensomhed",
        "Det første år efter er særligt sårbart. Mange siger, at de mangler en grund til at gå ud ad døren.",
        "",
    ),
    (
        "figure",
        "1 ud af 3 har ikke været til en aktivitet det seneste år",
        "Fra kommunens trivselsmåling.",
        "",
    ),
    (
        "link",
        "Sundhedsstyrelsen: Ensomhed blandt ældre",
        "Baggrund og anbefalinger til kommuner.",
        "https://www.sst.dk/da/Viden/Ensomhed",
    ),
    (
        "link",
        "Folkebevægelsen mod ensomhed",
        "Et landsdækkende partnerskab med idéer og materialer.",
        "https://modensomhed.dk",
    ),
    ("question", "Hvad får dig ud af døren en almindelig tirsdag?", "", ""),
    ("question", "Hvem ville du savne at tale med, hvis de flyttede?", "", ""),
    ("question", "Hvad skal der til, for at en ny kommer med næste gang?", "", ""),
)

PLANS = {
    "Fællesspisning hver torsdag på aktivitetscentret": Plan(
        who="Seniorforeningen laver maden med frivillige; aktivitetscentret stiller køkken og lokale.",
        what="Aftensmad hver torsdag kl. 17.30 til 45 kr., med en fast vært ved hvert bord.",
        for_whom="Ældre, der bor alene, og særligt dem, der har mistet en ægtefælle.",
        timing="Prøveperiode fra marts til juni; evaluering i juni.",
        resources="Køkken og lokale gratis; 15.000 kr. til opstart fra puljen; 8 frivillige.",
        first_step="Møde mellem seniorforeningen og centerlederen om køkken og hygiejne.",
        anchoring="Seniorforeningen driver spisningen videre; kommunen betaler lokalet i driftsbudgettet.",
    ),
    "Nabohjælp-ordning i boligforeningen": Plan(
        who="Boligforeningens afdelingsbestyrelse med to frivillige tovholdere.",
        what="En opslagstavle og et startmøde, hvor naboer tilbyder og beder om små tjenester.",
        for_whom="Ældre beboere i Østparken, der har svært ved indkøb og ærinder.",
        timing="Startmøde efter sommerferien.",
        resources="Opslagstavle og kaffe; varmemesteren hjælper med at sætte den op.",
        first_step="Afdelingsbestyrelsen sætter punktet på næste beboermøde.",
        anchoring="Ordningen skrives ind i afdelingens årsplan.",
    ),
}


def seed_knowledge(session: Session, process_id: int) -> None:
    for kind, title, body, url in ITEMS:
        knowledge.add_item(session, process_id, kind=kind, title=title, body=body, url=url, by_user_id=SYSTEM)
    ideas = dict(
        session.execute(
            select(Idea.title, Idea.id)
            .join(Workshop, Workshop.id == Idea.workshop_id)
            .where(Workshop.process_id == process_id, Idea.title.in_(PLANS))
        ).all()
    )
    for title, plan in PLANS.items():
        concretising.save_plan(session, ideas[title], plan, by_user_id=SYSTEM)
