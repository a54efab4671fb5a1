"""The leader dashboard's figures against what was put in the database, counted by hand per filter."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime

import pytest

from db.models import Initiative
from runtime.aggregates import _computed, aggregate
from services.action import curation, follow_up, initiative_actors
from services.admin.permissions import SYSTEM
from services.insight import (
    dashboard_filters,
    ideas_to_action,
    initiative_progress,
    survey_figures,
    volunteering_figures,
)
from services.insight.data_version import data_version
from services.surveys import responses, waves
from services.surveys.instruments import instrument
from services.volunteering import hours, staff_time
from services.volunteering.hours_rules import Target
from services.workshop import processes
from services.workshop.counts import recount_all
from services.workshop.tally import support
from tests.factories import (
    make_actor,
    make_idea,
    make_initiative,
    make_participant,
    make_process,
    make_volunteer,
    make_vote,
    make_wave,
    make_workshop,
)
from tests.when import TODAY

START, END = date(2026, 1, 1), TODAY
IN_PERIOD = datetime(2026, 3, 1, 10, 0)
BEFORE_PERIOD = datetime(2025, 6, 1, 10, 0)
PERIOD = {"start": START, "end": END, "today": TODAY}


@dataclass
class World:
    a: int  # process A
    b: int  # process B
    x: int  # actor X: leads n1
    y: int  # actor Y: partner of n2, leads n4
    x_name: str
    y_name: str
    n1: Initiative
    n2: Initiative
    n3: Initiative
    n4: Initiative
    workshop_a: int


def _vote(session, workshop, person, idea, dots):
    make_vote(session, workshop, person, idea, dots)


def _initiative(session, process_id, status, *, starts=None, ends=None, progress=0, created=IN_PERIOD):
    n = make_initiative(session, process_id=process_id)
    n.status, n.starts_on, n.ends_on, n.progress, n.created_at = status, starts, ends, progress, created
    session.flush()
    return n


@pytest.fixture
def world(session):
    a, b = make_process(session).id, make_process(session).id
    wa = make_workshop(session, process_id=a, phase="vote", dot_budget=5, dots_per_idea=3)
    wb = make_workshop(session, process_id=b, phase="vote", dot_budget=5, dots_per_idea=3)

    # Participants: three in A and one in B joined in the period, one in A long before.
    pa1, pa2, pa3 = (make_participant(session, wa)[0] for _ in range(3))
    old = make_participant(session, wa)[0]
    pb1 = make_participant(session, wb)[0]
    for p in (pa1, pa2, pa3, pb1):
        p.joined_at = IN_PERIOD
    old.joined_at = BEFORE_PERIOD

    # Ideas in A: i1 and i2 count; i3 is hidden, i4 withdrawn, i5 merged into i1, i6 is old.
    i1, i2, i3, i4, i5 = (make_idea(session, wa, created_at=IN_PERIOD) for _ in range(5))
    i6 = make_idea(session, wa, created_at=BEFORE_PERIOD)
    i3.hidden, i4.status, i5.merged_into_id = True, "withdrawn", i1.id
    recount_all(session)  # changed past the services that keep the counts
    j1 = make_idea(session, wb, created_at=IN_PERIOD)
    session.flush()
    _vote(session, wa, pa1, i1, 2)
    _vote(session, wa, pa1, i5, 2)  # 4 dots on i1's group count as the cap, 3
    _vote(session, wa, pa2, i2, 1)
    _vote(session, wa, pa2, i3, 1)  # hidden: counts nothing
    _vote(session, wa, pa3, i6, 3)  # on an idea from before the period
    _vote(session, wb, pb1, j1, 2)

    # Catalogue: one entry in A in the period, one from before; one in B.
    curation.add_entry(session, a, title="Katalog A", by_user_id=SYSTEM)
    curation.add_entry(session, a, title="Gammel", by_user_id=SYSTEM).created_at = BEFORE_PERIOD
    curation.add_entry(session, b, title="Katalog B", by_user_id=SYSTEM)
    session.flush()

    x, y = make_actor(session), make_actor(session)
    n1 = _initiative(session, a, "in_progress", starts=date(2026, 2, 1), progress=40)
    n2 = _initiative(session, a, "completed", starts=date(2026, 1, 10), ends=date(2026, 6, 30), progress=100)
    n3 = _initiative(session, a, "proposed", created=datetime(2026, 5, 1, 9, 0))
    n4 = _initiative(session, b, "planned", starts=date(2027, 1, 10), progress=10)
    # Ended before the period: never counted.
    _initiative(session, a, "stopped", starts=date(2025, 1, 1), ends=date(2025, 3, 1), created=BEFORE_PERIOD)
    initiative_actors.add_actor(session, n1.id, actor_id=x.id, role="lead", by_user_id=SYSTEM)
    initiative_actors.add_actor(session, n2.id, actor_id=y.id, role="partner", by_user_id=SYSTEM)
    initiative_actors.add_actor(session, n4.id, actor_id=y.id, role="lead", by_user_id=SYSTEM)
    follow_up.add_milestone(session, n1.id, title="Forsinket A", due_on=date(2026, 10, 1), by_user_id=SYSTEM)
    follow_up.add_milestone(session, n1.id, title="Senere", due_on=date(2026, 12, 10), by_user_id=SYSTEM)
    done = follow_up.add_milestone(session, n1.id, title="Klaret", due_on=date(2026, 9, 1), by_user_id=SYSTEM)
    follow_up.set_milestone_done(session, done.id, True, today=date(2026, 8, 30), by_user_id=SYSTEM)
    follow_up.add_milestone(session, n4.id, title="Forsinket B", due_on=date(2026, 11, 1), by_user_id=SYSTEM)

    v1 = make_volunteer(session, actor_id=x.id)
    v2 = make_volunteer(session, actor_id=y.id)
    v3 = make_volunteer(session)
    log = {"today": TODAY}
    hours.log_hours(
        session,
        worked_on=date(2026, 3, 5),
        minutes=120,
        volunteer_id=v1.id,
        target=Target(initiative_id=n1.id),
        **log,
        by_user_id=SYSTEM,
    )
    hours.log_hours(
        session,
        worked_on=date(2026, 3, 20),
        minutes=60,
        volunteer_id=v1.id,
        target=Target(process_id=a),
        **log,
        by_user_id=SYSTEM,
    )
    hours.log_hours(
        session, worked_on=date(2026, 4, 2), minutes=90, volunteer_id=v1.id, **log, by_user_id=SYSTEM
    )
    hours.log_hours(
        session,
        worked_on=date(2026, 3, 7),
        minutes=30,
        volunteer_id=v2.id,
        target=Target(initiative_id=n4.id),
        **log,
        by_user_id=SYSTEM,
    )
    hours.log_hours(
        session,
        worked_on=date(2026, 4, 10),
        minutes=45,
        volunteer_id=v3.id,
        target=Target(process_id=a),
        **log,
        by_user_id=SYSTEM,
    )
    hours.log_hours(
        session,
        worked_on=date(2026, 4, 15),
        minutes=300,
        volunteers=5,
        target=Target(process_id=a),
        **log,
        by_user_id=SYSTEM,
    )
    hours.log_hours(
        session,
        worked_on=date(2025, 10, 1),
        minutes=60,
        volunteer_id=v1.id,
        target=Target(process_id=a),
        **log,
        by_user_id=SYSTEM,
    )
    staff_time.log_staff_time(
        session,
        worked_on=date(2026, 3, 10),
        minutes=60,
        kind="coordination",
        staff_name="Lene",
        target=Target(process_id=a),
        **log,
        by_user_id=SYSTEM,
    )
    staff_time.log_staff_time(
        session,
        worked_on=date(2026, 4, 1),
        minutes=30,
        kind="support",
        staff_name="Lene",
        target=Target(initiative_id=n4.id),
        **log,
        by_user_id=SYSTEM,
    )
    session.commit()
    return World(a, b, x.id, y.id, x.name, y.name, n1, n2, n3, n4, wa.id)


def test_funnel_for_one_process_counts_by_the_apps_rules(session, world):
    f = ideas_to_action.funnel(session, process_id=world.a, **PERIOD)
    # pa1, pa2, pa3 (the fourth joined before the period)
    assert f.participants == 3
    # i1 and i2: hidden, withdrawn, merged and old ideas are left out
    assert f.ideas == 2
    # pa1's 2+2 on i1's group capped at 3, pa2's 1 on i2; the hidden idea's and the old idea's dots are out
    assert f.dots == 3 + 1
    assert f.catalogue_entries == 1
    # n1, n2, n3; the stopped one ended in 2025
    assert f.initiatives == 3
    assert (f.in_progress, f.completed) == (1, 1)
    assert f.by_status == {
        "proposed": 1,
        "planned": 0,
        "in_progress": 1,
        "completed": 1,
        "paused": 0,
        "stopped": 0,
    }


def test_funnel_over_all_processes(session, world):
    f = ideas_to_action.funnel(session, **PERIOD)
    assert (f.participants, f.ideas, f.dots, f.catalogue_entries) == (4, 3, 4 + 2, 2)
    # n4 starts next year but exists now: a planned initiative is part of the picture
    assert f.initiatives == 4 and f.by_status["planned"] == 1


def test_without_a_period_limit_ideas_and_dots_agree_with_the_overview_and_the_tally(session, world):
    f = ideas_to_action.funnel(session, process_id=world.a, start=date(2000, 1, 1), end=TODAY, today=TODAY)
    overview = {p.process_id: p for p in processes.overview(session)}[world.a]
    assert f.ideas == overview.ideas == 3
    assert f.participants == overview.participants == 4
    assert f.dots == sum(s.dots for s in support(session, workshop_ids=[world.workshop_a]).values()) == 7


def test_actor_filter_narrows_initiatives_not_the_workshops(session, world):
    by_x = ideas_to_action.funnel(session, actor_id=world.x, **PERIOD)
    by_y = ideas_to_action.funnel(session, actor_id=world.y, **PERIOD)
    assert by_x.initiatives == 1 and by_x.in_progress == 1  # n1, which X leads
    assert by_y.initiatives == 2 and by_y.completed == 1  # n2 as partner, n4 as lead
    assert (by_x.ideas, by_x.dots) == (3, 6)  # ideas and dots belong to the processes


def test_initiatives_progress_overdue_with_owner_and_without_lead(session, world):
    figures = initiative_progress.initiative_figures(session, **PERIOD)
    assert [(r.id, r.status, r.progress) for r in figures.running] == [
        (world.n3.id, "proposed", 0),
        (world.n4.id, "planned", 10),
        (world.n1.id, "in_progress", 40),
    ]
    assert [(o.initiative_id, o.milestone, o.due_on, o.days_overdue, o.lead) for o in figures.overdue] == [
        (world.n1.id, "Forsinket A", date(2026, 10, 1), 53, world.x_name),
        (world.n4.id, "Forsinket B", date(2026, 11, 1), 22, world.y_name),
    ]
    assert [r.id for r in figures.without_lead] == [world.n3.id]
    assert figures.mean_progress == pytest.approx((0 + 10 + 40) / 3)

    only_a = initiative_progress.initiative_figures(session, process_id=world.a, **PERIOD)
    assert [o.milestone for o in only_a.overdue] == ["Forsinket A"]
    by_y = initiative_progress.initiative_figures(session, actor_id=world.y, **PERIOD)
    assert [r.id for r in by_y.running] == [world.n4.id] and by_y.without_lead == ()


def test_volunteering_for_a_process(session, world):
    v = volunteering_figures.volunteering(session, process_id=world.a, hour_value=200, **PERIOD)
    rmap = v.resource_map
    # v1 on n1 (120) and on A (60), v3 on A (45), five unnamed on A (300); v1's 2025 hour is out
    assert rmap.volunteer_minutes == 120 + 60 + 45 + 300
    assert rmap.staff_minutes == 60
    assert rmap.ratio == pytest.approx(525 / 60)
    assert rmap.value == pytest.approx(525 * 200 / 60)
    active = dict(v.active_by_month)
    assert len(active) == 11 and active[date(2026, 1, 1)] == 0
    assert (active[date(2026, 3, 1)], active[date(2026, 4, 1)]) == (1, 1)  # v1 in March, v3 in April
    assert rmap.named_volunteers == 2


def test_volunteering_over_all_and_by_actor(session, world):
    everything = volunteering_figures.volunteering(session, hour_value=200, **PERIOD)
    assert everything.resource_map.volunteer_minutes == 120 + 60 + 90 + 30 + 45 + 300
    assert everything.resource_map.staff_minutes == 60 + 30
    assert dict(everything.active_by_month)[date(2026, 3, 1)] == 2  # v1, v2
    assert dict(everything.active_by_month)[date(2026, 4, 1)] == 2  # v1, v3
    assert sum(everything.retention.counts.values()) == 3

    by_x = volunteering_figures.volunteering(session, actor_id=world.x, hour_value=200, **PERIOD)
    assert (by_x.resource_map.volunteer_minutes, by_x.resource_map.staff_minutes) == (120 + 60 + 90, 0)
    assert sum(by_x.retention.counts.values()) == 1
    by_y = volunteering_figures.volunteering(session, actor_id=world.y, hour_value=200, **PERIOD)
    assert (by_y.resource_map.volunteer_minutes, by_y.resource_map.staff_minutes) == (30, 30)


def _respond(session, wave, value):
    form = instrument(wave.instrument_key)
    answers = {key: value for key in form.item_keys}
    responses.submit_response(session, wave.link_token, secrets.token_urlsafe(24), answers, today=TODAY)


def test_survey_profiles_compare_first_and_latest_wave(session, world):
    before = make_wave(session, process_id=world.a)
    after = make_wave(session, process_id=world.a)
    small = make_wave(session, process_id=world.b)
    for value in (2, 3, 3, 4, 3):
        _respond(session, before, value)
    for value in (4, 4, 5, 4, 3):
        _respond(session, after, value)
    for value in (1, 2):
        _respond(session, small, value)
    for wave in (before, after, small):
        waves.close_wave(session, wave.id, by_user_id=SYSTEM)
    session.commit()

    figures = survey_figures.survey_profiles(session, min_responses=5, **PERIOD)
    assert figures.withheld_waves == 1  # the round with two answers
    [profile] = figures.profiles
    assert (profile.before_title, profile.after_title) == (before.title, after.title)
    assert (profile.before_responses, profile.after_responses) == (5, 5)
    factors = {f.key for f in instrument("cocreation_competences").factors}
    assert {f.key for f in profile.factors} == factors
    for f in profile.factors:
        assert (f.n_before, f.n_after, f.hidden) == (5, 5, False)
        assert f.mean_before == pytest.approx((2 + 3 + 3 + 4 + 3) / 5)
        assert f.mean_after == pytest.approx((4 + 4 + 5 + 4 + 3) / 5)

    only_b = survey_figures.survey_profiles(session, process_id=world.b, min_responses=5, **PERIOD)
    assert only_b.profiles == () and only_b.withheld_waves == 1


def test_one_wave_shows_its_profile_alone(session, world):
    wave = make_wave(session, process_id=world.a)
    for value in (5, 4, 4, 5, 2):
        _respond(session, wave, value)
    waves.close_wave(session, wave.id, by_user_id=SYSTEM)
    [profile] = survey_figures.survey_profiles(
        session, process_id=world.a, min_responses=5, **PERIOD
    ).profiles
    assert profile.after_title is None
    assert all(f.mean_before == pytest.approx(4.0) and f.mean_after is None for f in profile.factors)


def test_processes_side_by_side(session, world):
    rows = {r.process_id: r for r in ideas_to_action.process_comparison(session, **PERIOD)}
    a, b = rows[world.a], rows[world.b]
    assert (a.participants, a.ideas, a.dots, a.initiatives, a.completed) == (3, 2, 4, 3, 1)
    assert (b.participants, b.ideas, b.dots, b.initiatives, b.completed) == (1, 1, 2, 1, 0)
    assert a.volunteer_minutes == 120 + 60 + 45 + 300  # v1's 90 unlinked minutes belong to no process
    assert b.volunteer_minutes == 30  # on n4, which is B's
    by_x = {r.process_id: r for r in ideas_to_action.process_comparison(session, actor_id=world.x, **PERIOD)}
    assert (by_x[world.a].initiatives, by_x[world.b].initiatives) == (1, 0)
    assert (by_x[world.a].volunteer_minutes, by_x[world.b].volunteer_minutes) == (120 + 60, 0)


def test_a_new_process_has_nothing_yet(session, world):
    fresh = make_process(session).id
    f = ideas_to_action.funnel(session, process_id=fresh, **PERIOD)
    assert (f.participants, f.ideas, f.dots, f.catalogue_entries, f.initiatives) == (0, 0, 0, 0, 0)
    figures = initiative_progress.initiative_figures(session, process_id=fresh, **PERIOD)
    assert (figures.running, figures.overdue, figures.mean_progress) == ((), (), None)
    v = volunteering_figures.volunteering(session, process_id=fresh, hour_value=200, **PERIOD)
    assert v.resource_map.volunteer_minutes == 0 and v.resource_map.ratio is None
    assert all(n == 0 for _, n in v.active_by_month)
    assert survey_figures.survey_profiles(session, process_id=fresh, **PERIOD).profiles == ()
    row = {r.process_id: r for r in ideas_to_action.process_comparison(session, **PERIOD)}[fresh]
    assert (row.participants, row.ideas, row.dots, row.initiatives, row.volunteer_minutes) == (0, 0, 0, 0, 0)


def test_default_period_is_the_last_twelve_months(session, world):
    assert dashboard_filters.period(None, None, TODAY) == dashboard_filters.Period(date(2025, 12, 1), TODAY)
    # The v1 hour of October 2025 is before the default period too.
    v = volunteering_figures.volunteering(session, process_id=world.a, hour_value=0, today=TODAY)
    assert v.resource_map.volunteer_minutes == 525 and len(v.active_by_month) == 12


def test_every_change_the_dashboard_shows_moves_the_data_version(session, world):
    seen = [data_version(session, TODAY)]

    def moved():
        session.commit()
        now = data_version(session, TODAY)
        assert now != seen[-1]
        seen.append(now)

    hours.log_hours(
        session,
        worked_on=date(2026, 5, 1),
        minutes=30,
        target=Target(process_id=world.a),
        today=TODAY,
        by_user_id=SYSTEM,
    )
    moved()
    make_initiative(session, process_id=world.a)
    moved()
    follow_up.add_milestone(session, world.n3.id, title="Ny", due_on=date(2026, 6, 1), by_user_id=SYSTEM)
    moved()
    curation.add_entry(session, world.a, title="Ny post", by_user_id=SYSTEM)
    moved()
    make_volunteer(session)
    moved()


def test_the_cached_dashboard_shows_a_change_at_once(session, world):
    _computed.clear()
    volunteering = {"process_id": world.a, "hour_value": 200, **PERIOD}
    assert aggregate(volunteering_figures.volunteering, **volunteering).resource_map.volunteer_minutes == 525
    assert aggregate(ideas_to_action.funnel, process_id=world.a, **PERIOD).initiatives == 3

    hours.log_hours(
        session,
        worked_on=date(2026, 5, 1),
        minutes=30,
        target=Target(process_id=world.a),
        today=TODAY,
        by_user_id=SYSTEM,
    )
    make_initiative(session, process_id=world.a).created_at = IN_PERIOD
    session.commit()
    assert (
        aggregate(volunteering_figures.volunteering, **volunteering).resource_map.volunteer_minutes
        == 525 + 30
    )
    assert aggregate(ideas_to_action.funnel, process_id=world.a, **PERIOD).initiatives == 4
