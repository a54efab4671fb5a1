"""Every public write service is held to the role table in docs/roles.md, for every role.

The functions are found by walking services/ (public functions whose first parameter is a
Session), not from a list: a new one must be read-only (listed below), a participant's or
the system's own write (listed below, with why), or have a row in the role table. For each
row and each role, a user of that role is put in the database; the roles the row allows
pass and leave an audit row of theirs, the others (and nobody, and a deactivated
administrator) get NotAllowed with nothing written.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import services
from db.models import AuditEvent, Base
from services.admin.permissions import SYSTEM
from services.common.errors import NotAllowed
from tests.db.admin.staff_writes import ARRANGEMENTS, BUILDING_BLOCKS
from tests.factories import make_user
from vocabulary import ROLES

ROOT = Path(__file__).resolve().parents[3]

# Functions that only read. A function that writes must not be here.
READ_ONLY = {
    "action.actors.get_actor", "action.actors.list_actors", "action.actors.actor_names",
    "action.actors.get_activity", "action.actors.list_activities",
    "action.catalogue.candidates", "action.catalogue.ordered_entries", "action.catalogue.catalogue",
    "action.catalogue.entry_counts",
    "action.catalogue_export.catalogue_pdf", "action.catalogue_export.catalogue_csv",
    "action.catalogue_export.catalogue_xlsx",
    "action.curation.get_entry", "action.follow_up.milestone_progress",
    "action.initiative_figures.list_figures",
    "action.initiatives.get_initiative", "action.initiatives.list_initiatives", "action.initiatives.detail",
    "action.initiatives.titles",
    "action.lineage.survivor_ids", "action.lineage.initiatives_for_ideas",
    "action.lineage.initiatives_for_entries", "action.lineage.origins",
    "action.outcomes.process_by_slug", "action.outcomes.public_page",
    "action.idea_outcomes.workshop_outcomes", "action.outcome_notices.notices_waiting",
    "workshop.influence.influence_of_workshop", "workshop.influence.influence_of_process",
    "admin.audit.recent", "admin.audit.search", "admin.audit.count", "admin.audit.people",
    "admin.audit.export_csv",
    "admin.users.get_user", "admin.users.user_by_username", "admin.users.list_users",
    "admin.users.login_credentials", "admin.users.count_active_admins",
    "insight.bridging.scored_ideas", "insight.bridging.top_ideas", "insight.bridging.top_lists",
    "insight.data_version.data_version",
    "insight.ideas_to_action.funnel", "insight.ideas_to_action.process_comparison",
    "insight.inclusion.scopes", "insight.inclusion.report", "insight.inclusion.not_reached",
    "insight.initiative_progress.initiative_figures", "insight.summary.summary",
    "insight.summary_pdf.summary_pdf", "insight.survey_figures.survey_profiles",
    "insight.target_groups.target_groups", "insight.target_groups.targets_in_scope",
    "insight.volunteering_figures.volunteering",
    "surveys.responses.has_answered", "surveys.results.wave_results", "surveys.results.compare_waves",
    "surveys.waves.get_wave", "surveys.waves.wave_by_token", "surveys.waves.list_waves",
    "volunteering.hours_rules.resolve_target", "volunteering.hours_rules.check_entry",
    "volunteering.hours_rules.day_minutes", "volunteering.hours_rules.check_day_totals",
    "volunteering.hours.recent_entries", "volunteering.hours_choices.choices",
    "volunteering.hours_sums.split", "volunteering.hours_sums.time_rows",
    "volunteering.hours_sums.minutes_by_month", "volunteering.hours_sums.minutes_by_target",
    "volunteering.hours_sums.named_volunteers", "volunteering.hours_sums.active_by_month",
    "volunteering.hours_import.plan_rows", "volunteering.hours_import.plan_import",
    "volunteering.resources.minutes_by_month", "volunteering.resources.resource_map",
    "volunteering.staff_time.minutes_in_month", "volunteering.staff_time.recent_staff_time",
    "volunteering.volunteers.get_volunteer", "volunteering.volunteers.list_volunteers",
    "volunteering.retention.retention", "volunteering.volunteers.actor_choices",
    "workshop.board.version_for_code", "workshop.board.board_state_for_code", "workshop.board.snapshot",
    "workshop.own_state.personal", "workshop.own_state.personal_of", "workshop.board.cached_snapshot",
    "workshop.board.room_figures",
    "workshop.board.results", "workshop.board.page_facts",
    "workshop.ideas.get_idea", "workshop.ideas.visible_idea", "workshop.ideas.hidden_items",
    "workshop.ideas.visible_titles",
    "workshop.participants.participant_by_token",
    "workshop.participants.ids_of_token",
    "workshop.participants.count_by_group", "workshop.participants.proxies",
    "workshop.participants.dots_spent_in",
    "workshop.processes.get_process", "workshop.processes.list_processes", "workshop.processes.overview",
    "workshop.tally.support", "workshop.votes.my_dots", "workshop.workshop_export.sheets",
    "workshop.join_codes.new_code", "workshop.join_codes.workshop_by_code", "workshop.workshops.get_workshop",
    "workshop.workshops.board_version", "workshop.workshops.list_workshops", "workshop.phases.dots_cast",
    "workshop.phases.phase_when",
    "workshop.new_workshops.template_from",
    "admin.permissions.require",
    "admin.first_admin.usable_admins", "admin.municipality.effective", "admin.sessions.current",
    "admin.setup.checklist", "admin.sign_in_policy.local_accounts_allowed",
    "admin.sign_in_policy.local_accounts_switch", "admin.site.demo_usernames",
    "admin.site.is_refused_demo_account", "admin.site.seeded_mode",
    "admin.site.warn_if_demo_in_production",  # writes the operations log, not the database
    "insight.representation.population_shares",
    "workshop.participant_privacy.own_data", "workshop.participant_privacy.own_data_of",
    "workshop.participant_page.participant_page", "workshop.spotlight.in_spotlight",
    "workshop.open_space.common.space_of", "workshop.open_space.common.is_switched_on",
    "workshop.open_space.common.open_workshop", "workshop.open_space.common.running_space",
    "workshop.open_space.common.topic_session", "workshop.open_space.common.slot_of",
    "workshop.open_space.view.version", "workshop.open_space.view.marketplace",
    "workshop.open_space.view.cached_marketplace", "workshop.open_space.view.my_picks",
    "workshop.open_space.view.proposed_by", "workshop.open_space.view.reports",
    "workshop.open_space.view.origins_in_workshop", "workshop.open_space.view.report_of",
    "workshop.open_space.reports.may_report", "workshop.open_space.proceedings.proceedings_pdf",
    "workshop.open_space.withdrawal.others_going",
    "insight.ideas_to_action.process_figures",
    "workshop.counts.lock_ideas", "workshop.counts.lock_for_recount",  # row locks, no change
    "workshop.counts.take_merge_turn",  # an advisory lock on PostgreSQL
    "workshop.matrices.open_matrix_of", "workshop.matrices.get_matrix", "workshop.matrices.matrices_of",
    "workshop.matrices.my_places", "workshop.matrices.spreads", "workshop.matrices.placed_by",
    "workshop.matrices.quadrant_ideas", "workshop.matrix_export.sheets", "workshop.matrix_export.to_csv",
    "workshop.matrix_export.to_excel",
    "workshop.knowledge.items", "workshop.knowledge.file_of",
    "action.concretising.plans_for", "action.concretising.process_plans",
}  # fmt: skip

# Writes that are not a staff member's, each with why.
NOT_STAFF = {
    "workshop.participants.join": "a participant joins with the workshop's code",
    "workshop.ideas.add_idea": "a participant's own idea (their link)",
    "workshop.ideas.edit_idea": "a participant's own idea (their link)",
    "workshop.ideas.withdraw_idea": "a participant's own idea (their link)",
    "workshop.ideas.add_comment": "a participant's own comment (their link)",
    "workshop.votes.add_dot": "a participant's own dot (their link)",
    "workshop.votes.take_dot": "a participant's own dot (their link)",
    "workshop.open_space.market.propose_session": "a participant's own Open Space session (their link)",
    "workshop.open_space.market.pick_session": "a participant's own pick of a session (their link)",
    "workshop.open_space.market.drop_pick": "a participant's own pick of a session (their link)",
    "workshop.open_space.reports.save_report": "the report of a session the participant is in (their link)",
    "workshop.open_space.withdrawal.withdraw_session": "a proposer takes back their own session (their link)",
    "workshop.open_space.common.touch": "bumps the marketplace's version inside every Open Space change",
    "workshop.matrices.place": "a participant's own places on the open matrix (their link)",
    "surveys.responses.submit_response": "an anonymous respondent's answers (the round's link)",
    "admin.sign_in.attempt": "signing in: no one is signed in yet; it audits itself",
    "admin.users.set_language": "a signed-in user's own language preference",
    "admin.audit.record": "the audit row itself",
    "workshop.workshops.touch_board": "bumps the board's version inside every board change",
    "workshop.participant_privacy.erase_own_data": "a participant erases their own details (link)",
    "workshop.participant_privacy.clear_personal_data": "the UPDATE behind erasing and retention",
    "workshop.participant_retention.anonymise_expired": "the system's retention (command, start)",
    "admin.audit_scrub.scrub_audit_details": "a step of anonymise_volunteer (checked, audited)",
    "admin.audit_scrub.scrub_column": "a step of anonymise_volunteer (checked, audited)",
    "volunteering.name_scrub.forget_volunteer_name": "a step of anonymise_volunteer; records its counts",
    "admin.first_admin.create_first_admin": "the operator's command on a database nobody can sign in to yet",
    "admin.sessions.end_all": "inside role changes, deactivation, resets; own logout",
    "admin.site.put": "a step of the municipality settings, whose callers check the role and audit",
    "admin.site.remember_demo_seed": "the demo seed, in the transaction that makes its accounts",
    "admin.site.remember_production_start": "the system at a production start on an empty database",
    "admin.sso.sign_in": "signing in by single sign-on: no one is signed in yet; it audits itself",
    "workshop.counts.count_dot": "keeps the counts inside every dot, in its transaction",
    "workshop.counts.recount": "keeps the counts inside merges, hides and withdrawals",
    "workshop.counts.recount_all": "the system after a bulk load (the benchmark data, migrations)",
    "volunteering.hours_kept.add": "keeps the months inside every hours write and the demo seed",
    "volunteering.hours_kept.remove": "keeps the months inside deleting an hours row",
    "volunteering.hours_kept.moving": "keeps the months inside deleting an initiative, activity or actor",
    "volunteering.hours_kept.recount_all": "the system after a bulk load (the benchmark data)",
}


def discovered() -> dict[str, object]:
    """Every public function of services/ whose first parameter is the session."""
    found: dict[str, object] = {}
    for info in pkgutil.walk_packages(services.__path__, "services."):
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != module.__name__:
                continue
            params = list(inspect.signature(fn).parameters)
            if params and params[0] == "session":
                found[f"{info.name.removeprefix('services.')}.{name}"] = fn
    return found


def role_table() -> dict[str, dict[str, str]]:
    """service -> {role: "✓" | "✓ own"} from the tables under "Who may change what" in docs/roles.md."""
    text = (ROOT / "docs" / "roles.md").read_text(encoding="utf-8")
    section = text.split("## Who may change what", 1)[1].split("\n## ", 1)[0]
    table: dict[str, dict[str, str]] = {}
    for line in section.splitlines():
        match = re.fullmatch(r"\|[^|]*\| `([a-z_.]+)` \|(.*)\|", line.strip())
        if match:
            cells = [c.strip() for c in match.group(2).split("|")]
            assert len(cells) == len(ROLES), line
            assert match.group(1) not in table, f"two rows for {match.group(1)}"
            table[match.group(1)] = {role: cell for role, cell in zip(ROLES, cells, strict=True) if cell}
    return table


TABLE = role_table()
FOUND = discovered()


def test_every_public_service_function_is_classified_and_the_table_has_no_stale_rows():
    assert len(FOUND) > 150 and len(TABLE) > 70  # the walk and the table were read
    staff = set(TABLE) | set(BUILDING_BLOCKS)
    classified = [set(READ_ONLY), set(NOT_STAFF), staff]
    unclassified = sorted(set(FOUND) - set().union(*classified))
    assert unclassified == [], "new service functions: add to READ_ONLY, NOT_STAFF or docs/roles.md"
    assert sorted(set().union(*classified) - set(FOUND)) == [], "listed functions that do not exist"
    assert READ_ONLY.isdisjoint(staff) and set(NOT_STAFF).isdisjoint(staff)
    assert set(ARRANGEMENTS) == set(TABLE)
    for cells in TABLE.values():
        assert set(cells.values()) <= {"✓", "✓ own"} and "admin" in cells


def test_staff_writes_take_a_required_actor_and_read_only_functions_take_none():
    for key in [*TABLE, *BUILDING_BLOCKS]:
        by = inspect.signature(FOUND[key]).parameters.get("by_user_id")
        assert by is not None and by.default is inspect.Parameter.empty, key
        assert by.kind is inspect.Parameter.KEYWORD_ONLY, key
    for key in READ_ONLY:
        assert "by_user_id" not in inspect.signature(FOUND[key]).parameters, key


def _row_counts(session: Session) -> tuple[int, ...]:
    tables = Base.metadata.sorted_tables
    return tuple(
        session.execute(
            select(*[select(func.count()).select_from(t).scalar_subquery() for t in tables])
        ).one()
    )


def _audit_rows(session: Session, user_id: int | None) -> int:
    who = AuditEvent.user_id.is_(None) if user_id is None else AuditEvent.user_id == user_id
    return session.scalar(select(func.count()).select_from(AuditEvent).where(who)) or 0


@pytest.fixture
def staff(session: Session) -> dict[str, int]:
    """One active user per role, and a deactivated administrator."""
    users = {role: make_user(session, role=role).id for role in ROLES}
    gone = make_user(session, role="admin")
    gone.active = False
    session.flush()
    return users | {"deactivated": gone.id}


@pytest.fixture
def attempt(session: Session) -> Iterator:
    """Arrange and call one service as one actor inside a savepoint, rolled back afterwards."""

    def run(
        arrangements, key: str, actor_for_arrange: int, actor
    ) -> tuple[BaseException | None, tuple, tuple]:
        savepoint = session.begin_nested()
        try:
            call = arrangements[key](session, actor_for_arrange)
            session.flush()
            before = (_row_counts(session), _audit_rows(session, _id(actor)))
            try:
                call(actor)
                session.flush()
                error: BaseException | None = None
            except NotAllowed as refused:
                error = refused
            after = (_row_counts(session), _audit_rows(session, _id(actor)))
            pending = bool(session.new or session.dirty or session.deleted)
            return error, before, (*after, pending)
        finally:
            savepoint.rollback()
            # Rows the savepoint made are gone and their ids will be handed out again.
            session.expunge_all()

    yield run


def _id(actor) -> int | None:
    return None if actor is SYSTEM or actor is None else actor


@pytest.mark.parametrize("key", sorted(TABLE))
def test_the_allowed_roles_pass_and_are_audited_the_others_are_refused_with_nothing_written(
    session, staff, attempt, key
):
    allowed = TABLE[key]
    for role in ROLES:
        error, (counts, audited), (counts_after, audited_after, pending) = attempt(
            ARRANGEMENTS, key, staff[role], staff[role]
        )
        if role in allowed:
            assert error is None, f"{key}: {role} was refused"
            assert audited_after > audited, f"{key}: {role}'s change left no audit row"
        else:
            assert isinstance(error, NotAllowed), f"{key}: {role} was let through"
            assert counts_after == counts and audited_after == audited and not pending, f"{key}: {role} wrote"
    for nobody in (None, staff["deactivated"]):
        error, (counts, _), (counts_after, _, pending) = attempt(ARRANGEMENTS, key, staff["admin"], nobody)
        assert isinstance(error, NotAllowed) and counts_after == counts and not pending, f"{key}: {nobody}"
    # The system (seed, commands) may do everything, and its rows name no user.
    error, (_, audited), (_, audited_after, _) = attempt(ARRANGEMENTS, key, staff["admin"], SYSTEM)
    assert error is None and audited_after > audited, key


@pytest.mark.parametrize("key", sorted(BUILDING_BLOCKS))
def test_building_blocks_refuse_roles_that_may_not_log_hours(session, staff, attempt, key):
    for role in ("politician",):
        error, (counts, _), (counts_after, _, _) = attempt(BUILDING_BLOCKS, key, staff[role], staff[role])
        assert isinstance(error, NotAllowed) and counts_after == counts
    error, _, _ = attempt(BUILDING_BLOCKS, key, staff["leader"], staff["leader"])
    assert error is None
