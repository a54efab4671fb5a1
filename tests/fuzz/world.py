"""A small municipality for the property tests: one of everything, written through the services.

Every id a service takes should find something real here (as well as the bogus ids the
strategies add), so a fuzzed call gets past "not found" and into the rules behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from db.models import Base, HoursEntry, Participant, StaffTimeEntry, User, Workshop
from services.action import curation, follow_up, initiative_actors
from services.surveys import responses, waves
from services.volunteering import hours, hours_rules, staff_time
from services.workshop import clusters, ideas, participants, votes
from tests import factories
from tests.when import TODAY


@dataclass
class World:
    """Ids of what was made, by kind, and the strings that open things (codes, tokens, slugs)."""

    admin_id: int
    ids: dict[str, list[int]] = field(default_factory=dict)
    strings: list[str] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)

    def all_ids(self) -> list[int]:
        return sorted({i for found in self.ids.values() for i in found})


def build(session: Session) -> World:
    admin = factories.make_user(session, role="admin", username="fuzzadmin")
    facilitator = factories.make_user(session, role="facilitator")
    factories.make_user(session, role="leader")
    by = admin.id
    process = factories.make_process(session, by_user_id=by, starts_on=TODAY, target_groups=["citizen"])
    collecting = factories.make_workshop(session, phase="collect", process_id=process.id)
    voting = factories.make_workshop(
        session, phase="vote", process_id=process.id, hide_votes_until_reveal=False, dots_per_idea=2
    )
    closed = factories.make_workshop(session, phase="closed", process_id=process.id)
    tokens: list[str] = []
    for workshop in (collecting, voting):
        for group in ("citizen", "volunteer"):
            _me, token = factories.make_participant(
                session, workshop, stakeholder_group=group, age_band="65_79"
            )
            tokens.append(token)
    me = participants.participant_by_token(session, tokens[0])
    idea = ideas.add_idea(
        session, me, theme_id=collecting.themes[0].id, title="Walk together", description="x"
    )
    ideas.add_comment(session, me, idea.id, "Yes, on Sundays")
    ideas.add_idea(session, me, theme_id=collecting.themes[1].id, title="Coffee club")
    cluster = clusters.create_cluster(session, collecting.id, "Outdoors", by_user_id=by)
    clusters.assign(session, [idea.id], cluster.id, by_user_id=by)
    voted = [factories.make_idea(session, voting) for _ in range(3)]
    proxy = participants.add_proxy(session, voting.id, stakeholder_group="citizen", by_user_id=by)
    voter = participants.participant_by_token(session, tokens[2])
    votes.add_dot(session, voter.id, voted[0].id)
    votes.add_dot_for(session, voting.id, proxy.id, voted[1].id, by_user_id=by)
    entry = curation.add_entry(
        session, process.id, title="Meet outside", body="b", section="s", by_user_id=by
    )
    curation.add_ideas(session, process.id, [idea.id], by_user_id=by)
    actor = factories.make_actor(session, by_user_id=by)
    activity = factories.make_activity(session, actor, by_user_id=by)
    initiative = factories.make_initiative(
        session, process_id=process.id, idea_ids=[voted[0].id], entry_ids=[entry.id], by_user_id=by
    )
    follow_up.add_milestone(session, initiative.id, title="Plan", due_on=TODAY, by_user_id=by)
    follow_up.add_timeline_entry(
        session, initiative.id, happened_on=TODAY, kind="event", text="t", by_user_id=by
    )
    follow_up.set_checklist_item(session, initiative.id, "insurance", status="done", by_user_id=by)
    initiative_actors.add_actor(session, initiative.id, actor_id=actor.id, role="lead", by_user_id=by)
    initiative_actors.link_activity(session, initiative.id, activity.id, by_user_id=by)
    volunteer = factories.make_volunteer(session, actor_id=actor.id, by_user_id=by)
    factories.make_volunteer(session, by_user_id=by)
    target = hours_rules.Target(initiative_id=initiative.id)
    hours.log_hours(
        session, worked_on=TODAY, minutes=90, volunteer_id=volunteer.id, target=target, by_user_id=by
    )
    staff_time.log_staff_time(
        session,
        worked_on=TODAY,
        minutes=30,
        kind="support",
        staff_name="Staff",
        user_id=facilitator.id,
        by_user_id=by,
    )
    wave = factories.make_wave(session, process_id=process.id, opens_on=date(2026, 11, 1), by_user_id=by)
    closed_wave = factories.make_wave(
        session, process_id=process.id, opens_on=date(2026, 1, 1), by_user_id=by
    )
    waves.close_wave(session, closed_wave.id, by_user_id=by)
    item = sorted(_instrument_items(wave.instrument_key))[0]
    responses.submit_response(session, wave.link_token, "device-token-0000000000", {item: 3})
    session.flush()

    world = World(admin_id=admin.id, tokens=tokens)
    for model in Base.metadata.sorted_tables:
        world.ids[model.name] = [] if "id" not in model.c else list(session.scalars(select(model.c.id)))
    world.ids["hours_entry"] = list(session.scalars(select(HoursEntry.id)))
    world.ids["staff_time_entry"] = list(session.scalars(select(StaffTimeEntry.id)))
    world.ids["proxy"] = [proxy.id]
    codes = list(session.scalars(select(Workshop.code)))
    world.strings = [
        *codes,
        *tokens,
        wave.link_token,
        closed_wave.link_token,
        process.public_slug,
        *session.scalars(select(User.username)),
    ]
    assert (session.scalar(select(func.count()).select_from(Participant)) or 0) >= 5
    assert closed.phase == "closed"
    return world


def _instrument_items(key: str) -> frozenset[str]:
    from services.surveys.instruments import instrument

    return instrument(key).item_keys


def row_counts(session: Session) -> tuple[int, ...]:
    """Rows per table in one statement, so a per-example check stays cheap."""
    counts = ", ".join(f'(SELECT count(*) FROM "{table.name}")' for table in Base.metadata.sorted_tables)
    return tuple(session.execute(text(f"SELECT {counts}")).one())
