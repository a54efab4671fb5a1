"""Kept-alive requests answer at once: no response waits 40 ms for the client's delayed ACK.

Without TCP_NODELAY on the accepted connection, uvicorn's two sends per response (headers,
then body) make every request after the first on a connection wait for the peer's delayed
ACK: about 40 ms on Linux (runtime/tcp.py). With it, well under a millisecond here.
"""

from __future__ import annotations

import http.client
import statistics
import time
from urllib.parse import urlparse

from tests.e2e.conftest import Server

REQUESTS = 20
# Ten times what a kept-alive request takes with TCP_NODELAY on a busy 2-core machine,
# a quarter of the delayed ACK it must not wait for.
LIMIT_MS = 10


def _kept_alive_ms(server: Server, path: str) -> float:
    """The median time of REQUESTS requests on one kept-alive connection, after the first."""
    address = urlparse(server.url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port)
    times = []
    try:
        for _ in range(REQUESTS + 1):
            start = time.perf_counter()
            connection.request("GET", path)
            reply = connection.getresponse()
            reply.read()
            assert reply.status == 200, (path, reply.status)
            assert reply.getheader("connection", "").lower() != "close"
            times.append((time.perf_counter() - start) * 1000)
    finally:
        connection.close()
    return statistics.median(times[1:])


def test_health_check_on_a_kept_alive_connection_answers_without_delay(server: Server) -> None:
    assert _kept_alive_ms(server, "/_stcore/health") < LIMIT_MS


def test_the_board_version_a_tablet_polls_answers_without_delay(server: Server) -> None:
    path = f"/api/board/{server.demo.open_workshop_code}/version"
    assert _kept_alive_ms(server, path) < LIMIT_MS
