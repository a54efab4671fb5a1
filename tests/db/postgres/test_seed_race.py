"""Two servers starting at once on an empty database seed the demo once, and neither fails.

The first server is stopped after it found the database empty and before it seeds; the
second starts as far as it can; then the first goes on. Before, both found it empty, the
second seeded, and the first one's seeding failed on the second's rows (a first page
showing an exception).
"""

from sqlalchemy import func, select

from db.models import Process, User
from db.session import read_scope
from demo import seed
from runtime import startup
from tests.db.postgres.interleave import Concurrent, Pause


def test_two_servers_starting_at_once_seed_the_demo_once(db_url, monkeypatch):
    pause, real_seed, seeded = Pause(), seed.seed_demo, []

    def first_one_pauses(session, **kwargs):
        seeded.append(kwargs)
        if len(seeded) == 1:
            pause.here()
        return real_seed(session, **kwargs)

    monkeypatch.setattr(seed, "seed_demo", first_one_pauses)
    # A server's start, without Streamlit's once-per-process cache around it.
    start = startup._migrated.__wrapped__
    first = Concurrent(lambda: start(db_url, True, 4, 0)).start()
    pause.wait_reached()
    second = Concurrent(lambda: start(db_url, True, 4, 0)).until_done_or_waiting(db_url)
    pause.go()
    first.result()
    second.result()

    assert len(seeded) == 1
    with read_scope(db_url) as s:
        assert s.scalar(select(func.count()).select_from(User)) == len(seed.DEMO_ACCOUNTS)
        demo_processes = select(func.count()).select_from(Process).where(Process.title == seed.PROCESS_TITLE)
        assert s.scalar(demo_processes) == 1
