"""A dot that races a merge gets an answer (it lands, or a refusal), never an HTTP 500.

The dot is stopped after it has decided which idea it lands on and before it looks at the
participant's dots there; the merge of that idea runs as far as it can; then the dot goes
on. Before, the dot then no longer saw its own row on the just-merged idea, inserted a
second one, and `uq_vote_participant_id_idea_id` turned the request into a 500.
"""

from sqlalchemy import func, select

from api import board as api_board
from db.models import Participant, Vote
from db.session import read_scope, session_scope
from services.workshop import clusters, tally, votes
from tests.db.postgres.interleave import Concurrent, Pause
from tests.factories import make_idea, make_participant, make_user, make_workshop


def test_a_dot_racing_a_merge_lands_on_the_survivor(db_url, session, monkeypatch):
    w = make_workshop(session, phase="vote", dot_budget=5, dots_per_idea=3, hide_votes_until_reveal=False)
    duplicate, survivor = make_idea(session, w), make_idea(session, w)
    me, token = make_participant(session, w)
    votes.add_dot(session, me.id, duplicate.id)  # my row on the idea about to be merged
    facilitator = make_user(session, role="facilitator")
    session.commit()

    # The pause sits where the dot looks up the participant's dots on the idea it chose.
    pause, group = Pause(), votes._group

    def paused_group(*args, **kwargs):
        if not pause.reached.is_set():
            pause.here()
        return group(*args, **kwargs)

    monkeypatch.setattr(votes, "_group", paused_group)
    dot = Concurrent(lambda: api_board._dots(w.code, token, duplicate.id, +1, "en")).start()
    pause.wait_reached()

    def merge() -> None:
        with session_scope(db_url) as s:
            clusters.merge(s, survivor.id, [duplicate.id], by_user_id=facilitator.id)

    merging = Concurrent(merge).until_done_or_waiting(db_url)
    pause.go()
    status, reply = dot.result()
    merging.result()

    assert status == 200 and reply["ok"], reply
    with read_scope(db_url) as s:
        mine = s.scalar(select(func.sum(Vote.dots)).where(Vote.participant_id == me.id))
        assert (mine, s.get(Participant, me.id).votes_used) == (2, 2)
        assert tally.support(s, workshop_ids=[w.id])[survivor.id].dots == 2
