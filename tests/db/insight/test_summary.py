"""The politicians' summary: every headline figure and trend against counts worked out by hand."""

from datetime import date, datetime

import pytest
from sqlalchemy import select

import i18n
from db.models import HoursEntry, Idea
from services.action import initiative_actors
from services.admin.permissions import SYSTEM
from services.insight import summary
from services.insight.representation import Gap
from services.workshop.counts import recount_all
from tests.factories import (
    make_actor,
    make_idea,
    make_initiative,
    make_participant,
    make_process,
    make_vote,
    make_workshop,
)
from tests.when import TODAY

# The trend window: 1 Dec 2025 – 23 Nov 2026 (12 months, this one included); before it,
# 1 Dec 2024 – 30 Nov 2025. Local time is Copenhagen (UTC+1 in winter).
TZ = "Europe/Copenhagen"


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("da")


def _join(session, workshop, group, at):
    participant, _ = make_participant(session, workshop, stakeholder_group=group)
    participant.joined_at = at
    return participant


def _initiative(session, process, status, starts_on=None, ends_on=None, progress=0, title=None):
    i = make_initiative(session, process_id=process.id, **({"title": title} if title else {}))
    i.status, i.starts_on, i.ends_on, i.progress = status, starts_on, ends_on, progress
    return i


def _hours(session, worked_on, minutes, **target):
    session.add(HoursEntry(worked_on=worked_on, minutes=minutes, volunteers=1, **target))


@pytest.fixture
def scene(session):
    """Process A (target groups citizen, volunteer, business) with dated activity; process B beside it."""
    a = make_process(session, target_groups=["citizen", "volunteer", "business"])
    b = make_process(session)
    wa = make_workshop(session, process_id=a.id)
    wb = make_workshop(session, process_id=b.id)

    _join(session, wa, "citizen", datetime(2026, 3, 10, 18, 0))  # this period
    _join(session, wa, "citizen", datetime(2025, 6, 1, 18, 0))  # period before
    # 23:30 UTC on 30 Nov is 00:30 on 1 Dec in Copenhagen: this period.
    _join(session, wa, "volunteer", datetime(2025, 11, 30, 23, 30))
    _join(session, wa, "association", datetime(2024, 6, 1, 18, 0))  # older; not a target group
    _join(session, wb, "business", datetime(2026, 5, 1, 18, 0))  # other process

    first = make_idea(session, wa, created_at=datetime(2026, 5, 1, 12, 0))  # this period
    make_idea(session, wa, created_at=datetime(2025, 1, 15, 12, 0))  # period before
    make_idea(session, wa, created_at=datetime(2023, 9, 1, 12, 0))  # older
    make_idea(session, wa, created_at=datetime(2026, 6, 1, 12, 0), hidden=True)  # not counted
    make_idea(session, wa, created_at=datetime(2026, 6, 1, 12, 0), merged_into_id=first.id)  # not counted
    make_idea(session, wa, created_at=datetime(2026, 6, 1, 12, 0), status="withdrawn")  # not counted
    make_idea(session, wb, created_at=datetime(2026, 6, 1, 12, 0))  # other process

    running = _initiative(session, a, "in_progress", date(2026, 2, 1), progress=40, title="Running 40")
    almost = _initiative(session, a, "in_progress", date(2025, 12, 5), progress=80, title="Running 80")
    done = _initiative(session, a, "completed", date(2025, 3, 1), date(2026, 9, 30), 100, "Done lately")
    _initiative(session, a, "completed", date(2025, 1, 1), date(2025, 6, 1), 100, "Done long ago")
    _initiative(session, a, "stopped", date(2025, 1, 10))
    _initiative(session, a, "paused", date(2024, 5, 1))
    _initiative(session, a, "planned", date(2027, 1, 1))
    _initiative(session, a, "proposed")
    _initiative(session, b, "in_progress", date(2026, 1, 1))
    lead = make_actor(session, name="Lindholt <b>Seniorforening</b>")
    initiative_actors.add_actor(session, running.id, actor_id=lead.id, role="lead", by_user_id=SYSTEM)

    _hours(session, date(2026, 11, 2), 150, process_id=a.id)
    _hours(session, date(2025, 12, 1), 90, initiative_id=running.id)  # through its initiative
    _hours(session, date(2025, 11, 30), 60, process_id=a.id)  # period before
    _hours(session, date(2023, 5, 5), 30, process_id=a.id)  # older
    _hours(session, date(2026, 10, 10), 600, process_id=b.id)  # other process
    _hours(session, date(2026, 10, 11), 45)  # no process
    session.commit()
    return {"a": a, "b": b, "running": running, "almost": almost, "done": done}


def _summary(session, process_id, hour_value=200):
    return summary.summary(session, process_id=process_id, hour_value=hour_value, today=TODAY, timezone=TZ)


def test_every_headline_of_one_process(session, scene):
    sm = _summary(session, scene["a"].id)
    assert sm.period_start == date(2025, 12, 1)
    assert sm.participants == summary.Headline(4, summary.Trend(2, 1))
    # Target groups citizen, volunteer, business: citizen and volunteer came.
    assert (sm.groups, sm.groups_of) == (summary.Headline(2, summary.Trend(2, 1)), 3)
    assert sm.ideas == summary.Headline(3, summary.Trend(1, 1))
    # Launched: both running, both completed, stopped and paused (started 2026-02-01,
    # 2025-12-05 | 2025-03-01, 2025-01-01, 2025-01-10 | 2024-05-01).
    assert sm.launched == summary.Headline(6, summary.Trend(2, 3))
    assert sm.completed == summary.Headline(2, summary.Trend(1, 1))
    assert sm.volunteer_minutes == summary.Headline(150 + 90 + 60 + 30, summary.Trend(240, 60))
    assert sm.value == round(330 * 200 / 60) == 1100
    months = dict(sm.hours_by_month)
    assert len(months) == 12 and min(months) == date(2025, 12, 1) and max(months) == date(2026, 11, 1)
    assert months == {m: 0 for m in months} | {date(2025, 12, 1): 90, date(2026, 11, 1): 150}
    assert not sm.is_empty


def test_key_initiatives_running_first_then_recently_completed(session, scene):
    sm = _summary(session, scene["a"].id)
    assert [(k.title, k.status, k.progress) for k in sm.key_initiatives] == [
        ("Running 80", "in_progress", 80),
        ("Running 40", "in_progress", 40),
        ("Done lately", "completed", 100),
    ]
    assert sm.key_initiatives[1].lead == "Lindholt <b>Seniorforening</b>"
    assert sm.key_initiatives[0].lead is None
    assert sm.more_initiatives == 0


def test_more_key_initiatives_than_shown(session, scene):
    for n in range(4):
        _initiative(session, scene["a"], "in_progress", date(2026, 1, 1), progress=10 + n, title=f"Extra {n}")
    session.commit()
    sm = _summary(session, scene["a"].id)
    # 6 running and 1 recently completed: the 4 furthest along are shown, 3 more exist.
    assert [k.title for k in sm.key_initiatives] == ["Running 80", "Running 40", "Extra 3", "Extra 2"]
    assert sm.more_initiatives == 3


def test_all_processes(session, scene):
    sm = _summary(session, None)
    assert sm.process_title == ""
    assert sm.participants == summary.Headline(5, summary.Trend(3, 1))
    # Of all seven groups: citizen, volunteer, association (older only), business (B).
    assert (sm.groups, sm.groups_of) == (summary.Headline(4, summary.Trend(3, 1)), 7)
    assert sm.ideas == summary.Headline(4, summary.Trend(2, 1))
    assert sm.launched == summary.Headline(7, summary.Trend(3, 3))
    assert sm.volunteer_minutes == summary.Headline(330 + 600 + 45, summary.Trend(240 + 645, 60))
    assert [k.title for k in sm.key_initiatives][:2] == ["Running 80", "Running 40"]
    assert len(sm.key_initiatives) == 4 and sm.more_initiatives == 0


def test_an_empty_process(session, scene):
    empty = make_process(session, title="Ny proces")
    session.commit()
    sm = _summary(session, empty.id, hour_value=0)
    zero = summary.Headline(0, summary.Trend(0, 0))
    assert sm.process_title == "Ny proces"
    for figure in (sm.participants, sm.groups, sm.ideas, sm.launched, sm.completed, sm.volunteer_minutes):
        assert figure == zero
    assert sm.groups_of == 7 and sm.value == 0
    assert sm.key_initiatives == () and sm.top_ideas == ()
    assert [m for _, m in sm.hours_by_month] == [0] * 12
    assert sm.is_empty
    assert summary.trend_text(sm.ideas.trend) == ""


def test_trend_texts():
    assert summary.trend_text(summary.Trend(3, 2)) == "+50 % vs previous 12 months"
    assert summary.trend_text(summary.Trend(1, 4)) == "-75 % vs previous 12 months"
    assert summary.trend_text(summary.Trend(4, 4)) == "±0 % vs previous 12 months"
    assert summary.trend_text(summary.Trend(5, 0)) == "new"
    assert summary.trend_text(summary.Trend(0, 0)) == ""
    assert summary.trend_text(summary.Trend(2, 3), absolute=True) == "-1 vs previous 12 months"
    i18n.set_language("da")
    assert summary.trend_text(summary.Trend(1234, 1000)) == "+23 % mod de 12 måneder før"


def test_not_reached_line():
    gaps = [
        Gap("stakeholder_group", "business", 0, None),
        Gap("stakeholder_group", "politician", 3, None),
        Gap("age_band", "80_plus", 2, 0.1),
        Gap("area", "Vest <script>", 9, 0.4),
    ]
    assert summary.not_reached_text(gaps) == (
        "Not reached yet: Business, Politician (few), 80 or older (few), "
        "area Vest <script> (under-represented)"
    )
    assert summary.not_reached_text([]).startswith("Every target group has taken part")


def test_hidden_idea_dates_do_not_count(session, scene):
    """A hidden idea made visible again counts from its own creation date."""
    hidden = session.scalars(select(Idea).where(Idea.hidden.is_(True))).one()
    hidden.hidden = False
    recount_all(session)  # changed past the services that keep the counts
    session.commit()
    assert _summary(session, scene["a"].id).ideas == summary.Headline(4, summary.Trend(2, 1))


def _vote(session, workshop, person, idea, dots):
    make_vote(session, workshop, person, idea, dots)


def test_top_ideas_with_broad_support_and_who_was_not_reached(session):
    """Broad beats many: an idea backed by two groups ranks above one with more dots from one group."""
    process = make_process(session, target_groups=["citizen", "volunteer", "business"])
    w = make_workshop(session, process_id=process.id, phase="vote", dot_budget=5, dots_per_idea=3)
    citizens = [make_participant(session, w, stakeholder_group="citizen")[0] for _ in range(5)]
    volunteers = [make_participant(session, w, stakeholder_group="volunteer")[0] for _ in range(3)]
    broad = make_idea(session, w, title="Broad <b>idea</b>")
    narrow = make_idea(session, w, title="Narrow idea")
    for person in citizens[:3] + volunteers:
        _vote(session, w, person, broad, 1)
    for person in citizens:
        _vote(session, w, person, narrow, 3)
    session.commit()

    sm = _summary(session, process.id)
    assert [(i.title, i.dots, i.voters, i.groups) for i in sm.top_ideas] == [
        ("Broad <b>idea</b>", 6, 6, 2),
        ("Narrow idea", 15, 5, 1),
    ]
    # Business is a target group and nobody came from it; volunteers came, but fewer than 5.
    assert [(g.dimension, g.value, g.participants) for g in sm.not_reached][:2] == [
        ("stakeholder_group", "business", 0),
        ("stakeholder_group", "volunteer", 3),
    ]
    assert summary.not_reached_text(sm.not_reached).startswith("Not reached yet: Business, Volunteer (few)")
