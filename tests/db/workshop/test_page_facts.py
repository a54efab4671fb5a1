"""The page's facts in the board's snapshot: what the sections around the board show (the
open matrix, the marketplace, the close) moves the board's version whenever it changes, so
the snapshot tablets fetch after the push carries it."""

from services.admin.permissions import SYSTEM
from services.workshop import board, matrices, workshops
from services.workshop.open_space import grid
from tests.factories import make_idea, make_workshop


def _newer(version: str, than: str) -> bool:
    """The board part of "<board>.<votes>" moved on."""
    return int(version.split(".")[0]) > int(than.split(".")[0])


def _tablet_sees(session, w) -> tuple[str, dict]:
    """The version and the facts a tablet reads: the shared, cached snapshot of that version."""
    snap = board.cached_snapshot(session, w.code)
    assert snap is not None
    facts = {key: snap["workshop"][key] for key in ("closed", "matrix_id", "open_space")}
    assert facts == board.page_facts(session, w.id)  # what the page is drawn with, read alike
    return snap["version"], facts


def test_opening_and_closing_a_matrix_moves_the_version_and_shows_in_the_snapshot(session):
    w = make_workshop(session, phase="vote")
    picked = [make_idea(session, w, title=f"Idé {n}").id for n in range(2)]
    before, facts = _tablet_sees(session, w)
    assert facts == {"closed": False, "matrix_id": None, "open_space": False}

    view = matrices.open_matrix(session, w.id, picked, kind="impact_effort", by_user_id=SYSTEM)
    opened, facts = _tablet_sees(session, w)
    assert _newer(opened, before)
    assert facts["matrix_id"] == view.id

    matrices.close_matrix(session, view.id, by_user_id=SYSTEM)
    closed, facts = _tablet_sees(session, w)
    assert _newer(closed, opened)
    assert facts["matrix_id"] is None
    # Closing it again changes nothing, so it moves nothing.
    matrices.close_matrix(session, view.id, by_user_id=SYSTEM)
    assert _tablet_sees(session, w)[0] == closed


def test_switching_open_space_on_and_off_moves_the_version_and_shows_in_the_snapshot(session):
    w = make_workshop(session, phase="collect")
    before, _ = _tablet_sees(session, w)
    grid.switch_open_space(session, w.id, True, by_user_id=SYSTEM)
    on, facts = _tablet_sees(session, w)
    assert _newer(on, before) and facts["open_space"] is True
    grid.switch_open_space(session, w.id, True, by_user_id=SYSTEM)  # already on: nothing moves
    assert _tablet_sees(session, w)[0] == on
    grid.switch_open_space(session, w.id, False, by_user_id=SYSTEM)
    off, facts = _tablet_sees(session, w)
    assert _newer(off, on) and facts["open_space"] is False


def test_the_close_moves_the_version_and_shows_in_the_snapshot(session):
    w = make_workshop(session, phase="vote")
    workshops.move_phase(session, w.id, "results", by_user_id=SYSTEM)
    before, facts = _tablet_sees(session, w)
    assert facts["closed"] is False  # a phase before the close changes only the board
    workshops.move_phase(session, w.id, "closed", by_user_id=SYSTEM)
    after, facts = _tablet_sees(session, w)
    assert _newer(after, before) and facts["closed"] is True
