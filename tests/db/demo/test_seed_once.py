"""The demo is seeded once, however many servers start on the empty database at the same moment."""

import threading

from sqlalchemy import func, select

from db.models import User
from db.session import read_scope
from demo import seed


def _users(db_url):
    with read_scope(db_url) as s:
        return s.scalar(select(func.count()).select_from(User))


def test_seed_once_seeds_an_empty_database_and_then_leaves_it(db_url):
    assert seed.seed_once(db_url, rounds=4) is not None
    assert seed.seed_once(db_url, rounds=4) is None
    assert _users(db_url) == len(seed.DEMO_ACCOUNTS)


def test_servers_starting_together_seed_once_between_them(db_url):
    start = threading.Barrier(3)
    outcomes: list[object] = []

    def server() -> None:
        start.wait()
        try:
            outcomes.append(seed.seed_once(db_url, rounds=4))
        except Exception as err:  # noqa: BLE001 - the assertion below names it
            outcomes.append(err)

    servers = [threading.Thread(target=server) for _ in range(3)]
    for t in servers:
        t.start()
    for t in servers:
        t.join(120)
    assert sorted(type(o).__name__ for o in outcomes) == ["DemoSummary", "NoneType", "NoneType"]
    assert _users(db_url) == len(seed.DEMO_ACCOUNTS)
