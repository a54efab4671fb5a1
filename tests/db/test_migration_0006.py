"""0006 carries the board versions on from the ids tablets already hold, and comes down again."""

from db import migrate
from tests.db.raw_sql import run_sql


def test_counters_go_on_from_the_newest_board_event(scratch_url):
    migrate.upgrade(scratch_url, "0005")
    day = "'2026-11-23'"
    workshop = (
        "INSERT INTO workshop (id, process_id, title, place, code, phase, dot_budget, dots_per_idea,"
        " anonymous_ideas, comments_enabled, hide_votes_until_reveal, phase_changed_at, created_at)"
        " VALUES ({n}, 1, 'W', '', 'CODE{n}X', 'vote', 5, 3, true, true, true, {day}, {day})"
    )
    event = "INSERT INTO board_event (id, workshop_id, channel, kind, at) VALUES ({i}, 1, '{ch}', 'k', {day})"
    run_sql(
        scratch_url,
        "INSERT INTO process (id, title, description, catalogue_intro, public_slug, public_page_published,"
        f" created_at) VALUES (1, 'P', '', '', 'slug', false, {day})",
        *(workshop.format(n=n, day=day) for n in (1, 2)),
        *(
            event.format(i=i, ch=ch, day=day)
            for i, ch in ((3, "board"), (7, "votes"), (9, "board"), (12, "votes"))
        ),
    )
    # Up to 0006 only, so what is checked is what 0006 did (0015 later drops the log it reads).
    migrate.upgrade(scratch_url, "0006")
    (counters, versions) = run_sql(
        scratch_url,
        "SELECT id, board_version, votes_version FROM workshop ORDER BY id",
        "SELECT id, version FROM data_version",
    )
    assert [tuple(r) for r in counters] == [(1, 9, 12), (2, 0, 0)]
    assert [tuple(r) for r in versions] == [(1, 0)]
    migrate.downgrade(scratch_url, "0005")
    # Down again leaves the log as it was, so going all the way up counts the same, and
    # the later migrations (0015's dropping the log among them) keep the counters.
    migrate.upgrade(scratch_url)
    (counters,) = run_sql(scratch_url, "SELECT id, board_version, votes_version FROM workshop ORDER BY id")
    assert [tuple(r) for r in counters] == [(1, 9, 12), (2, 0, 0)]
