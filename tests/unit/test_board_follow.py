"""How a tablet follows the room (benchmarks/board_follow.py, which does on the wire what
components/board/follow.js does), fed pushes and answers with no server: what it asks for,
and the board it ends up holding."""

from __future__ import annotations

import asyncio
import itertools

from api import board_delta
from benchmarks.board_follow import BoardFollower, Stats
from tests import aio

NOW = "2026-11-23T09:00:00Z"


def boards(count: int) -> list[dict]:
    """Boards "1.0", "2.0" …, each with one idea more than the one before."""
    return [
        {
            "version": f"{n}.0",
            "workshop": {"phase": "vote", "votes_visible": True},
            "themes": [],
            "clusters": [],
            "participants": n,
            "ideas": [{"id": k, "title": f"Idé {k}", "dots": k} for k in range(n, 0, -1)],
        }
        for n in range(1, count + 1)
    ]


def pushed(old: dict, new: dict) -> dict:
    """The push message of a new version, with its change from the one before."""
    return {"v": new["version"], "now": NOW, "base": old["version"], "change": board_delta.between(old, new)}


class Follower(BoardFollower):
    """A follower whose requests are answered by the test: each kind's answers in turn, an
    answer being what `get` returns (None: it failed) or a future the test resolves later."""

    def __init__(self, held: dict, votes_used: int = 0) -> None:
        super().__init__("http://127.0.0.1:1", "ABCDEF", Stats(), 0, {})
        self.snapshot = held
        self.set_me({"votes_used": votes_used, "my_dots": {}, "my_ideas": []})
        self.asked: list[str] = []
        self.answers: dict[str, list] = {"me": [], "snapshot": [], "version": []}

    async def get(self, kind: str) -> dict | None:
        self.asked.append(kind)
        answer = self.answers[kind].pop(0)
        return await answer if isinstance(answer, asyncio.Future) else answer


async def settle() -> None:
    """Let every task the follower started run as far as it can."""
    for _ in range(20):
        await asyncio.sleep(0)


def me(votes_used: int) -> dict:
    return {"me": {"votes_used": votes_used, "my_dots": {}, "my_ideas": []}}


def test_a_pushed_count_older_than_the_tablets_own_dot_asks_nothing():
    """The watcher read the count just before this tablet's dot committed: the push says 2
    while the dot's reply says 3. Not news, so no /me, at the push nor at any tick."""

    async def run() -> Follower:
        (board,) = boards(1)
        f = Follower(board, votes_used=2)
        f.on_push({"v": "1.0", "now": NOW, "dots_used": 2})  # the first count: as held
        f.acting = True  # the dot is on its way
        f.on_push({"v": "1.0", "now": NOW, "dots_used": 2})
        f.set_me(me(3)["me"])  # its reply
        f.acting = False
        for _ in range(4):
            f.tick()
            f.on_push({"v": "1.0", "now": NOW, "dots_used": 2})  # a new votes version, say
            await settle()
        f.on_push({"v": "1.0", "now": NOW, "dots_used": 3})  # the dot's own count: as held
        f.tick()
        await settle()
        return f

    assert "me" not in aio.run(run()).asked


def test_news_put_off_by_the_tablets_own_dots_is_checked_once_at_the_next_tick():
    """Two quick dots: the first one's count is pushed while the second is on its way, so
    it is checked at the next tick, when the tablet holds the second's. It cannot tell that
    from the other device's dot, and asks once; not at every tick after, as it did."""

    async def run() -> Follower:
        (board,) = boards(1)
        f = Follower(board, votes_used=2)
        f.answers["me"] = [me(4)]
        f.on_push({"v": "1.0", "now": NOW, "dots_used": 2})
        f.acting = True
        f.on_push({"v": "1.0", "now": NOW, "dots_used": 3})
        f.set_me(me(4)["me"])
        f.acting = False
        for _ in range(4):
            f.tick()
            f.on_push({"v": "1.0", "now": NOW, "dots_used": 3})
            await settle()
        return f

    assert aio.run(run()).asked == ["me"]


def test_a_dot_from_the_other_device_asks_for_the_tablets_own_state():
    """The pushed count moves while this tablet does nothing: /me at once. One that moves
    while the tablet's own write is on its way is asked at the next tick; a failed question
    is asked again at the tick after."""

    async def run() -> tuple[Follower, list[list[str]]]:
        (board,) = boards(1)
        f = Follower(board, votes_used=2)
        f.answers["me"] = [me(3), None, me(5)]
        seen = []
        f.on_push({"v": "1.0", "now": NOW, "dots_used": 2})
        f.on_push({"v": "1.0", "now": NOW, "dots_used": 3})  # the phone
        await settle()
        seen.append(list(f.asked))
        f.acting = True  # an idea of its own on its way; the phone spends two more
        f.on_push({"v": "1.0", "now": NOW, "dots_used": 5})
        await settle()
        seen.append(list(f.asked))
        f.acting = False
        f.tick()  # asked, and the question fails
        await settle()
        seen.append(list(f.asked))
        f.tick()
        await settle()
        f.tick()
        await settle()
        seen.append(list(f.asked))
        return f, seen

    f, seen = aio.run(run())
    assert seen == [["me"], ["me"], ["me", "me"], ["me", "me", "me"]]
    assert f.me["votes_used"] == 5


def test_changes_pushed_during_a_fetch_are_applied_after_it_without_a_second_fetch():
    """The tablet is fetching the board (told 2.0 with no change it could apply) when 3.0
    and 4.0 are pushed with their changes: kept, and applied to the fetched board."""
    one, two, three, four = boards(4)

    async def run(fetched: dict) -> Follower:
        f = Follower(one)
        answer: asyncio.Future = asyncio.get_running_loop().create_future()
        f.answers["snapshot"] = [answer]
        f.on_push({"v": "2.0", "now": NOW})  # a new stream's first message: no change
        await settle()
        assert f.asked == ["snapshot"]
        f.on_push(pushed(two, three))
        f.on_push(pushed(three, four))
        await settle()
        answer.set_result(fetched)
        await settle()
        return f

    for fetched in (two, three):  # the board served may be newer than the version pushed
        f = aio.run(run(fetched))
        assert f.asked == ["snapshot"]
        assert f.snapshot == four and not f.kept
        assert f.stats.applied == (2 if fetched is two else 1)


def test_a_chain_of_changes_is_applied_in_turn_and_a_board_never_goes_back():
    """The push catching a listener up sends each change in order; one from a version older
    than the board held is dropped, and the board is never replaced by an older one."""
    chain = boards(5)

    async def run() -> Follower:
        f = Follower(chain[1])
        f.on_push(pushed(chain[0], chain[1]))  # it holds 2.0 already
        for old, new in itertools.pairwise(chain[1:]):
            f.on_push(pushed(old, new))
        await settle()
        return f

    f = aio.run(run())
    assert f.snapshot == chain[-1] and f.asked == [] and f.stats.applied == 3


def test_a_change_the_tablet_cannot_reach_fetches_the_board():
    """Told 3.0 -> 4.0 while holding 1.0 and fetching nothing: it fetches."""
    one, _two, three, four = boards(4)

    async def run() -> Follower:
        f = Follower(one)
        f.answers["snapshot"] = [four]
        f.on_push(pushed(three, four))
        await settle()
        return f

    f = aio.run(run())
    assert f.asked == ["snapshot"] and f.snapshot == four
