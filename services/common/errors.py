"""The exceptions services raise; each carries an i18n key the page shows to the user.

DomainError                 anything a user did that the domain refuses
├── InvalidInput            bad input: empty, too long, control characters, wrong format
├── NotFound                no such thing: unknown join code, tampered participant link
├── NotAllowed              the user's role may not do this
└── Conflict                the current state forbids it
    ├── WrongPhase          the workshop is not in a phase that allows this
    ├── WorkshopClosed      a closed workshop is read-only
    ├── LimitReached        a budget or cap is used up (dots, login attempts)
    └── ChangedMeanwhile    someone else changed it first (another facilitator, another tablet)
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refusal with a message key (`key`) and the values its text needs (`params`).

    A param named `field` holds a field key; pages translate it as `field.<name>`.
    """

    def __init__(self, key: str, /, **params: Any) -> None:
        # Positional-only: a message may well have a `{key}` of its own (an age band's name).
        super().__init__(key)
        self.key = key
        self.params = params

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r}, {self.params!r})"


class InvalidInput(DomainError):
    pass


class NotFound(DomainError):
    pass


class NotAllowed(DomainError):
    pass


class Conflict(DomainError):
    pass


class WrongPhase(Conflict):
    pass


class WorkshopClosed(Conflict):
    pass


class LimitReached(Conflict):
    pass


class ChangedMeanwhile(Conflict):
    """Lost a race: what the user acted on was changed by someone else a moment before.

    Not the user's mistake; looking again and repeating the action is the way out.
    """
