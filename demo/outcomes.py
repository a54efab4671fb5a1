"""The demo process's level of influence and what became of every idea.

The process consults (the municipality decides and reports back); the concretising
workshop collaborates, since there participants and associations plan the initiatives
with the municipality. Ideas that the catalogue, an initiative or a merge did not take up
get the facilitator's "not taken forward" with a reason, as a real facilitator would
write it, and the two idea workshops' outcomes are published.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import User
from services.action import idea_outcomes, outcome_notices
from services.workshop import influence

PROCESS_PROMISE = (
    "Vi læser alle idéer, og kommunen beslutter sammen med foreningerne, hvilke der bliver "
    "til initiativer. Senest to måneder efter hvert værksted kan I se her, hvad der skete "
    "med hver eneste idé – også dem, vi ikke går videre med, og hvorfor."
)
WORKSHOP_PROMISE = (
    "På konkretiseringsværkstedet planlægger vi initiativerne sammen: det, vi bliver enige "
    "om her, sætter kommunen og foreningerne i gang."
)
# Why the ideas nobody took up were not taken forward, in the facilitator's words.
NOT_TAKEN_FORWARD = {
    "Velkomstbesøg fra en frivillig efter tab": (
        "Sorggruppen og telefonkæden når de samme mennesker, og der er ikke frivillige nok til "
        "også at gå på besøg. Vi ser på det igen, når telefonkæden har kørt et år."
    ),
    "Spisevenner: middag for to": (
        "Torsdagsspisningen på aktivitetscentret dækker behovet, og de fleste vil hellere spise "
        "i en større flok end hjemme hos en fremmed."
    ),
    "Kaffe-vagten: frivillige på plejecentret om eftermiddagen": (
        "Plejecentret har allerede en vennekreds med frivillige om eftermiddagen; vi har sendt "
        "idéen videre til dem."
    ),
    "Hjemmeplejen spørger til ensomhed": (
        "Det er en del af hjemmeplejens arbejde i forvejen. Ældreområdet tager idéen med i "
        "næste års kursus for medarbejderne, så den hører ikke hjemme i denne proces."
    ),
    "Flextrafik-kursus: sådan bestiller du": (
        "Midttrafik holder allerede kurset hvert forår på biblioteket; vi har sat det i "
        "aktivitetsguiden i stedet for at lave et nyt."
    ),
}


def seed_outcomes(session: Session, process_id: int, workshop_ids: tuple[int, ...]) -> None:
    facilitator = session.scalars(select(User.id).where(User.username == "facilitator")).one()
    influence.set_process_influence(
        session, process_id, level="consult", promise=PROCESS_PROMISE, by_user_id=facilitator
    )
    influence.set_workshop_influence(
        session, workshop_ids[-1], level="collaborate", promise=WORKSHOP_PROMISE, by_user_id=facilitator
    )
    for workshop_id in workshop_ids:
        pending = [o for o in idea_outcomes.workshop_outcomes(session, workshop_id) if o.outcome == "pending"]
        for outcome in pending:
            idea_outcomes.decide(
                session,
                workshop_id,
                [outcome.idea_id],
                decision="not_taken_forward",
                reason=NOT_TAKEN_FORWARD[outcome.title],
                by_user_id=facilitator,
            )
    for workshop_id in workshop_ids[:-1]:
        # The demo has no mail server: publishing marks the outcomes as final, no notice goes.
        outcome_notices.publish_outcomes(
            session, workshop_id, link=lambda slug, wid: "", mail=None, by_user_id=facilitator
        )
