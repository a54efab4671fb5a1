"""How to call each staff write service once, validly: the arrangements of test_every_staff_write.

Each entry takes the session and the acting user's id (for "✓ own" rules: what that user
entered) and arranges what the call needs, as the system; it returns the call, which takes
the actor. Which functions exist is found by walking services/, not from this table: a
new write service without an entry here fails the test.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEvent, HoursEntry, InitiativeActor, Participant, StaffTimeEntry
from services.action import curation, follow_up, idea_outcomes, initiative_actors, lifecycle, outcome_notices
from services.admin import users
from services.admin.permissions import SYSTEM
from services.volunteering import hours_import
from services.volunteering.hours_file import RawTable
from services.volunteering.hours_rules import EntryDraft
from services.workshop import clusters, ideas, influence, new_workshops, participants, themes, workshops
from tests.factories import (
    make_activity,
    make_actor,
    make_idea,
    make_initiative,
    make_participant,
    make_process,
    make_user,
    make_volunteer,
    make_wave,
    make_workshop,
)
from tests.when import TODAY

Call = Callable[[Any], Any]
Arrange = Callable[[Session, int], Call]


def _workshop(session: Session, phase: str = "collect"):
    return make_workshop(session, phase=phase)


def _closed_and_public(session: Session):
    """A closed workshop whose process's public page is published: its outcomes may be published."""
    w = _workshop(session, "closed")
    w.process.public_page_published = True
    session.flush()
    return w


def _with_idea(session: Session):
    w = _workshop(session, "closed")
    return w, make_idea(session, w)


def _decided(session: Session):
    """A workshop with one idea not taken forward."""
    w = _workshop(session, "closed")
    idea = make_idea(session, w)
    idea_outcomes.decide(
        session, w.id, [idea.id], decision="not_taken_forward", reason="Findes", by_user_id=SYSTEM
    )
    return w, idea


def _proxy(session: Session, workshop) -> Participant:
    return participants.add_proxy(session, workshop.id, stakeholder_group="citizen", by_user_id=SYSTEM)


def _curated(session: Session):
    """A process with three catalogue entries: two in the first section, one in the second."""
    w = _workshop(session, "results")
    picked = [make_idea(session, w, theme_id=w.themes[i].id) for i in (0, 0, 1)]
    entries = curation.add_ideas(session, w.process_id, [i.id for i in picked], by_user_id=SYSTEM)
    return w, entries


def _initiative_with_actor(session: Session):
    made = make_initiative(session)
    initiative_actors.add_actor(
        session, made.id, actor_id=make_actor(session).id, role="partner", by_user_id=SYSTEM
    )
    link = session.scalars(select(InitiativeActor).where(InitiativeActor.initiative_id == made.id)).one()
    return made, link


def _hours(session: Session, entered_by: int) -> HoursEntry:
    entry = HoursEntry(worked_on=TODAY, minutes=60, volunteers=1, note="", entered_by_user_id=entered_by)
    session.add(entry)
    session.flush()
    return entry


def _staff_time(session: Session, user_id: int) -> StaffTimeEntry:
    entry = StaffTimeEntry(
        user_id=user_id, staff_name="Jonas", worked_on=TODAY, minutes=60, kind="coordination"
    )
    session.add(entry)
    session.flush()
    return entry


def _old_audit_row(session: Session) -> None:
    # Someone else's, so that the purge's own row is the only change to the actor's rows.
    someone = make_user(session, role="leader")
    session.add(AuditEvent(at=datetime(2000, 1, 1), user_id=someone.id, action="old", entity="x", detail=""))
    session.flush()


def _dot_given(session: Session, workshop, proxy, idea):
    from services.workshop import votes

    votes.add_dot_for(session, workshop.id, proxy.id, idea.id, by_user_id=SYSTEM)


def _open_space_cell(session: Session) -> Call:
    """A session not yet placed, and a free cell of the grid to place it in."""
    from services.workshop.open_space import grid

    w = _workshop(session)
    slot = grid.add_slot(session, w.id, "10.00", "", by_user_id=SYSTEM)
    room = grid.add_room(session, w.id, "Salen", by_user_id=SYSTEM)
    held = grid.propose_session_for(session, w.id, "Gåture", "Birthe", by_user_id=SYSTEM)
    return lambda by: grid.place_session(session, held, slot, room, by_user_id=by)


def _phase(session: Session, phase: str):
    return _workshop(session, phase)


def _arrangements() -> dict[str, Arrange]:
    from services.action import actors, concretising, matrix_catalogue
    from services.admin import audit, municipality, sign_in_policy
    from services.insight import target_groups
    from services.surveys import waves
    from services.volunteering import hours, staff_time, volunteer_export, volunteers
    from services.workshop import knowledge, matrices, participant_privacy, processes, spotlight, votes
    from services.workshop.open_space import grid, withdrawal

    def _fact(s: Session):
        return knowledge.add_item(s, make_process(s).id, kind="fact", title="Fakta", by_user_id=SYSTEM)

    def _matrix(s: Session, placed: bool = False):
        w = _workshop(s)
        idea = make_idea(s, w)
        view = matrices.open_matrix(s, w.id, [idea.id], kind="impact_effort", by_user_id=SYSTEM)
        if placed:
            person, _ = make_participant(s, w)
            matrices.place(s, person, view.id, {idea.id: (2, 8)})
        return view

    def _spotlit(s: Session):
        w = _workshop(s)
        spotlight.put_in_spotlight(s, w.id, make_idea(s, w).id, by_user_id=SYSTEM)
        return w

    def with_timer(s: Session):
        w = _workshop(s)
        workshops.start_timer(s, w.id, 5, by_user_id=SYSTEM)
        return w

    def voting(s: Session, take: bool) -> Call:
        w = _phase(s, "vote")
        proxy, idea = _proxy(s, w), make_idea(s, w)
        if take:
            _dot_given(s, w, proxy, idea)
            return lambda by: votes.take_dot_for(s, w.id, proxy.id, idea.id, by_user_id=by)
        return lambda by: votes.add_dot_for(s, w.id, proxy.id, idea.id, by_user_id=by)

    def merged(s: Session) -> Call:
        w = _workshop(s, "cluster")
        a, b = make_idea(s, w), make_idea(s, w)
        clusters.merge(s, a.id, [b.id], by_user_id=SYSTEM)
        return lambda by: clusters.unmerge(s, b.id, by_user_id=by)

    def hidden(s: Session) -> Call:
        w = _workshop(s)
        idea = make_idea(s, w)
        ideas.hide_idea(s, idea.id, hidden=True, reason="spam", by_user_id=SYSTEM)
        items = ideas.hidden_items(s, w.id)
        return lambda by: ideas.show_again(s, items, by_user_id=by)

    def comment(s: Session):
        w = _workshop(s)
        person, _ = make_participant(s, w)
        return ideas.add_comment(s, person, make_idea(s, w).id, "Godt forslag")

    def milestone(s: Session):
        made = make_initiative(s)
        return follow_up.add_milestone(s, made.id, title="Første møde", due_on=TODAY, by_user_id=SYSTEM)

    def timeline(s: Session):
        made = make_initiative(s)
        return follow_up.add_timeline_entry(
            s, made.id, happened_on=TODAY, kind="event", text="Møde holdt", by_user_id=SYSTEM, today=TODAY
        )

    def linked_activity(s: Session):
        made, activity = make_initiative(s), make_activity(s)
        initiative_actors.link_activity(s, made.id, activity.id, by_user_id=SYSTEM)
        return made, activity

    def initiative_from_idea(s: Session):
        w = _workshop(s, "results")
        idea = make_idea(s, w)
        made = lifecycle.create_initiative(s, title="Fra en idé", idea_ids=[idea.id], by_user_id=SYSTEM)
        return made, idea

    def import_plan(s: Session):
        table = RawTable(headers=("Dato", "Timer", "Antal frivillige"), rows=((TODAY.isoformat(), "2", "3"),))
        return hours_import.plan_import(s, table, today=TODAY)

    def curated_move(s: Session) -> Call:
        _, entries = _curated(s)
        return lambda by: curation.move_entry(s, entries[0].id, 1, by_user_id=by)

    def curated_section(s: Session) -> Call:
        _, entries = _curated(s)
        return lambda by: curation.move_section(
            s, entries[0].process_id, entries[0].section, 1, by_user_id=by
        )

    def purge_old(s: Session) -> Call:
        _old_audit_row(s)
        return lambda by: audit.purge(s, retention_days=30, by_user_id=by)

    def own_staff_time(s: Session, me: int) -> Call:
        return lambda by: staff_time.log_staff_time(
            s,
            worked_on=TODAY,
            minutes=30,
            kind="training",
            staff_name="Jonas",
            user_id=me,
            by_user_id=by,
            today=TODAY,
        )

    return {
        # accounts and the audit log
        "admin.users.create_user": lambda s, me: (
            lambda by: users.create_user(
                s,
                username="new.user",
                display_name="Ny",
                role="admin",
                password="a long password",
                by_user_id=by,
                rounds=4,
            )
        ),
        "admin.users.set_role": lambda s, me: (
            lambda u: lambda by: users.set_role(s, u.id, "admin", by_user_id=by)
        )(make_user(s, role="facilitator")),
        "admin.users.set_active": lambda s, me: (
            lambda u: lambda by: users.set_active(s, u.id, False, by_user_id=by)
        )(make_user(s, role="leader")),
        "admin.users.reset_password": lambda s, me: (
            lambda u: lambda by: users.reset_password(s, u.id, "another long one", by_user_id=by, rounds=4)
        )(make_user(s)),
        "admin.audit.purge": lambda s, me: purge_old(s),
        # workshops
        "workshop.processes.create_process": lambda s, me: (
            lambda by: processes.create_process(s, title="Ny proces", by_user_id=by)
        ),
        "workshop.processes.update_process": lambda s, me: (
            lambda p: (
                lambda by: processes.update_process(
                    s,
                    p.id,
                    title="Ny titel",
                    description="",
                    starts_on=None,
                    ends_on=None,
                    target_groups=[],
                    by_user_id=by,
                )
            )
        )(make_process(s)),
        "workshop.processes.set_phase": lambda s, me: (
            lambda p: lambda by: processes.set_phase(s, p.id, "idea_workshops", by_user_id=by)
        )(make_process(s)),
        "workshop.processes.set_archived": lambda s, me: (
            lambda p: lambda by: processes.set_archived(s, p.id, True, by_user_id=by)
        )(make_process(s)),
        "workshop.spotlight.put_in_spotlight": lambda s, me: (
            lambda w: (lambda i: lambda by: spotlight.put_in_spotlight(s, w.id, i.id, by_user_id=by))(
                make_idea(s, w)
            )
        )(_workshop(s)),
        "workshop.matrices.open_matrix": lambda s, me: (
            lambda w: (
                lambda i: lambda by: matrices.open_matrix(s, w.id, [i.id], kind="how_now_wow", by_user_id=by)
            )(make_idea(s, w))
        )(_workshop(s)),
        "workshop.matrices.close_matrix": lambda s, me: (
            lambda m: lambda by: matrices.close_matrix(s, m.id, by_user_id=by)
        )(_matrix(s)),
        "workshop.matrices.show_by_group": lambda s, me: (
            lambda m: lambda by: matrices.show_by_group(s, m.id, True, by_user_id=by)
        )(_matrix(s)),
        "action.matrix_catalogue.send_quadrant_to_catalogue": lambda s, me: (
            lambda m: lambda by: matrix_catalogue.send_quadrant_to_catalogue(s, m.id, "hl", by_user_id=by)
        )(_matrix(s, placed=True)),
        "workshop.knowledge.add_item": lambda s, me: (
            lambda p: lambda by: knowledge.add_item(s, p.id, kind="question", title="Hvorfor?", by_user_id=by)
        )(make_process(s)),
        "workshop.knowledge.edit_item": lambda s, me: (
            lambda i: lambda by: knowledge.edit_item(s, i.id, title="Ny", body="", by_user_id=by)
        )(_fact(s)),
        "workshop.knowledge.remove_item": lambda s, me: (
            lambda i: lambda by: knowledge.remove_item(s, i.id, by_user_id=by)
        )(_fact(s)),
        "action.concretising.save_plan": lambda s, me: (
            lambda i: lambda by: concretising.save_plan(s, i.id, concretising.Plan(who="Os"), by_user_id=by)
        )(make_idea(s, _workshop(s))),
        "workshop.spotlight.clear_spotlight": lambda s, me: (
            lambda w: lambda by: spotlight.clear_spotlight(s, w.id, by_user_id=by)
        )(_spotlit(s)),
        "workshop.open_space.grid.switch_open_space": lambda s, me: (
            lambda w: lambda by: grid.switch_open_space(s, w.id, True, by_user_id=by)
        )(_workshop(s)),
        "workshop.open_space.grid.add_slot": lambda s, me: (
            lambda w: lambda by: grid.add_slot(s, w.id, "10.00", "10.45", by_user_id=by)
        )(_workshop(s)),
        "workshop.open_space.grid.remove_slot": lambda s, me: (
            lambda slot: lambda by: grid.remove_slot(s, slot, by_user_id=by)
        )(grid.add_slot(s, _workshop(s).id, "10.00", "", by_user_id=SYSTEM)),
        "workshop.open_space.grid.add_room": lambda s, me: (
            lambda w: lambda by: grid.add_room(s, w.id, "Salen", by_user_id=by)
        )(_workshop(s)),
        "workshop.open_space.grid.remove_room": lambda s, me: (
            lambda room: lambda by: grid.remove_room(s, room, by_user_id=by)
        )(grid.add_room(s, _workshop(s).id, "Salen", by_user_id=SYSTEM)),
        "workshop.open_space.grid.propose_session_for": lambda s, me: (
            lambda w: lambda by: grid.propose_session_for(s, w.id, "Gåture", "Birthe", by_user_id=by)
        )(_workshop(s)),
        "workshop.open_space.grid.place_session": lambda s, me: _open_space_cell(s),
        "workshop.open_space.withdrawal.remove_session": lambda s, me: (
            lambda held: lambda by: withdrawal.remove_session(s, held, by_user_id=by)
        )(grid.propose_session_for(s, _workshop(s).id, "Gåture", "Birthe", by_user_id=SYSTEM)),
        "workshop.participant_privacy.participants_file": lambda s, me: (
            lambda w: (
                lambda by: participant_privacy.participants_file(s, w.id, _LabelsAsKeys(), by_user_id=by)
            )
        )(_workshop(s)),
        "workshop.participant_privacy.anonymise_participants": lambda s, me: (
            lambda w: lambda by: participant_privacy.anonymise_participants(s, w.id, by_user_id=by)
        )(_workshop(s)),
        "admin.municipality.set_name_and_areas": lambda s, me: (
            lambda by: municipality.set_name_and_areas(
                s, name="Havnby Kommune", areas=["Havnen", "Byen"], by_user_id=by
            )
        ),
        "admin.municipality.set_population_shares": lambda s, me: (
            lambda by: municipality.set_population_shares(
                s,
                age_shares={"under_30": 30, "30_49": 25, "50_64": 20, "65_79": 17, "80_plus": 8},
                area_shares={},
                by_user_id=by,
            )
        ),
        "admin.sign_in_policy.set_local_accounts": lambda s, me: (
            lambda by: sign_in_policy.set_local_accounts(s, False, by_user_id=by, sso_configured=True)
        ),
        "volunteering.volunteer_export.volunteer_record": lambda s, me: (
            lambda v: lambda by: volunteer_export.volunteer_record(s, v.id, by_user_id=by)
        )(make_volunteer(s)),
        "workshop.new_workshops.create_workshop": lambda s, me: (
            lambda p: (
                lambda by: new_workshops.create_workshop(
                    s, process_id=p.id, title="Nyt værksted", by_user_id=by
                )
            )
        )(make_process(s)),
        "workshop.workshops.move_phase": lambda s, me: (
            lambda w: lambda by: workshops.move_phase(s, w.id, "cluster", by_user_id=by)
        )(_workshop(s)),
        "workshop.workshops.start_timer": lambda s, me: (
            lambda w: lambda by: workshops.start_timer(s, w.id, 10, by_user_id=by)
        )(_workshop(s)),
        "workshop.workshops.stop_timer": lambda s, me: (
            lambda w: lambda by: workshops.stop_timer(s, w.id, by_user_id=by)
        )(with_timer(s)),
        "workshop.workshops.update_settings": lambda s, me: (
            lambda w: (
                lambda by: workshops.update_settings(
                    s, w.id, **(workshops.settings_of(w).__dict__ | {"title": "Nyt navn"}), by_user_id=by
                )
            )
        )(_workshop(s)),
        "workshop.themes.add_theme": lambda s, me: (
            lambda w: lambda by: themes.add_theme(s, w.id, "Nyt tema", by_user_id=by)
        )(_workshop(s)),
        "workshop.themes.rename_theme": lambda s, me: (
            lambda w: lambda by: themes.rename_theme(s, w.themes[0].id, "Andet navn", by_user_id=by)
        )(_workshop(s)),
        "workshop.clusters.create_cluster": lambda s, me: (
            lambda w: lambda by: clusters.create_cluster(s, w.id, "Mad", by_user_id=by)
        )(_workshop(s, "cluster")),
        "workshop.clusters.rename_cluster": lambda s, me: (
            lambda c: lambda by: clusters.rename_cluster(s, c.id, "Mad og drikke", by_user_id=by)
        )(clusters.create_cluster(s, _workshop(s, "cluster").id, "Mad", by_user_id=SYSTEM)),
        "workshop.clusters.delete_cluster": lambda s, me: (
            lambda c: lambda by: clusters.delete_cluster(s, c.id, by_user_id=by)
        )(clusters.create_cluster(s, _workshop(s, "cluster").id, "Mad", by_user_id=SYSTEM)),
        "workshop.clusters.assign": lambda s, me: (
            lambda w: (lambda c, i: lambda by: clusters.assign(s, [i.id], c.id, by_user_id=by))(
                clusters.create_cluster(s, w.id, "Mad", by_user_id=SYSTEM), make_idea(s, w)
            )
        )(_workshop(s, "cluster")),
        "workshop.clusters.merge": lambda s, me: (
            lambda w: (lambda a, b: lambda by: clusters.merge(s, a.id, [b.id], by_user_id=by))(
                make_idea(s, w), make_idea(s, w)
            )
        )(_workshop(s, "cluster")),
        "workshop.clusters.unmerge": lambda s, me: merged(s),
        "workshop.participants.add_proxy": lambda s, me: (
            lambda w: lambda by: participants.add_proxy(s, w.id, stakeholder_group="volunteer", by_user_id=by)
        )(_workshop(s)),
        "workshop.ideas.add_idea_for": lambda s, me: (
            lambda w: (
                lambda by: ideas.add_idea_for(
                    s, w.id, theme_id=w.themes[0].id, title="Fællesspisning", by_user_id=by
                )
            )
        )(_workshop(s)),
        "workshop.votes.add_dot_for": lambda s, me: voting(s, take=False),
        "workshop.votes.take_dot_for": lambda s, me: voting(s, take=True),
        "workshop.ideas.hide_idea": lambda s, me: (
            lambda i: lambda by: ideas.hide_idea(s, i.id, hidden=True, reason="spam", by_user_id=by)
        )(make_idea(s, _workshop(s))),
        "workshop.ideas.hide_comment": lambda s, me: (
            lambda c: lambda by: ideas.hide_comment(s, c.id, hidden=True, reason="spam", by_user_id=by)
        )(comment(s)),
        "workshop.ideas.hide_ideas": lambda s, me: (
            lambda i: lambda by: ideas.hide_ideas(s, [i.id], reason="spam", by_user_id=by)
        )(make_idea(s, _workshop(s))),
        "workshop.ideas.hide_comments": lambda s, me: (
            lambda c: lambda by: ideas.hide_comments(s, [c.id], reason="spam", by_user_id=by)
        )(comment(s)),
        "workshop.ideas.show_again": lambda s, me: hidden(s),
        # participation and inclusion
        "insight.target_groups.set_target_groups": lambda s, me: (
            lambda p: (
                lambda by: target_groups.set_target_groups(s, p.id, ["citizen", "business"], by_user_id=by)
            )
        )(make_process(s)),
        # inspiration catalogue
        "action.curation.add_ideas": lambda s, me: (
            lambda w: (lambda i: lambda by: curation.add_ideas(s, w.process_id, [i.id], by_user_id=by))(
                make_idea(s, w)
            )
        )(_workshop(s, "results")),
        "action.curation.add_entry": lambda s, me: (
            lambda p: lambda by: curation.add_entry(s, p.id, title="Fra borgermødet", by_user_id=by)
        )(make_process(s)),
        "action.curation.update_entry": lambda s, me: (
            lambda e: (
                lambda by: curation.update_entry(s, e.id, title="Ny ordlyd", section=e.section, by_user_id=by)
            )
        )(_curated(s)[1][0]),
        "action.curation.remove_entry": lambda s, me: (
            lambda e: lambda by: curation.remove_entry(s, e.id, by_user_id=by)
        )(_curated(s)[1][0]),
        "action.curation.move_entry": lambda s, me: curated_move(s),
        "action.curation.move_section": lambda s, me: curated_section(s),
        "action.curation.regroup": lambda s, me: (
            lambda w: lambda by: curation.regroup(s, w.process_id, "cluster", by_user_id=by)
        )(_curated(s)[0]),
        "action.curation.set_intro": lambda s, me: (
            lambda p: lambda by: curation.set_intro(s, p.id, "Kære alle", by_user_id=by)
        )(make_process(s)),
        "action.curation.set_published": lambda s, me: (
            lambda p: lambda by: curation.set_published(s, p.id, True, by_user_id=by)
        )(make_process(s)),
        "action.idea_outcomes.decide": lambda s, me: (
            lambda w, idea: (
                lambda by: idea_outcomes.decide(
                    s, w.id, [idea.id], decision="not_taken_forward", reason="Findes allerede", by_user_id=by
                )
            )
        )(*_with_idea(s)),
        "action.idea_outcomes.undo_decisions": lambda s, me: (
            lambda made: lambda by: idea_outcomes.undo_decisions(s, made[0].id, [made[1].id], by_user_id=by)
        )(_decided(s)),
        "action.outcome_notices.publish_outcomes": lambda s, me: (
            lambda w: (
                lambda by: outcome_notices.publish_outcomes(
                    s,
                    w.id,
                    link=lambda slug, wid: f"http://samskab.test/?follow={slug}",
                    mail=None,
                    by_user_id=by,
                )
            )
        )(_closed_and_public(s)),
        "workshop.influence.set_process_influence": lambda s, me: (
            lambda p: (
                lambda by: influence.set_process_influence(
                    s, p.id, level="consult", promise="Vi svarer inden 1. marts.", by_user_id=by
                )
            )
        )(make_process(s)),
        "workshop.influence.set_workshop_influence": lambda s, me: (
            lambda w: (
                lambda by: influence.set_workshop_influence(
                    s, w.id, level="involve", promise="I former mulighederne.", by_user_id=by
                )
            )
        )(_workshop(s)),
        # initiatives
        "action.lifecycle.create_initiative": lambda s, me: (
            lambda by: lifecycle.create_initiative(s, title="Gåture", by_user_id=by)
        ),
        "action.lifecycle.split_idea": lambda s, me: (
            lambda i: lambda by: lifecycle.split_idea(s, i.id, ["Madklub", "Gåture"], by_user_id=by)
        )(make_idea(s, _workshop(s, "results"))),
        "action.lifecycle.update_initiative": lambda s, me: (
            lambda m: (
                lambda by: lifecycle.update_initiative(
                    s, m.id, title="Nyt navn", status=m.status, by_user_id=by, today=TODAY
                )
            )
        )(make_initiative(s)),
        "action.lifecycle.delete_initiative": lambda s, me: (
            lambda m: lambda by: lifecycle.delete_initiative(s, m.id, by_user_id=by)
        )(make_initiative(s)),
        "action.lifecycle.link_origins": lambda s, me: (
            lambda m, i: lambda by: lifecycle.link_origins(s, m.id, idea_ids=[i.id], by_user_id=by)
        )(make_initiative(s), make_idea(s, _workshop(s, "results"))),
        "action.lifecycle.unlink_idea": lambda s, me: (
            lambda pair: lambda by: lifecycle.unlink_idea(s, pair[0].id, pair[1].id, by_user_id=by)
        )(initiative_from_idea(s)),
        "action.initiative_actors.add_actor": lambda s, me: (
            lambda m, a: (
                lambda by: initiative_actors.add_actor(s, m.id, actor_id=a.id, role="lead", by_user_id=by)
            )
        )(make_initiative(s), make_actor(s)),
        "action.initiative_actors.update_actor_role": lambda s, me: (
            lambda pair: (
                lambda by: initiative_actors.update_actor_role(s, pair[1].id, role="lead", by_user_id=by)
            )
        )(_initiative_with_actor(s)),
        "action.initiative_actors.remove_actor": lambda s, me: (
            lambda pair: lambda by: initiative_actors.remove_actor(s, pair[1].id, by_user_id=by)
        )(_initiative_with_actor(s)),
        "action.initiative_actors.link_activity": lambda s, me: (
            lambda m, a: lambda by: initiative_actors.link_activity(s, m.id, a.id, by_user_id=by)
        )(make_initiative(s), make_activity(s)),
        "action.initiative_actors.unlink_activity": lambda s, me: (
            lambda pair: (
                lambda by: initiative_actors.unlink_activity(s, pair[0].id, pair[1].id, by_user_id=by)
            )
        )(linked_activity(s)),
        "action.follow_up.add_milestone": lambda s, me: (
            lambda m: lambda by: follow_up.add_milestone(s, m.id, title="Møde", due_on=TODAY, by_user_id=by)
        )(make_initiative(s)),
        "action.follow_up.update_milestone": lambda s, me: (
            lambda m: (
                lambda by: follow_up.update_milestone(
                    s, m.id, title="Andet møde", due_on=TODAY, by_user_id=by
                )
            )
        )(milestone(s)),
        "action.follow_up.set_milestone_done": lambda s, me: (
            lambda m: lambda by: follow_up.set_milestone_done(s, m.id, True, by_user_id=by, today=TODAY)
        )(milestone(s)),
        "action.follow_up.delete_milestone": lambda s, me: (
            lambda m: lambda by: follow_up.delete_milestone(s, m.id, by_user_id=by)
        )(milestone(s)),
        "action.follow_up.add_timeline_entry": lambda s, me: (
            lambda m: (
                lambda by: follow_up.add_timeline_entry(
                    s, m.id, happened_on=TODAY, kind="event", text="Møde", by_user_id=by, today=TODAY
                )
            )
        )(make_initiative(s)),
        "action.follow_up.delete_timeline_entry": lambda s, me: (
            lambda e: lambda by: follow_up.delete_timeline_entry(s, e.id, by_user_id=by)
        )(timeline(s)),
        "action.follow_up.set_checklist_item": lambda s, me: (
            lambda m: (
                lambda by: follow_up.set_checklist_item(s, m.id, "insurance", status="done", by_user_id=by)
            )
        )(make_initiative(s)),
        # actors and activities
        "action.actors.create_actor": lambda s, me: (
            lambda by: actors.create_actor(s, name="Klubben", kind="association", by_user_id=by)
        ),
        "action.actors.update_actor": lambda s, me: (
            lambda a: lambda by: actors.update_actor(s, a.id, name="Klubben", kind=a.kind, by_user_id=by)
        )(make_actor(s)),
        "action.actors.delete_actor": lambda s, me: (
            lambda a: lambda by: actors.delete_actor(s, a.id, by_user_id=by)
        )(make_actor(s)),
        "action.actors.create_activity": lambda s, me: (
            lambda a: lambda by: actors.create_activity(s, actor_id=a.id, title="Strikkecafé", by_user_id=by)
        )(make_actor(s)),
        "action.actors.update_activity": lambda s, me: (
            lambda a: (
                lambda by: actors.update_activity(
                    s, a.id, actor_id=a.actor_id, title="Strikkecafé", by_user_id=by
                )
            )
        )(make_activity(s)),
        "action.actors.delete_activity": lambda s, me: (
            lambda a: lambda by: actors.delete_activity(s, a.id, by_user_id=by)
        )(make_activity(s)),
        # volunteers, hours and staff time
        "volunteering.volunteers.register_volunteer": lambda s, me: (
            lambda by: volunteers.register_volunteer(
                s, name="Ole", starts_on=TODAY, by_user_id=by, today=TODAY
            )
        ),
        "volunteering.volunteers.update_volunteer": lambda s, me: (
            lambda v: (
                lambda by: volunteers.update_volunteer(
                    s, v.id, name="Ole Hansen", starts_on=v.starts_on, by_user_id=by, today=TODAY
                )
            )
        )(make_volunteer(s)),
        "volunteering.volunteers.anonymise_volunteer": lambda s, me: (
            lambda v: lambda by: volunteers.anonymise_volunteer(s, v.id, by_user_id=by)
        )(make_volunteer(s)),
        "volunteering.hours.log_hours": lambda s, me: (
            lambda by: hours.log_hours(
                s, worked_on=TODAY, minutes=90, volunteers=2, by_user_id=by, today=TODAY
            )
        ),
        "volunteering.hours.log_group_session": lambda s, me: (
            lambda v: (
                lambda by: hours.log_group_session(
                    s,
                    worked_on=TODAY,
                    minutes_each=60,
                    volunteer_ids=[v.id],
                    unnamed_volunteers=2,
                    by_user_id=by,
                    today=TODAY,
                )
            )
        )(make_volunteer(s)),
        "volunteering.hours.delete_hours_entry": lambda s, me: (
            lambda e: lambda by: hours.delete_hours_entry(s, e.id, by_user_id=by)
        )(_hours(s, me)),
        "volunteering.hours_import.run_import": lambda s, me: (
            lambda plan: lambda by: hours_import.run_import(s, plan, filename="timer.csv", by_user_id=by)
        )(import_plan(s)),
        "volunteering.hours_import.save_table": lambda s, me: (
            lambda by: hours_import.save_table(
                s, [{"date": TODAY, "hours": 2.0, "volunteers": 3}], by_user_id=by, today=TODAY
            )
        ),
        "volunteering.staff_time.log_staff_time": own_staff_time,
        "volunteering.staff_time.delete_staff_time": lambda s, me: (
            lambda e: lambda by: staff_time.delete_staff_time(s, e.id, by_user_id=by)
        )(_staff_time(s, me)),
        # surveys
        "surveys.waves.create_wave": lambda s, me: (
            lambda by: waves.create_wave(
                s, instrument_key="cocreation_competences", title="Runde 1", by_user_id=by, today=TODAY
            )
        ),
        "surveys.waves.close_wave": lambda s, me: (
            lambda w: lambda by: waves.close_wave(s, w.id, by_user_id=by)
        )(make_wave(s)),
        "surveys.waves.set_closes_on": lambda s, me: (
            lambda w: (
                lambda by: waves.set_closes_on(
                    s, w.id, TODAY + timedelta(days=30), by_user_id=by, today=TODAY
                )
            )
        )(make_wave(s)),
    }


class _LabelsAsKeys(dict):
    """Column and value labels for an export: each key stands for itself."""

    def __missing__(self, key: str) -> str:
        return key


ARRANGEMENTS = _arrangements()
# Building blocks: public, writing, role-checked, but audited by the staff actions that use them.
BUILDING_BLOCKS = {
    "volunteering.hours.insert_entries": lambda s, me: lambda by: hours_insert(s, by),
}


def hours_insert(session: Session, by: Any) -> Any:
    from services.volunteering import hours

    draft = EntryDraft(worked_on=TODAY, minutes=60, volunteers=1)
    return hours.insert_entries(session, [draft], by_user_id=by)


__all__ = ["ARRANGEMENTS", "BUILDING_BLOCKS", "date"]
