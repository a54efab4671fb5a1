"""TCP_NODELAY on every connection the server accepts, so no response waits for a delayed ACK.

asyncio turns Nagle's algorithm off on each connection it accepts, but only when the
listening socket says it is TCP (`proto == IPPROTO_TCP`, asyncio's `_set_nodelay`).
Streamlit 1.67 binds its listening socket as `socket.socket(family)`, whose proto is 0, so
its accepted connections keep Nagle on. uvicorn writes a response's headers and body in
two sends; the body then waits for the client's delayed ACK of the headers: 40 ms on
every request after the first on a kept-alive connection (docs/performance.md).

`streamlit run app.py` binds the socket before it imports app.py (the st.App is found by
reading the file, then uvicorn imports it), so this cannot change how the socket is made.
It changes what asyncio does with each connection it accepts, which starts only after
uvicorn has imported the app: installed at import, it is in place for every connection.
With uvloop installed (requirements.txt), uvicorn runs on its loop, whose transports turn
Nagle off themselves; this covers the standard loop (Windows, or an install without it).
tests/e2e/test_no_delayed_ack.py measures the kept-alive request either way.
"""

from __future__ import annotations

import socket
from asyncio import base_events

_TCP = (socket.AF_INET, socket.AF_INET6)


def _set_nodelay(sock: socket.socket) -> None:
    # proto 0 on a stream socket of an internet family is TCP: the default protocol.
    if sock.family in _TCP and sock.type == socket.SOCK_STREAM and sock.proto in (0, socket.IPPROTO_TCP):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def accept_without_delay() -> None:
    """Every TCP connection asyncio accepts or opens from now on in this process has Nagle off."""
    base_events._set_nodelay = _set_nodelay  # type: ignore[attr-defined]


def in_place() -> bool:
    return base_events._set_nodelay is _set_nodelay  # type: ignore[attr-defined]
