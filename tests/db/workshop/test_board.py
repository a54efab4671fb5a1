"""Running a workshop: phases, timer, ideas, comments, moderation, merging, snapshots and results."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from clock import utcnow
from db.models import AuditEvent, Idea
from services.common.errors import Conflict, InvalidInput, NotAllowed, NotFound, WorkshopClosed, WrongPhase
from services.workshop import (
    board,
    clusters,
    ideas,
    new_workshops,
    own_state,
    phases,
    themes,
    votes,
    workshops,
)
from tests.factories import HOSTILE, make_idea, make_participant, make_user, make_workshop
from vocabulary import STAKEHOLDER_GROUPS


@pytest.fixture
def facilitator(session):
    return make_user(session, role="facilitator")


def test_phases_move_both_ways_stop_the_timer_and_are_audited(session, facilitator):
    w = make_workshop(session, phase="draft")
    workshops.start_timer(session, w.id, 10, by_user_id=facilitator.id)
    assert w.timer_ends_at > utcnow() + timedelta(minutes=9)
    workshops.move_phase(session, w.id, "collect", by_user_id=facilitator.id)
    assert (w.phase, w.timer_ends_at) == ("collect", None)
    assert phases.is_going_back("vote", "collect") and not phases.is_going_back("collect", "vote")
    workshops.move_phase(session, w.id, "vote", by_user_id=facilitator.id)
    workshops.move_phase(session, w.id, "cluster", by_user_id=facilitator.id)
    moves = session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "workshop.phase")).all()
    assert len(moves) == 3 and '"new": "cluster"' in moves[-1]
    with pytest.raises(InvalidInput):
        workshops.move_phase(session, w.id, "party", by_user_id=facilitator.id)


@pytest.mark.parametrize("minutes", [0, -5, 241])
def test_timer_minutes_are_bounded(session, facilitator, minutes):
    w = make_workshop(session)
    with pytest.raises(InvalidInput):
        workshops.start_timer(session, w.id, minutes, by_user_id=facilitator.id)
    assert w.timer_ends_at is None


def test_participants_add_edit_and_withdraw_ideas_while_collecting(session):
    w = make_workshop(session, phase="collect")
    me, _ = make_participant(session, w)
    other, _ = make_participant(session, w)
    idea = ideas.add_idea(
        session, me, theme_id=w.themes[1].id, title="  Gå-venner  ", description="To og to\nhver dag"
    )
    assert (idea.title, idea.description, idea.theme_id) == (
        "Gå-venner",
        "To og to\nhver dag",
        w.themes[1].id,
    )
    ideas.edit_idea(session, me, idea.id, title="Gå-venner i parken", description="")
    assert idea.title == "Gå-venner i parken"
    with pytest.raises(NotAllowed):
        ideas.edit_idea(session, other, idea.id, title="Mine now")
    with pytest.raises(NotAllowed):
        ideas.withdraw_idea(session, other, idea.id)
    ideas.withdraw_idea(session, me, idea.id)
    assert idea.status == "withdrawn"
    with pytest.raises(NotFound):
        ideas.edit_idea(session, me, idea.id, title="Back again")


@pytest.mark.parametrize(
    ("title", "description", "key"),
    [
        ("", "", "error.required"),
        ("   \n ", "", "error.required"),
        ("x" * 121, "", "error.too_long"),
        ("ok title", "y" * 1001, "error.too_long"),
        ("bell\x07", "", "error.control_characters"),
    ],
)
def test_bad_ideas_are_refused_and_nothing_is_added(session, title, description, key):
    w = make_workshop(session, phase="collect")
    me, _ = make_participant(session, w)
    with pytest.raises(InvalidInput) as err:
        ideas.add_idea(session, me, theme_id=w.themes[0].id, title=title, description=description)
    assert err.value.key == key
    assert session.scalars(select(Idea).where(Idea.workshop_id == w.id)).all() == []


@pytest.mark.parametrize(
    "title", [HOSTILE, "Kaffe ☕ og kage 🎂", "مرحبا بالجميع", "**fed** _kursiv_ [link](x)"]
)
def test_any_text_is_kept_exactly(session, title):
    w = make_workshop(session, phase="collect")
    me, _ = make_participant(session, w)
    idea = ideas.add_idea(session, me, theme_id=w.themes[0].id, title=title)
    snap = board.snapshot(session, w.id)
    assert [i["title"] for i in snap["ideas"]] == [title]
    assert idea.title == title


@pytest.mark.parametrize("phase", ["draft", "cluster", "vote", "results"])
def test_ideas_only_while_collecting(session, phase):
    w = make_workshop(session, phase=phase)
    me, _ = make_participant(session, w)
    with pytest.raises(WrongPhase):
        ideas.add_idea(session, me, theme_id=w.themes[0].id, title="Late idea")


def test_an_idea_sent_while_collecting_is_taken_after_the_move_on(session, clock_at, facilitator):
    """Under load an idea waits seconds for its turn to be written; what its person sent in
    time is not lost because the vote opened meanwhile. Sent after the move, it is refused."""
    w = make_workshop(session, phase="collect")
    me, _ = make_participant(session, w)
    theme = w.themes[0].id

    def at(second: float) -> datetime:
        clock_at(datetime(2026, 11, 23, 10, 0) + timedelta(seconds=second))
        return utcnow()

    sent_in_time = at(1)
    at(2)
    workshops.move_phase(session, w.id, "cluster", by_user_id=facilitator.id)
    while_grouping = at(2.5)
    at(3)
    workshops.move_phase(session, w.id, "vote", by_user_id=facilitator.id)
    sent_late = at(4)
    assert [phases.phase_when(session, w, m) for m in (sent_in_time, while_grouping, sent_late)] == [
        "collect",
        "cluster",
        "vote",
    ]

    idea = ideas.add_idea(session, me, theme_id=theme, title="Sent in time", sent_at=sent_in_time)
    assert [i["title"] for i in board.snapshot(session, w.id)["ideas"]] == [idea.title]
    for sent_at in (while_grouping, sent_late, None):  # without the moment, the phase now counts
        with pytest.raises(WrongPhase):
            ideas.add_idea(session, me, theme_id=theme, title="Too late", sent_at=sent_at)
    workshops.move_phase(session, w.id, "closed", by_user_id=facilitator.id)
    with pytest.raises(WorkshopClosed):  # a closed workshop takes nothing, however early it was sent
        ideas.add_idea(session, me, theme_id=theme, title="Closed", sent_at=sent_in_time)
    assert session.scalars(select(Idea.title).where(Idea.workshop_id == w.id)).all() == ["Sent in time"]


def test_closed_workshop_refuses_every_change(session, facilitator):
    w = make_workshop(session, phase="closed")
    idea = make_idea(session, w)
    for change in (
        lambda: ideas.hide_idea(session, idea.id, hidden=True, by_user_id=facilitator.id),
        lambda: clusters.create_cluster(session, w.id, "Late", by_user_id=facilitator.id),
        lambda: workshops.start_timer(session, w.id, 5, by_user_id=facilitator.id),
        lambda: themes.add_theme(session, w.id, "Late", by_user_id=facilitator.id),
    ):
        with pytest.raises(WorkshopClosed):
            change()
    workshops.move_phase(session, w.id, "results", by_user_id=facilitator.id)
    assert w.phase == "results"


def test_a_wrong_theme_is_refused(session):
    w = make_workshop(session, phase="collect")
    other = make_workshop(session, phase="collect")
    me, _ = make_participant(session, w)
    with pytest.raises(NotFound):
        ideas.add_idea(session, me, theme_id=other.themes[0].id, title="Wrong table")


def test_comments_follow_the_workshop_setting(session):
    w = make_workshop(session, phase="collect")
    me, _ = make_participant(session, w)
    idea = make_idea(session, w)
    comment = ideas.add_comment(session, me, idea.id, "Byg videre: også om søndagen")
    assert comment.idea_id == idea.id
    w.comments_enabled = False
    session.flush()
    with pytest.raises(NotAllowed):
        ideas.add_comment(session, me, idea.id, "Not now")


def test_facilitator_enters_ideas_for_people_without_a_tablet(session, facilitator):
    w = make_workshop(session, phase="cluster")
    idea = ideas.add_idea_for(
        session, w.id, theme_id=w.themes[0].id, title="Fra post-it", by_user_id=facilitator.id
    )
    assert idea.entered_by_user_id == facilitator.id and idea.participant_id is None
    snap = board.snapshot(session, w.id)
    assert snap["ideas"][0]["by_facilitator"] is True


def test_hidden_items_are_kept_listed_and_never_shown_or_counted(session, facilitator):
    w = make_workshop(session, phase="vote", hide_votes_until_reveal=False)
    person, _ = make_participant(session, w)
    bad, good = make_idea(session, w), make_idea(session, w)
    comment = ideas.add_comment(session, person, good.id, "Rude words")
    votes.add_dot(session, person.id, bad.id)
    ideas.hide_idea(session, bad.id, hidden=True, reason="Personangreb", by_user_id=facilitator.id)
    ideas.hide_comment(session, comment.id, hidden=True, reason="Sprog", by_user_id=facilitator.id)
    snap = board.snapshot(session, w.id)
    assert [i["id"] for i in snap["ideas"]] == [good.id]
    assert snap["ideas"][0]["comments"] == ()
    assert [r.id for r in board.results(session, w.id)] == [good.id]
    listed = ideas.hidden_items(session, w.id)
    assert {(i.kind, i.id, i.reason) for i in listed} == {
        ("idea", bad.id, "Personangreb"),
        ("comment", comment.id, "Sprog"),
    }
    assert session.get(Idea, bad.id) is not None
    ideas.hide_idea(session, bad.id, hidden=False, by_user_id=facilitator.id)
    assert bad.id in [i["id"] for i in board.snapshot(session, w.id)["ideas"]]


def test_the_consoles_picks_are_hidden_and_shown_again_together(session, facilitator):
    w = make_workshop(session, phase="collect")
    person, _ = make_participant(session, w)
    first, second, kept = make_idea(session, w), make_idea(session, w), make_idea(session, w)
    comment = ideas.add_comment(session, person, kept.id, "Rude words")
    ideas.hide_ideas(session, [first.id, second.id], reason="Dobbelt", by_user_id=facilitator.id)
    ideas.hide_comments(session, [comment.id], reason="Sprog", by_user_id=facilitator.id)
    listed = ideas.hidden_items(session, w.id)
    assert {(i.kind, i.id, i.reason) for i in listed} == {
        ("idea", first.id, "Dobbelt"),
        ("idea", second.id, "Dobbelt"),
        ("comment", comment.id, "Sprog"),
    }
    ideas.show_again(session, listed, by_user_id=facilitator.id)
    assert ideas.hidden_items(session, w.id) == []
    assert len(board.snapshot(session, w.id)["ideas"]) == 3


def test_merge_carries_votes_comments_and_authors_and_can_be_undone(session, facilitator):
    w = make_workshop(session, phase="vote", dot_budget=6, dots_per_idea=2, hide_votes_until_reveal=False)
    a, _ = make_participant(session, w, display_name="Anna")
    b, _ = make_participant(session, w, display_name="Bent")
    w.phase = "collect"
    w.anonymous_ideas = False
    session.flush()
    survivor = ideas.add_idea(session, a, theme_id=w.themes[0].id, title="Fællesspisning")
    duplicate = ideas.add_idea(session, b, theme_id=w.themes[0].id, title="Spis sammen")
    third = ideas.add_idea(session, b, theme_id=w.themes[0].id, title="Madklub")
    ideas.add_comment(session, a, duplicate.id, "Også for mænd")
    w.phase = "vote"
    session.flush()
    for idea in (survivor, duplicate, duplicate):
        votes.add_dot(session, a.id, idea.id)  # a: 3 dots on one group after the merge, cap 2
    votes.add_dot(session, b.id, duplicate.id)
    clusters.merge(session, duplicate.id, [third.id], by_user_id=facilitator.id)
    clusters.merge(session, survivor.id, [duplicate.id], by_user_id=facilitator.id)
    assert third.merged_into_id == survivor.id  # kept one level deep
    ranked = {r.id: r for r in board.results(session, w.id)}
    assert set(ranked) == {survivor.id}
    assert (ranked[survivor.id].dots, ranked[survivor.id].voters, ranked[survivor.id].merged) == (2 + 1, 2, 2)
    snap_idea = board.snapshot(session, w.id)["ideas"][0]
    assert snap_idea["author"] == "Anna"
    assert set(snap_idea["merged_titles"]) == {"Madklub", "Spis sammen"}
    assert [c["body"] for c in snap_idea["comments"]] == ["Også for mænd"]
    clusters.unmerge(session, duplicate.id, by_user_id=facilitator.id)
    ranked = {r.id: r for r in board.results(session, w.id)}
    assert (ranked[survivor.id].dots, ranked[duplicate.id].dots) == (1, 3)
    with pytest.raises(Conflict):
        clusters.unmerge(session, duplicate.id, by_user_id=facilitator.id)


def test_merge_refuses_nonsense(session, facilitator):
    w = make_workshop(session, phase="cluster")
    other = make_workshop(session, phase="cluster")
    a, b, foreign = make_idea(session, w), make_idea(session, w), make_idea(session, other)
    with pytest.raises(InvalidInput):
        clusters.merge(session, a.id, [a.id], by_user_id=facilitator.id)
    with pytest.raises(InvalidInput):
        clusters.merge(session, a.id, [foreign.id], by_user_id=facilitator.id)
    clusters.merge(session, a.id, [b.id], by_user_id=facilitator.id)
    with pytest.raises(Conflict):
        clusters.merge(session, b.id, [a.id], by_user_id=facilitator.id)


def test_clusters_group_ideas_and_show_on_the_board(session, facilitator):
    w = make_workshop(session, phase="cluster")
    first, second = make_idea(session, w), make_idea(session, w)
    cluster = clusters.create_cluster(session, w.id, "Mødesteder", by_user_id=facilitator.id)
    assert clusters.assign(session, [first.id, second.id], cluster.id, by_user_id=facilitator.id) == 2
    with pytest.raises(InvalidInput):
        clusters.create_cluster(session, w.id, "mødesteder", by_user_id=facilitator.id)
    snap = board.snapshot(session, w.id)
    assert snap["clusters"] == [{"id": cluster.id, "name": "Mødesteder"}]
    assert {i["cluster_id"] for i in snap["ideas"]} == {cluster.id}
    clusters.delete_cluster(session, cluster.id, by_user_id=facilitator.id)
    assert {i["cluster_id"] for i in board.snapshot(session, w.id)["ideas"]} == {None}


def test_hidden_votes_never_reach_tablets_before_the_reveal(session, facilitator):
    w = make_workshop(session, phase="vote", hide_votes_until_reveal=True)
    person, _ = make_participant(session, w)
    idea = make_idea(session, w)
    before = board.version_for_code(session, w.code)
    votes.add_dot(session, person.id, idea.id)
    assert board.version_for_code(session, w.code) == before  # tablets cannot tell votes moved
    snap = board.snapshot(session, w.id)
    assert snap["workshop"]["votes_visible"] is False
    assert all(i["dots"] is None and i["voters"] is None for i in snap["ideas"])
    assert "dots_by_group" not in str(snap)
    workshops.move_phase(session, w.id, "results", by_user_id=facilitator.id)
    after = board.version_for_code(session, w.code)
    assert after != before
    assert board.snapshot(session, w.id)["ideas"][0]["dots"] == 1


def test_visible_votes_move_the_version(session):
    w = make_workshop(session, phase="vote", hide_votes_until_reveal=False)
    person, _ = make_participant(session, w)
    idea = make_idea(session, w)
    before = board.version_for_code(session, w.code)
    votes.add_dot(session, person.id, idea.id)
    assert board.version_for_code(session, w.code) != before
    assert board.snapshot(session, w.id)["ideas"][0]["dots"] == 1


def test_personal_state_is_the_participants_own(session):
    w = make_workshop(session, phase="collect")
    me, _ = make_participant(session, w)
    other, _ = make_participant(session, w)
    mine = ideas.add_idea(session, me, theme_id=w.themes[0].id, title="Min idé")
    ideas.add_idea(session, other, theme_id=w.themes[0].id, title="Ikke min")
    w.phase = "vote"
    session.flush()
    votes.add_dot(session, me.id, mine.id)
    state = own_state.personal(session, me)
    assert state["my_ideas"] == [mine.id]
    assert state["my_dots"] == {str(mine.id): 1}
    assert state["votes_used"] == 1


def test_snapshot_cache_builds_once_per_version(session):
    w = make_workshop(session)
    calls = []

    def build():
        calls.append(1)
        return {"n": len(calls)}

    cache = board.SnapshotCache(size=2)
    assert cache.get((w.id, "1.0"), build) == cache.get((w.id, "1.0"), build) == {"n": 1}
    cache.get((w.id, "2.0"), build)
    cache.get((w.id, "3.0"), build)
    cache.get((w.id, "1.0"), build)  # evicted, rebuilt
    assert len(calls) == 4


def test_room_figures(session):
    w = make_workshop(session, phase="vote", dot_budget=5, dots_per_idea=5)
    idea = make_idea(session, w)
    for group in ("citizen", "citizen", "volunteer"):
        person, _ = make_participant(session, w, stakeholder_group=group)
    votes.add_dot(session, person.id, idea.id)
    figures = board.room_figures(session, w.id)
    assert (
        figures.participants,
        figures.by_group,
        figures.ideas,
        figures.dots_used,
        figures.dots_available,
    ) == (
        3,
        {"citizen": 2, "volunteer": 1},
        1,
        1,
        15,
    )
    assert figures.groups_present == ["citizen", "volunteer"]
    assert "citizen" not in figures.groups_missing and "politician" in figures.groups_missing
    assert len(figures.groups_present) + len(figures.groups_missing) == len(STAKEHOLDER_GROUPS)


def test_settings_freeze_dot_rules_once_voting_started(session, facilitator):
    w = make_workshop(session, phase="vote")
    common = dict(
        title="Nyt navn",
        starts_at=None,
        place="Rådhuset",
        anonymous_ideas=False,
        comments_enabled=False,
        hide_votes_until_reveal=False,
        by_user_id=facilitator.id,
    )
    assert phases.dot_rules_frozen(w)
    with pytest.raises(WrongPhase):
        workshops.update_settings(session, w.id, dot_budget=9, dots_per_idea=3, **common)
    workshops.update_settings(session, w.id, dot_budget=w.dot_budget, dots_per_idea=w.dots_per_idea, **common)
    assert (w.title, w.place, w.anonymous_ideas) == ("Nyt navn", "Rådhuset", False)


def test_dot_rules_stay_frozen_after_going_back_once_a_dot_is_cast(session, facilitator):
    """Back from voting to grouping, a lower budget would leave voters over it (5 of 2 dots)."""
    w = make_workshop(session, phase="vote", dot_budget=5, dots_per_idea=5)
    idea = make_idea(session, w)
    person, _ = make_participant(session, w)
    for _ in range(5):
        votes.add_dot(session, person.id, idea.id)
    workshops.move_phase(session, w.id, "cluster", by_user_id=facilitator.id)
    settings = dict(
        title=w.title,
        starts_at=None,
        place="",
        anonymous_ideas=False,
        comments_enabled=True,
        hide_votes_until_reveal=True,
        by_user_id=facilitator.id,
    )
    assert phases.dots_cast(session, w.id)
    with pytest.raises(WrongPhase) as refused:
        workshops.update_settings(session, w.id, dot_budget=2, dots_per_idea=2, **settings)
    assert refused.value.key == "error.dots_frozen"
    session.refresh(w)
    assert (w.dot_budget, w.dots_per_idea) == (5, 5)
    assert votes.my_dots(session, person.id) == {idea.id: 5}


def test_dot_rules_can_change_after_going_back_before_anyone_voted(session, facilitator):
    w = make_workshop(session, phase="vote", dot_budget=5)
    workshops.move_phase(session, w.id, "cluster", by_user_id=facilitator.id)
    assert not phases.dots_cast(session, w.id)
    workshops.update_settings(
        session,
        w.id,
        title=w.title,
        starts_at=None,
        place="",
        dot_budget=3,
        dots_per_idea=2,
        anonymous_ideas=False,
        comments_enabled=True,
        hide_votes_until_reveal=True,
        by_user_id=facilitator.id,
    )
    assert (w.dot_budget, w.dots_per_idea) == (3, 2)


def test_template_copies_a_past_workshops_settings(session):
    w = make_workshop(session, dot_budget=7, dots_per_idea=2, anonymous_ideas=False, themes=["A", "B"])
    template = new_workshops.template_from(session, w.id)
    assert (template.themes, template.dot_budget, template.dots_per_idea, template.anonymous_ideas) == (
        ("A", "B"),
        7,
        2,
        False,
    )


def test_similar_titles_suggest_look_alikes():
    candidates = [
        (1, "Fællesspisning hver torsdag på aktivitetscentret"),
        (2, "Gå-venner"),
        (3, "Cykling uden alder"),
    ]
    found = ideas.similar_titles("fællesspisning torsdag", candidates)
    assert [f[0] for f in found] == [1]
    assert ideas.similar_titles("xy", candidates) == []
    assert ideas.similar_titles("Helt anderledes forslag om biblioteket", candidates) == []
