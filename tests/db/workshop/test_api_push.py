"""The board's push route (/api/board/<code>/events) over real HTTP, on a real database.

Served by uvicorn in a thread: a held response never ends, which Starlette's test client
(it waits for the whole body) cannot read.
"""

from __future__ import annotations

import asyncio
import http.client
import itertools
import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from starlette.applications import Starlette

from api import board as board_api
from api import board_changes, board_delta, board_ideas, board_push
from db.session import session_scope
from services.workshop import board, ideas, participants, votes
from tests import aio
from tests.factories import make_idea, make_participant, make_workshop
from tests.when import pause

# Every test here holds real HTTP responses open and times what arrives.
pytestmark = pytest.mark.realtime


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(db_url) -> Iterator[str]:
    port = _free_port()
    app = Starlette(routes=[*board_api.routes(), *board_ideas.routes(), *board_push.routes()])
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started and time.monotonic() < deadline:
        pause(0.02)
    assert running.started
    yield f"127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)


class Listener:
    """One tablet's held events response: each message's version and when it came."""

    def __init__(self, address: str, code: str, token: str | None = None) -> None:
        self.conn = http.client.HTTPConnection(address, timeout=5)
        headers = {board_api.TOKEN_HEADER: token} if token else {}
        self.conn.request("GET", f"/api/board/{code}/events", headers=headers)
        self.reply = self.conn.getresponse()

    def next(self) -> tuple[str, float]:
        """The next version pushed (heartbeats skipped), and the moment it arrived."""
        message, arrived = self.message()
        return message["v"], arrived

    def message(self) -> tuple[dict, float]:
        """The next message pushed (heartbeats skipped), and the moment it arrived."""
        while True:
            line = self.reply.readline().decode()
            if line.startswith("data:"):
                return json.loads(line[5:]), time.monotonic()

    def close(self) -> None:
        self.conn.close()


@pytest.fixture
def collecting(session):
    w = make_workshop(session, phase="collect")
    me, token = make_participant(session, w)
    session.commit()
    return w, me, token


def _add_idea_later(db_url, token: str, seconds: float, done: list[float]) -> threading.Thread:
    def write():
        pause(seconds)
        with session_scope(db_url) as s:
            me = participants.participant_by_token(s, token)
            theme_id = me.workshop.themes[0].id
            ideas.add_idea(s, me, theme_id=theme_id, title=f"Bænke ved søen {theme_id}")
        done.append(time.monotonic())

    thread = threading.Thread(target=write)
    thread.start()
    return thread


def test_the_first_message_is_the_current_version_and_a_new_idea_follows_within_a_second(
    server, collecting, db_url
):
    w, _me, token = collecting
    listener = Listener(server, w.code, token)
    try:
        assert listener.reply.status == 200
        assert listener.reply.headers["content-type"].startswith("text/event-stream")
        assert listener.reply.headers["cache-control"] == "no-store"
        first, _ = listener.next()
        with session_scope(db_url) as s:
            assert first == board.version_for_code(s, w.code)[1]
        committed: list[float] = []
        writer = _add_idea_later(db_url, token, 0.3, committed)
        pushed, arrived = listener.next()
        writer.join()
        assert pushed != first
        with session_scope(db_url) as s:
            assert pushed == board.version_for_code(s, w.code)[1]
        assert arrived - committed[0] < 1.0
    finally:
        listener.close()


def test_a_room_of_listeners_shares_one_look_up_of_the_version(server, collecting, db_url, monkeypatch):
    w, _me, token = collecting
    looked_up: list[str] = []
    real = board.board_state_for_code

    def counted(session, code):
        looked_up.append(code)
        return real(session, code)

    monkeypatch.setattr(board, "board_state_for_code", counted)
    room = [Listener(server, w.code, token) for _ in range(8)]
    try:
        firsts = {listener.next()[0] for listener in room}
        assert len(firsts) == 1
        assert board_push.listeners(w.code) == 8
        looked_up.clear()
        committed: list[float] = []
        _add_idea_later(db_url, token, 0.1, committed).join()
        pause(1.0)
        news = {listener.next()[0] for listener in room}
        assert len(news) == 1 and news != firsts
        # About four look-ups a second for the room, however many tablets listen (not 8 x 4).
        assert 2 <= len(looked_up) <= 8
    finally:
        for listener in room:
            listener.close()


def test_an_unknown_code_is_refused_before_anything_is_held(server):
    conn = http.client.HTTPConnection(server, timeout=5)
    conn.request("GET", "/api/board/AAAAAA/events")
    assert conn.getresponse().status == 404
    conn.close()


def _dot(address: str, code: str, token: str, idea_id: int) -> dict:
    conn = http.client.HTTPConnection(address, timeout=5)
    body = json.dumps({"token": token, "idea_id": idea_id, "change": 1, "lang": "da"})
    conn.request("POST", f"/api/board/{code}/dots", body=body, headers={"Content-Type": "application/json"})
    reply = json.loads(conn.getresponse().read())
    conn.close()
    return reply


def test_with_votes_shown_a_room_voting_moves_the_board_at_most_once_a_second(server, session, db_url):
    w = make_workshop(session, phase="vote", dot_budget=30, dots_per_idea=30, hide_votes_until_reveal=False)
    idea = make_idea(session, w)
    _, token = make_participant(session, w)
    session.commit()
    listener = Listener(server, w.code, token)
    seen: list[tuple[str, float]] = []
    try:
        seen.append(listener.next())
        stop = threading.Event()

        def listen():
            while not stop.is_set():
                try:
                    seen.append(listener.next())
                except (TimeoutError, OSError):
                    return

        reader = threading.Thread(target=listen, daemon=True)
        reader.start()
        # 20 dots in about 2 s: each one bumps the stored votes counter.
        for _ in range(20):
            assert _dot(server, w.code, token, idea.id)["ok"] is True
            pause(0.1)
        pause(1.6)  # the last held change shows within a second and a check
        stop.set()
        with session_scope(db_url) as s:
            stored = board.version_for_code(s, w.code)[1]
        # The dots themselves all counted, and the stored counter moved with each.
        assert stored.split(".")[1] == "20"
        versions = [v for v, _ in seen]
        assert versions[-1] == stored  # the last change did arrive
        moves = [at for (v, at), (before, _) in zip(seen[1:], seen, strict=False) if v != before]
        assert 2 <= len(moves) <= 5  # not 20
        # Held at least a second apart by the server; measured here on arrival, where a loaded
        # machine adds delivery jitter to each end of a gap (0.79 s seen once under faketime).
        gaps = [later - earlier for earlier, later in itertools.pairwise(moves)]
        assert all(gap >= 0.6 for gap in gaps), gaps
        assert moves[-1] - moves[0] >= 0.9 * len(gaps), gaps
    finally:
        listener.close()


def test_a_poll_right_after_a_dot_sees_the_coalesced_version(server, session):
    w = make_workshop(session, phase="vote", dot_budget=5, dots_per_idea=5, hide_votes_until_reveal=False)
    idea = make_idea(session, w)
    _, token = make_participant(session, w)
    session.commit()

    def version() -> str:
        conn = http.client.HTTPConnection(server, timeout=5)
        conn.request("GET", f"/api/board/{w.code}/version")
        v = json.loads(conn.getresponse().read())["v"]
        conn.close()
        return v

    before = version()
    _dot(server, w.code, token, idea.id)
    pause(1.1)  # past the version cache and a quiet second
    first = version()
    assert first.split(".")[1] == "1" and first != before
    _dot(server, w.code, token, idea.id)
    pause(0.6)  # past the version cache, within the second
    assert version() == first  # the second dot's count waits
    pause(0.6)
    assert version().split(".")[1] == "2"


def test_a_dot_from_the_participants_other_device_is_told_to_their_tablets_only(server, session, db_url):
    """Hidden votes: a dot moves no version, so the push tells each tablet its own
    participant's count of dots spent; a tablet asks for its own state only when that moved."""
    w = make_workshop(session, phase="vote", hide_votes_until_reveal=True)
    idea = make_idea(session, w)
    me, token = make_participant(session, w)
    _, neighbour = make_participant(session, w)
    session.commit()
    mine, theirs = Listener(server, w.code, token), Listener(server, w.code, neighbour)
    try:
        first, _ = mine.message()
        assert first["dots_used"] == 0
        assert theirs.message()[0]["dots_used"] == 0
        with session_scope(db_url) as s:  # the participant's phone
            votes.add_dot(s, me.id, idea.id)
        told, _ = mine.message()
        assert (told["v"], told["dots_used"]) == (first["v"], 1)
        # The neighbour hears nothing new: its socket times out waiting (nothing but heartbeats).
        theirs.conn.sock.settimeout(1.5)
        with pytest.raises(TimeoutError):
            theirs.message()
    finally:
        mine.close()
        theirs.close()


def _snapshot(address: str, code: str, token: str) -> dict:
    conn = http.client.HTTPConnection(address, timeout=5)
    conn.request("GET", f"/api/board/{code}/snapshot", headers={board_api.TOKEN_HEADER: token})
    got = json.loads(conn.getresponse().read())
    conn.close()
    return got


def test_a_participant_is_told_what_changed_and_holds_the_new_board_without_asking(
    server, collecting, db_url
):
    """The push carries the change from the board the tablet holds: applied to it, it is the
    board /snapshot serves, and a stranger (no participant's token) hears the version only."""
    w, _me, token = collecting
    mine, stranger = Listener(server, w.code, token), Listener(server, w.code)
    try:
        first, _ = mine.message()
        assert "change" not in first  # it fetches its board at join
        assert stranger.message()[0]["v"] == first["v"]
        held = _snapshot(server, w.code, token)
        assert held["version"] == first["v"]
        _add_idea_later(db_url, token, 0.1, []).join()
        told, _ = mine.message()
        assert told["base"] == first["v"] and told["v"] != first["v"]
        assert [idea["title"] for idea in told["change"]["ideas"]["set"]] == [
            f"Bænke ved søen {w.themes[0].id}"
        ]
        assert board_delta.apply(held, told["change"], told["v"]) == _snapshot(server, w.code, token)
        heard, _ = stranger.message()
        assert heard["v"] == told["v"] and "change" not in heard
    finally:
        mine.close()
        stranger.close()


def test_while_a_room_is_followed_its_snapshot_is_the_one_its_listeners_were_told_and_nothing_newer_is_built(
    server, collecting, db_url, monkeypatch
):
    """Joins, hints and catch-ups of a busy room asked for the newest version, and each new
    version was built for them: with a listener here, the watcher's snapshot is served."""
    monkeypatch.setattr(board_push, "PUSH_CHECK_SECONDS", 30.0)  # the watcher looks once, at the start
    w, _me, token = collecting
    listener = Listener(server, w.code, token)
    try:
        told = listener.message()[0]["v"]
        built: list[int] = []
        building = board.snapshot
        monkeypatch.setattr(
            board, "snapshot", lambda s, workshop_id: built.append(workshop_id) or building(s, workshop_id)
        )
        _add_idea_later(db_url, token, 0, []).join()
        board_api.forget_version(w.code)  # this process looks the new version up at once
        assert board_api._version(w.code)[1] != told
        served = _snapshot(server, w.code, token)
        assert served["version"] == told and served["ideas"] == []
        # The look-alike hint compares with the same board: the new idea is not on it yet.
        conn = http.client.HTTPConnection(server, timeout=5)
        body = json.dumps({"token": token, "title": "Bænke ved søen", "lang": "da"})
        conn.request("POST", f"/api/board/{w.code}/similar", body, {"Content-Type": "application/json"})
        hint = json.loads(conn.getresponse().read())
        conn.close()
        assert hint == {"ok": True, "similar": []}
        assert built == []
    finally:
        listener.close()


def _boards(count: int) -> list[dict]:
    """Boards "1.0", "2.0" …, each with one idea more than the one before."""
    return [
        {
            "version": f"{n}.0",
            "workshop": {"phase": "collect"},
            "themes": [],
            "clusters": [],
            "participants": n,
            "ideas": [{"id": k, "title": f"Idé {k}"} for k in range(n, 0, -1)],
        }
        for n in range(1, count + 1)
    ]


def _move(room: board_push.Room, old: dict, new: dict, change: bool = True) -> None:
    """What the watcher does for a new version (board_push._check), without a database."""
    encoded = json.dumps(board_delta.between(old, new), ensure_ascii=False, separators=(",", ":"))
    board_push._moved(room, 7, new["version"], new, encoded if change else "")
    board_push._wake(room)


def _messages(said: bytes) -> list[dict]:
    """The SSE messages in what one listener was sent at once."""
    blocks = said.decode().split("\n\n")
    return [json.loads(block.removeprefix("data:")) for block in blocks if block.startswith("data:")]


def _follow(held: dict, messages: list[dict]) -> dict:
    """A tablet applying each pushed change to the board it holds; every one must fit."""
    for message in messages:
        if "change" in message:
            assert message["base"] == held["version"], (message["base"], held["version"])
            after = board_delta.apply(held, message["change"], message["v"])
            assert after is not None
            held = after
    return held


def test_a_listener_that_missed_wakes_is_sent_each_change_since_the_version_it_was_sent():
    """Under load a response is woken once for several versions (it was being sent, or the
    loop was behind). It is sent each change from the version it was sent last, in order,
    the room's bytes shared by every listener as far behind; a stranger, the version alone."""
    boards = _boards(7)

    async def run() -> tuple[list[bytes], list[bytes], list[bytes], board_push.Room]:
        room = board_push.Room("ABCDEF", asyncio.get_running_loop())
        board_push._moved(room, 7, "1.0", boards[0], "")
        mine, twin = board_push._stream(room, (42, 7)), board_push._stream(room, (43, 7))
        stranger = board_push._stream(room, None)
        streams = (mine, twin, stranger)
        said: list[list[bytes]] = [[await anext(stream)] for stream in streams]
        # Two wakes while nobody was listening: each response catches up at once when it
        # is read again, not at the next wake.
        for old, new in itertools.pairwise(boards[:3]):
            _move(room, old, new)
        for out, stream in zip(said, streams, strict=True):
            out.append(await asyncio.wait_for(anext(stream), 1.0))
        # One wake, listened for: the one change.
        waiting = [asyncio.ensure_future(anext(stream)) for stream in streams]
        await asyncio.sleep(0.05)
        _move(room, boards[2], boards[3])
        for out, task in zip(said, waiting, strict=True):
            out.append(await asyncio.wait_for(task, 1.0))
        # Three more missed.
        for old, new in itertools.pairwise(boards[3:]):
            _move(room, old, new)
        for out, stream in zip(said, streams, strict=True):
            out.append(await asyncio.wait_for(anext(stream), 1.0))
        for stream in streams:
            await stream.aclose()
        return said[0], said[1], said[2], room

    mine, twin, stranger, room = aio.run(run())
    assert [len(_messages(said)) for said in mine] == [1, 2, 1, 3]
    assert "change" not in _messages(mine[0])[0]  # its tablet fetches the board at join
    # Applied in order, the changes turn the board fetched at join into the newest.
    assert _follow(boards[0], [m for said in mine for m in _messages(said)]) == boards[-1]
    # Only the newest message of a chain says the time; the others are the room's steps.
    caught_up = _messages(mine[3])
    assert ["now" in m for m in caught_up] == [False, False, True]
    assert [(m["base"], m["v"]) for m in caught_up] == [("4.0", "5.0"), ("5.0", "6.0"), ("6.0", "7.0")]
    assert mine[3].startswith(room.changes.steps[-3].said + room.changes.steps[-2].said)
    # Encoded once for the room: a listener as far behind is sent the very same bytes.
    assert all(a is b for a, b in zip(mine[1:], twin[1:], strict=True))
    assert [m["v"] for said in stranger for m in _messages(said)] == ["1.0", "3.0", "4.0", "7.0"]
    assert not any("change" in m for said in stranger for m in _messages(said))


def test_a_listener_further_behind_than_the_room_remembers_is_sent_the_version_alone():
    """The room keeps the last board_changes.SIZE changes: a listener sent the version the
    oldest of them starts from still catches up by push; one a version older fetches."""
    size = board_changes.SIZE
    boards = _boards(size + 2)

    async def run() -> tuple[bytes, bytes]:
        room = board_push.Room("ABCDEF", asyncio.get_running_loop())
        board_push._moved(room, 7, "1.0", boards[0], "")
        older, oldest_kept = board_push._stream(room, (42, 7)), board_push._stream(room, (43, 7))
        await anext(older)
        _move(room, boards[0], boards[1])
        await anext(oldest_kept)  # sent 2.0 (and no change: a new listener fetches)
        for old, new in itertools.pairwise(boards[1:]):
            _move(room, old, new)
        got = await asyncio.wait_for(anext(older), 1.0), await asyncio.wait_for(anext(oldest_kept), 1.0)
        for stream in (older, oldest_kept):
            await stream.aclose()
        return got

    older, oldest_kept = aio.run(run())
    assert _messages(older) == [{"v": boards[-1]["version"], "now": _messages(older)[0]["now"]}]
    chain = _messages(oldest_kept)
    assert len(chain) == size and chain[0]["base"] == "2.0"
    assert _follow(boards[1], chain) == boards[-1]


def test_a_version_with_no_change_worth_pushing_ends_the_chain():
    """Versions 2.0 and 4.0 came with their change, 3.0 with none (over 64 KB, say): a
    listener sent 1.0 cannot get past 3.0 by push and fetches; one sent 3.0 is told 4.0."""
    boards = _boards(4)

    async def run() -> tuple[bytes, bytes]:
        room = board_push.Room("ABCDEF", asyncio.get_running_loop())
        board_push._moved(room, 7, "1.0", boards[0], "")
        behind, caught_up = board_push._stream(room, (42, 7)), board_push._stream(room, (43, 7))
        await anext(behind)
        _move(room, boards[0], boards[1])
        _move(room, boards[1], boards[2], change=False)
        await anext(caught_up)
        _move(room, boards[2], boards[3])
        got = await asyncio.wait_for(anext(behind), 1.0), await asyncio.wait_for(anext(caught_up), 1.0)
        for stream in (behind, caught_up):
            await stream.aclose()
        return got

    behind, caught_up = aio.run(run())
    assert [("change" in m, m["v"]) for m in _messages(behind)] == [(False, "4.0")]
    assert _follow(boards[2], _messages(caught_up)) == boards[3]


def test_a_listener_that_missed_wakes_ends_up_with_the_board_the_room_serves(collecting, db_url):
    """On a real database, through the watcher's own check: three ideas added while the
    listener's response was not read; read again, it brings the board fetched at join to
    the one /snapshot serves, with no fetch between."""
    w, _me, token = collecting
    theme_id = w.themes[0].id

    def snapshot_now() -> dict:
        """The board as /snapshot serves it: JSON, as the tablet holds it."""
        with session_scope(db_url) as s:
            found = board.cached_snapshot(s, w.code)
            assert found is not None
            return json.loads(json.dumps(found))

    async def run() -> tuple[dict, list[dict]]:
        room = board_push.Room(w.code, asyncio.get_running_loop())
        assert await board_push._check(room)
        stream = board_push._stream(room, board_push._participant_of(token))
        first = _messages(await anext(stream))
        held = snapshot_now()
        assert held["version"] == first[0]["v"]
        for n in range(3):
            with session_scope(db_url) as s:
                me = participants.participant_by_token(s, token)
                ideas.add_idea(s, me, theme_id=theme_id, title=f"Bænk nummer {n}")
            board_api.forget_version(w.code)  # as a write of this process does
            assert await board_push._check(room)
        said = await asyncio.wait_for(anext(stream), 2.0)
        await stream.aclose()
        return held, _messages(said)

    held, chain = aio.run(run())
    assert len(chain) == 3 and chain[-1]["dots_used"] == 0
    assert _follow(held, chain) == snapshot_now()
    assert {idea["title"] for idea in snapshot_now()["ideas"]} >= {f"Bænk nummer {n}" for n in range(3)}


def test_a_failed_look_up_is_logged_and_the_room_still_hears_the_next_change(
    server, collecting, db_url, monkeypatch, json_log
):
    w, _me, token = collecting
    listener = Listener(server, w.code, token)
    real, failures = board_push._spent, [RuntimeError("the database restarted")]

    def flaky(workshop_id):
        if failures:
            raise failures.pop()
        return real(workshop_id)

    try:
        first, _ = listener.message()
        monkeypatch.setattr(board_push, "_spent", flaky)
        _add_idea_later(db_url, token, 0.1, []).join()
        told, _ = listener.message()
        assert told["v"] != first["v"] and not failures
        (logged,) = json_log.events("error.unexpected")
        assert logged["where"] == "board_push.watch"
        assert "RuntimeError: the database restarted" in logged["traceback"]
    finally:
        listener.close()


def test_a_count_of_dots_that_moved_wakes_only_its_participants_listeners_and_all_hear_the_beat():
    """Hidden votes move counts at every check: only the listeners of a participant whose
    count moved are woken (a room of 1,000 woke whole for the thirty who dotted). The
    heartbeat, one timer for the room, still reaches every listener."""
    board = _boards(1)[0]

    async def run() -> tuple[list[bool], bytes, list[bool], list[bytes]]:
        room = board_push.Room("ABCDEF", asyncio.get_running_loop())
        board_push._moved(room, 7, "1.0", board, "")
        room.spent = {42: 0, 43: 0}
        streams = [board_push._stream(room, (42, 7)), board_push._stream(room, (43, 7))]
        streams.append(board_push._stream(room, None))
        for stream in streams:
            await anext(stream)
        waiting = [asyncio.ensure_future(anext(stream)) for stream in streams]
        await asyncio.sleep(0.05)
        board_push._told_of_dots(room, {42: 1, 43: 0})
        woken = [wake.is_set() for wake in room.listening]
        told = await asyncio.wait_for(waiting[0], 1.0)
        await asyncio.sleep(0.1)
        still_waiting = [not task.done() for task in waiting[1:]]
        board_push._beat_if_due(room)  # due: this room's first beat was never set
        beats = [await asyncio.wait_for(task, 1.0) for task in waiting[1:]]
        for stream in streams:
            await stream.aclose()
        return woken, told, still_waiting, beats

    woken, told, still_waiting, beats = aio.run(run())
    assert woken == [True, False, False]
    (message,) = _messages(told)
    assert (message["v"], message["dots_used"]) == ("1.0", 1) and "change" not in message
    assert still_waiting == [True, True]
    assert beats == [b": still here\n\n"] * 2
