"""The SQL a dot runs (services/workshop/votes.py), built once and executed with parameters.

A dot is the busiest write of a workshop: with votes shown every one is a new board
version, and in a 300-tablet room's vote phase dots were a quarter of the server's CPU.
Building these statements for every dot (coercing each expression, computing its cache
key), and sending them through the ORM's handling of entity statements, was more than
half of a dot's CPU (benchmarks/dot_cost.py: 11.5 -> 4.9 ms on SQLite). They are Core
statements over the mapped tables: a dot loads no objects, and keeps a participant loaded
in its session in step itself (`votes._keep_in_step`).
"""

from __future__ import annotations

from sqlalchemy import bindparam, case, delete, func, insert, select, update

from db.models import Idea, Participant, Vote, Workshop, table_of

_participants, _workshops, _ideas, _votes = (table_of(m) for m in (Participant, Workshop, Idea, Vote))
_participant, _workshop, _idea, _vote = (t.c for t in (_participants, _workshops, _ideas, _votes))

_in_vote_phase = (
    select(_workshop.id).where(_workshop.id == _participant.workshop_id, _workshop.phase == "vote").exists()
)
# A participant's votes on a survivor and on the ideas merged into it.
_in_group = (_vote.participant_id == bindparam("participant_id")) & (
    func.coalesce(_idea.merged_into_id, _idea.id) == bindparam("survivor_id")
)
_visible = _idea.hidden.is_(False) & (_idea.status == "active")
_dot_row = (_participant.votes_used, _participant.workshop_id, _participant.stakeholder_group)

# Spend one of the participant's dots: only within the budget and the vote phase.
SPEND = (
    update(_participants)
    .where(
        _participant.id == bindparam("participant_id"),
        _in_vote_phase,
        _participant.votes_used
        < select(_workshop.dot_budget).where(_workshop.id == _participant.workshop_id).scalar_subquery(),
    )
    .values(votes_used=_participant.votes_used + 1)
    .returning(*_dot_row)
)
GIVE_BACK = (
    update(_participants)
    .where(_participant.id == bindparam("participant_id"), _in_vote_phase, _participant.votes_used > 0)
    .values(votes_used=_participant.votes_used - 1)
    .returning(*_dot_row)
)
RULES = select(_workshop.dot_budget, _workshop.dots_per_idea).where(_workshop.id == bindparam("workshop_id"))
IDEA = select(_idea.merged_into_id, _idea.hidden, _idea.status, _idea.workshop_id).where(
    _idea.id == bindparam("idea_id")
)
# FOR KEY SHARE: see votes._survivor.
IDEA_LOCKED = (
    select(_idea.merged_into_id, _idea.hidden, _idea.status)
    .where(_idea.id == bindparam("idea_id"))
    .with_for_update(read=True, key_share=True)
)
# The participant's dots on a survivor's group, those that count, and their row on the survivor.
GROUP = (
    select(
        func.coalesce(func.sum(_vote.dots), 0),
        func.coalesce(func.sum(case((_visible, _vote.dots), else_=0)), 0),
        func.max(case((_vote.idea_id == bindparam("survivor_id"), _vote.id))),
    )
    .select_from(_votes.join(_ideas, _idea.id == _vote.idea_id))
    .where(_in_group)
)
# The row a dot taken back comes from: the survivor's own first, then the fullest merged one.
ROW_TO_TAKE = (
    select(_vote.id, _vote.dots, _visible.label("counts"))
    .select_from(_votes.join(_ideas, _idea.id == _vote.idea_id))
    .where(_in_group)
    .order_by(case((_vote.idea_id == bindparam("survivor_id"), 0), else_=1), _vote.dots.desc())
    .limit(1)
)
NEW_VOTE = insert(_votes).values(
    workshop_id=bindparam("vote_workshop"),
    idea_id=bindparam("vote_idea"),
    participant_id=bindparam("vote_participant"),
    dots=1,
)
CHANGE_DOTS = (
    update(_votes)
    .where(_vote.id == bindparam("vote_id"))
    .values(dots=_vote.dots + bindparam("by"), updated_at=bindparam("now"))
)
DROP_VOTE = delete(_votes).where(_vote.id == bindparam("vote_id"))
