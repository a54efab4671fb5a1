"""0015 drops the board's change log, rows and all, and its downgrade brings the table back as it was."""

from typing import Any

from sqlalchemy import inspect

from db import migrate
from db.session import make_engine
from tests.db.raw_sql import run_sql

DAY = "'2026-11-23'"
PROCESS = (
    "INSERT INTO process (id, title, description, catalogue_intro, public_slug, public_page_published,"
    f" created_at) VALUES (1, 'P', '', '', 'slug', false, {DAY})"
)
WORKSHOP = (
    "INSERT INTO workshop (id, process_id, title, place, code, phase, dot_budget, dots_per_idea,"
    " anonymous_ideas, comments_enabled, hide_votes_until_reveal, phase_changed_at, created_at)"
    f" VALUES (1, 1, 'W', '', 'CODE1X', 'vote', 5, 3, true, true, true, {DAY}, {DAY})"
)
EVENT = "INSERT INTO board_event (id, workshop_id, channel, kind, at) VALUES ({i}, 1, '{ch}', 'k', {day})"


def _log(url: str) -> dict[str, Any] | None:
    """board_event as the database describes it, None when it has none; an index of it
    left behind without the table would show too."""
    engine = make_engine(url, pooled=False)
    try:
        found = inspect(engine)
        tables = found.get_table_names()
        indexes = [(i["name"], i["column_names"], i["unique"]) for t in tables for i in found.get_indexes(t)]
        own = [index for index in indexes if (index[0] or "").startswith("ix_board_event")]
        if "board_event" not in tables:
            return {"indexes": own} if own else None
        return {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"], c["default"])
                for c in found.get_columns("board_event")
            ],
            "primary key": found.get_pk_constraint("board_event"),
            "foreign keys": found.get_foreign_keys("board_event"),
            "checks": found.get_check_constraints("board_event"),
            "indexes": own,
        }
    finally:
        engine.dispose()


def test_the_log_goes_with_its_rows_and_comes_back_as_it_was(scratch_url):
    migrate.upgrade(scratch_url, "0014")
    as_it_was = _log(scratch_url)
    assert as_it_was is not None and as_it_was["indexes"] == [
        ("ix_board_event_workshop_id_channel_id", ["workshop_id", "channel", "id"], False)
    ]
    run_sql(
        scratch_url,
        PROCESS,
        WORKSHOP,
        *(EVENT.format(i=i, ch=ch, day=DAY) for i, ch in ((1, "board"), (2, "votes"), (3, "board"))),
        "UPDATE workshop SET board_version = 3, votes_version = 2",
    )

    migrate.upgrade(scratch_url)
    assert _log(scratch_url) is None
    # The workshop and the versions its tablets hold stay.
    (kept,) = run_sql(scratch_url, "SELECT id, board_version, votes_version FROM workshop")
    assert [tuple(r) for r in kept] == [(1, 3, 2)]

    migrate.downgrade(scratch_url, "0014")
    assert _log(scratch_url) == as_it_was
    # Empty: what was logged is not brought back. New rows go in as before.
    (count, _, _) = run_sql(
        scratch_url,
        "SELECT count(*) FROM board_event",
        EVENT.format(i=1, ch="votes", day=DAY),
        EVENT.format(i=2, ch="board", day=DAY),
    )
    assert count == [(0,)]
    migrate.upgrade(scratch_url)
    assert _log(scratch_url) is None
