"""A process keeps its database connections through bursts of requests instead of opening
and closing one for most of them (a room of 1,000 tablets spent 3.5 % of the server's busy
time connecting to SQLite; on PostgreSQL every connection is a new server process)."""

import threading

from sqlalchemy import event, text

from db.session import engine_for, read_scope

BURST = 15  # concurrent requests, as a room's burst of polls brings them


def _request(url: str, all_in: threading.Barrier) -> None:
    with read_scope(url) as session:
        session.execute(text("SELECT 1"))
        all_in.wait(10)  # every request of the burst holds its connection now


def test_a_burst_of_requests_opens_each_connection_once_and_keeps_it(db_url):
    opened: list[int] = []

    def connected(*_args: object) -> None:
        opened.append(1)

    engine = engine_for(db_url)
    event.listen(engine, "connect", connected)
    try:
        for _ in range(3):
            all_in = threading.Barrier(BURST)

            threads = [threading.Thread(target=_request, args=(db_url, all_in)) for _ in range(BURST)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(20)
            assert not all_in.broken
    finally:
        event.remove(engine, "connect", connected)
    assert len(opened) <= BURST
