"""One simulated participant tablet, doing on the wire what components/board/ does.

It joins over Streamlit's websocket (the join page, then the join run: the only script
runs a tablet makes), fetches the room's snapshot (the run carries none) and follows the
board as board.js does (benchmarks/board_follow.py).
Its person types ideas: after each typing pause past 400 ms the add-idea form asks
`POST /similar` for the look-alike hint (components/board/form.js: not for under four
characters, an empty board, or the title asked about last). Adding and commenting are
`POST /add` and `POST /comment`; the reply carries the participant's own state and the
new version, whose snapshot the board fetches at once. Dots are `POST /dots`.

Every request is timed per kind into a shared `Stats`; propagation is timed from the tap
(the request start of the add) to the moment another tablet holds the idea in a snapshot,
for ideas tapped after that tablet had joined.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from benchmarks import room_work
from benchmarks.board_follow import POLL_SECONDS, BoardFollower, Stats, newer, propagation
from benchmarks.stclient import pick, trigger

__all__ = ["COMMENT_CHANCE", "POLL_SECONDS", "Stats", "Tablet", "newer", "propagation"]

GROUPS = ("Borger", "Frivillig", "Forening", "Kommunalt ansat", "Politiker", "Virksomhed", "Andet")
GROUP_WEIGHTS = (30, 25, 15, 20, 4, 2, 4)
WORDS = tuple(
    "fællesspisning gåture kaffe besøg kørsel bænke sang have bibliotek café naboer transport".split()  # noqa: SIM905
)
CATCH_UP_SECONDS = 1.5  # board.js CATCH_UP_MS: after its own write, how long a board waits for the push
COMMENT_CHANCE = 0.6  # after each idea of their own, a person comments on someone else's


class Tablet(BoardFollower):
    asked_for = ""  # the title form.js last asked the hint about

    # --- what the person does -------------------------------------------------------------

    async def act(self, kind: str, fields: dict) -> dict | None:
        """board.js act(): an add or a comment to its route; on success the board fetches the
        version the reply names (the push then brings nothing new)."""
        tapped = time.perf_counter()
        answered = await self.post(kind, fields)
        if answered is None:
            return None
        _, reply = answered
        if not reply.get("ok"):
            if tapped >= self.stats.moved_at - 0.5:
                self.stats.late += 1
            else:
                self.stats.errors.append(f"{kind}: refused: {reply.get('message')}")
            return None
        self.set_me(reply["me"])
        if kind == "add":
            for idea_id in set(self.me["my_ideas"]) - self.mine:
                self.stats.taps[idea_id] = tapped
            self.mine |= set(self.me["my_ideas"])
            self.ideas += 1
        v = reply.get("v")
        if isinstance(v, str) and newer(v, self.target):
            self.target = v
        # board.js act(): with the push heard, wait for it to bring the change; fetch only if
        # it has not come within CATCH_UP_SECONDS (or at once without the push).
        if self.heard:
            self._later(self.catch_up, delay=CATCH_UP_SECONDS)
        else:
            self._later(self.poll, False)
        return reply

    async def catch_up(self) -> None:
        """follow.js catchUp(): the version its own write's reply named, unless pushed by now."""
        if self.behind():
            await self.poll(False)

    async def hint(self, typed: str) -> None:
        """form.js after a typing pause: the look-alike hint, unless nothing can be alike."""
        text = typed.strip()
        if len(text) < 4 or not self.snapshot["ideas"]:
            self.asked_for = ""
            return
        if text == self.asked_for:
            return
        self.asked_for = text
        await self.post("similar", {"title": text})

    async def dot(self, idea_id: int) -> None:
        """What the board does when a dot is tapped: a POST to the dots route; with votes shown
        and the push not heard, a poll."""
        answered = await self.post("dot", {"idea_id": idea_id, "change": 1}, route="dots")
        if answered is None:
            return
        _, reply = answered
        if reply["ok"]:
            self.set_me(reply["me"])
            if self.snapshot["workshop"]["votes_visible"] and not self.heard:
                self._later(self.poll)
        elif self.snapshot["workshop"]["phase"] != "vote":
            self.stats.late += 1
        else:
            self.stats.errors.append(f"dot: refused: {reply['message']}")

    def _open_idea(self, cap: int) -> int | None:
        """An idea on the board, chosen at random among those not yet at this tablet's cap.

        Drawn until one is open, rather than listing the open ones: the cap closes at most
        a budget's worth of ideas, and listing 2,000 ideas for each of 5,000 dots took a
        tenth of this generator's CPU during the vote.
        """
        ideas, mine = self.snapshot["ideas"], self.me["my_dots"]
        on_board = room_work.idea_ids(self.snapshot)
        if sum(1 for key, dots in mine.items() if dots >= cap and int(key) in on_board) >= len(ideas):
            return None
        while True:
            idea_id = self.rng.choice(ideas)["id"]
            if mine.get(str(idea_id), 0) < cap:
                return idea_id

    async def join(self) -> None:
        await self.session.connect()
        started = time.perf_counter()
        page = await self.session.run(f"code={self.code}")
        self.stats.record("open join page", started)
        group = next(w for w in page.widgets if w.label == "Jeg deltager som")
        submit = next(w for w in page.widgets if w.label == "Deltag")
        choice = self.rng.choices(GROUPS, weights=GROUP_WEIGHTS)[0]
        started = time.perf_counter()
        joined = await self.session.run(f"code={self.code}", [pick(group.id, choice), trigger(submit.id)])
        self.token = (joined.query_string or "").split("p=", 1)[1].split("&", 1)[0]
        self.set_me(joined.components["samskab_board"]["data"]["me"])
        # The page's run carries no snapshot: the board fetches the room's shared one at once,
        # and asks again each tick until it has it. The join is timed to a board it can draw.
        while (snapshot := await self.get("snapshot")) is None:
            await asyncio.sleep(POLL_SECONDS)
        self.stats.record("join", started)
        self.joined_at = time.perf_counter()
        self.adopt(snapshot)

    def collecting(self) -> bool:
        return self.snapshot["workshop"]["phase"] == "collect"

    async def think(self, seconds: float) -> bool:
        """Wait like a person thinking; False if the facilitator ended the collect phase meanwhile."""
        ends = time.monotonic() + seconds
        while time.monotonic() < ends:
            await asyncio.sleep(min(0.5, max(0.0, ends - time.monotonic())))
            if not self.collecting():
                return False
        return True

    async def write_idea(self) -> bool:
        """Type a title with 1-3 pauses (a hint asked at each), then add it; False if too late."""
        title = " ".join(self.rng.sample(WORDS, 3)).capitalize() + f" {self.rng.randint(1, 999)}"
        pauses = self.rng.randint(1, 3)
        for k in range(1, pauses + 1):
            if not await self.think(self.rng.uniform(*self.pace["typing"])):
                return False
            await self.hint(title[: len(title) * k // pauses])
        if not await self.think(self.rng.uniform(*self.pace["typing"]) / 2):
            return False
        theme = self.rng.choice(self.snapshot["themes"])["id"]
        return await self.act("add", {"theme_id": theme, "title": title, "description": ""}) is not None

    async def comment(self) -> None:
        others = [i for i in self.snapshot["ideas"] if i["id"] not in self.mine]
        if not others:
            return
        idea = self.rng.choice(others)
        if await self.think(self.rng.uniform(*self.pace["typing"]) * 2):
            body = f"Godt forslag, {self.rng.choice(WORDS)} hjælper også"
            await self.act("comment", {"idea_id": idea["id"], "body": body})

    async def live(self, collect_ends: float) -> None:
        """From joining to the last dot; `collect_ends`: when (monotonic) the vote opens."""
        await asyncio.sleep(self.rng.uniform(0, self.pace["join_window"]))
        try:
            await self.join()
        except Exception as err:  # noqa: BLE001
            self.stats.errors.append(f"join: {type(err).__name__} {err}")
            return
        followers = [asyncio.create_task(self.listen()), asyncio.create_task(self.ticker())]
        try:
            # The first idea early enough to be typed before the vote opens.
            typing = 4 * self.pace["typing"][1] + 2
            room = max(0.5, collect_ends - time.monotonic() - typing)
            wait = self.rng.uniform(0.5, min(room, self.pace["idea"][0]))
            while self.collecting() and await self.think(wait) and await self.write_idea():
                if self.rng.random() < COMMENT_CHANCE:
                    await self.comment()
                wait = self.rng.uniform(*self.pace["idea"])
            while self.snapshot["workshop"]["phase"] != "vote":
                await asyncio.sleep(0.5)
            budget = self.snapshot["workshop"]["dot_budget"]
            cap = self.snapshot["workshop"]["dots_per_idea"]
            while self.me["votes_used"] < budget and self.snapshot["workshop"]["phase"] == "vote":
                await asyncio.sleep(self.rng.uniform(*self.pace["vote"]))
                chosen = self._open_idea(cap)
                if chosen is None:
                    break
                await self.dot(chosen)
        finally:
            self.stats.ideas_per_tablet.append(self.ideas)
            self.done.set()
            for task in [*followers, *self.background]:
                task.cancel()
            await asyncio.gather(*followers, *self.background, return_exceptions=True)
            for conn in (self.http, self.dots_http):
                if conn is not None:
                    conn[1].close()
            with contextlib.suppress(Exception):
                await self.session.close()
