"""The room's last few pushed changes, so a listener that fell behind can still catch up.

Under load the event loop runs late: a listener's response may be woken once for two or
three new versions, and the one change of the newest wake starts from a version it was
never sent. Told only the version, its tablet fetched `/snapshot` (a 1,000-tablet run made
thousands of such fetches). The room therefore keeps the last SIZE versions' changes, each
encoded once as a push message of its own, and a listener still within them is sent the
chain from the version it was last sent up to the newest (api/board_push.py). The
messages are the same bytes for every listener of the room.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

# With votes shown the board takes a new version at most once a second: 16 s of changes,
# longer than a tablet under load waits for a snapshot it is fetching.
SIZE = 16


@dataclass(frozen=True)
class Step:
    base: str  # the version the change starts from
    version: str  # the version it makes
    change: str  # what changed, encoded JSON (api/board_delta.py)
    said: bytes  # the push message of this step alone: version, base and change


class Changes:
    """The newest steps, each following the one before it without a gap."""

    def __init__(self, size: int = SIZE) -> None:
        self.steps: deque[Step] = deque(maxlen=size)

    def add(self, step: Step) -> None:
        # A step that does not start where the last one ended (a version with no change
        # worth pushing came between) leaves nothing the older steps could reach it by.
        if self.steps and self.steps[-1].version != step.base:
            self.steps.clear()
        self.steps.append(step)

    def clear(self) -> None:
        """A new version came with no change: nobody reaches it by steps."""
        self.steps.clear()

    def newest(self) -> Step | None:
        return self.steps[-1] if self.steps else None

    def since(self, held: str, version: str, most_bytes: int) -> list[Step] | None:
        """The steps that take a board at `held` to `version`, in order; None when they do
        not end at `version`, `held` is not a version they start from, or together they are
        over `most_bytes` (then the gzipped snapshot is the cheaper way there)."""
        if not self.steps or self.steps[-1].version != version:
            return None
        for at, step in enumerate(self.steps):
            if step.base == held:
                chain = list(self.steps)[at:]
                return chain if sum(len(s.said) for s in chain) <= most_bytes else None
        return None
