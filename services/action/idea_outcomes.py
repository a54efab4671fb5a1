"""What became of every idea of a workshop, and the facilitator's decisions on the rest.

An idea's outcome is read where it can be: it became an initiative (directly, or through
an idea merged with it), it was merged into another idea, or it is in the process's
inspiration catalogue. Only what cannot be read is stored: a facilitator's decision that
an idea is not taken forward, with the reason in plain words (`IdeaDecision`). An idea
with neither is still pending. Hidden and withdrawn ideas have no outcome: they are not
on the board and not on the public page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.models import CatalogueEntry, Idea, IdeaDecision, Theme
from services.action.lineage import InitiativeRef, initiatives_for_ideas
from services.admin import audit, permissions
from services.admin.permissions import ByUser
from services.common.errors import InvalidInput
from services.common.text import clean_text, one_of
from services.workshop.workshops import get_workshop
from vocabulary import IDEA_DECISIONS

REASON_MAX = 500
# The outcomes a facilitator may not overrule: the catalogue, an initiative and a merge say it.
DERIVED = ("initiative", "catalogue", "merged")


@dataclass(frozen=True)
class IdeaOutcome:
    idea_id: int
    title: str
    description: str
    theme: str
    outcome: str  # vocabulary.IDEA_OUTCOMES
    reason: str = ""  # not taken forward: why
    merged_into: str = ""  # merged: the title of the idea it went into
    catalogue_title: str = ""  # in the catalogue: the entry's (curated) title
    initiatives: list[InitiativeRef] = field(default_factory=list)


def workshop_outcomes(session: Session, workshop_id: int) -> list[IdeaOutcome]:
    """Every idea on the workshop's board (hidden and withdrawn left out), with its outcome."""
    workshop = get_workshop(session, workshop_id)
    rows = session.execute(
        select(Idea, Theme.title)
        .outerjoin(Theme, Theme.id == Idea.theme_id)
        .where(Idea.workshop_id == workshop.id, Idea.status == "active", Idea.hidden.is_(False))
        .order_by(Theme.position.nulls_last(), Idea.id)
    ).all()
    ids = [idea.id for idea, _ in rows]
    if not ids:
        return []
    titles = {idea.id: idea.title for idea, _ in rows}
    missing = {i.merged_into_id for i, _ in rows if i.merged_into_id and i.merged_into_id not in titles}
    if missing:
        titles |= dict(session.execute(select(Idea.id, Idea.title).where(Idea.id.in_(missing))).all())
    led_to = initiatives_for_ideas(session, ids)
    entries = dict(
        session.execute(
            select(CatalogueEntry.idea_id, CatalogueEntry.title).where(
                CatalogueEntry.process_id == workshop.process_id, CatalogueEntry.idea_id.in_(ids)
            )
        ).all()
    )
    decisions = {
        d.idea_id: d for d in session.scalars(select(IdeaDecision).where(IdeaDecision.idea_id.in_(ids)))
    }
    result = []
    for idea, theme in rows:
        base = IdeaOutcome(idea.id, idea.title, idea.description, theme or "", "pending")
        if led_to.get(idea.id):
            result.append(replace(base, outcome="initiative", initiatives=led_to[idea.id]))
        elif idea.merged_into_id is not None:
            result.append(replace(base, outcome="merged", merged_into=titles.get(idea.merged_into_id, "")))
        elif idea.id in entries:
            result.append(replace(base, outcome="catalogue", catalogue_title=entries[idea.id]))
        elif idea.id in decisions:
            decision = decisions[idea.id]
            result.append(replace(base, outcome=decision.decision, reason=decision.reason))
        else:
            result.append(base)
    return result


def decide(
    session: Session,
    workshop_id: int,
    idea_ids: Iterable[int],
    *,
    decision: str | None,
    reason: str | None,
    by_user_id: ByUser,
) -> int:
    """Record one decision with its reason for several ideas of a workshop; returns how many.

    All or nothing: an idea of another workshop, a hidden or withdrawn one, or one whose
    outcome the catalogue, an initiative or a merge already gives is refused, naming it.
    """
    permissions.require(session, by_user_id, permissions.can_curate_catalogue)
    picked = list(dict.fromkeys(idea_ids))
    if not picked:
        raise InvalidInput("error.choose_ideas")
    chosen = one_of(decision, IDEA_DECISIONS, field="idea_decision")
    why = clean_text(reason, field="decision_reason", max_len=REASON_MAX, multiline=True)
    outcomes = {o.idea_id: o for o in workshop_outcomes(session, workshop_id)}
    for idea_id in picked:
        found = outcomes.get(idea_id)
        if found is None:
            raise InvalidInput("error.idea_not_in_workshop")
        if found.outcome in DERIVED:
            raise InvalidInput("error.idea_has_outcome", idea=found.title)
    session.execute(delete(IdeaDecision).where(IdeaDecision.idea_id.in_(picked)))
    session.add_all(
        IdeaDecision(
            idea_id=idea_id,
            decision=chosen,
            reason=why,
            decided_by_user_id=permissions.user_id_of(by_user_id),
        )
        for idea_id in picked
    )
    session.flush()
    audit.record(
        session,
        user_id=by_user_id,
        action="ideas.decide",
        entity="workshop",
        entity_id=workshop_id,
        decision=chosen,
        ideas=picked,
    )
    return len(picked)


def undo_decisions(session: Session, workshop_id: int, idea_ids: Iterable[int], *, by_user_id: ByUser) -> int:
    """Take back the decisions on some ideas of a workshop (they are pending again); how many were."""
    permissions.require(session, by_user_id, permissions.can_curate_catalogue)
    workshop = get_workshop(session, workshop_id)
    picked = list(dict.fromkeys(idea_ids))
    own = select(Idea.id).where(Idea.workshop_id == workshop.id, Idea.id.in_(picked))
    result = session.execute(delete(IdeaDecision).where(IdeaDecision.idea_id.in_(own)))
    count = int(result.rowcount or 0)  # type: ignore[attr-defined]
    audit.record(
        session,
        user_id=by_user_id,
        action="ideas.undo_decision",
        entity="workshop",
        entity_id=workshop.id,
        ideas=picked,
        undone=count,
    )
    return count
