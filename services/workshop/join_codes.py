"""Join codes: the short code a room types to join its workshop."""

from __future__ import annotations

import secrets
import unicodedata

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from db.models import Workshop
from services.common.errors import InvalidInput, NotFound, WorkshopClosed
from services.common.text import plain
from services.workshop.phases import accepts_participants

# No look-alikes: 0/O/D/Q, 1/I/L, 2/Z, 5/S, 8/B, U/V are left out, so a code read off a
# projector at the back of the room is typed right the first time.
CODE_ALPHABET = "ACEFGHJKMNPRTWXY34679"
CODE_LENGTH = 6
# Told to whoever types one of them, so they look again at the screen rather than retype.
NEVER_IN_CODES = ", ".join(ch for ch in "BDILOQSUVZ012589" if ch not in CODE_ALPHABET)


def new_code(session: Session) -> str:
    """An unguessable join code (secrets, 21^6 ≈ 86 million) not used by any workshop."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(Workshop.id).where(Workshop.code == code)) is None:
            return code


def normalise_code(raw: str | None) -> str:
    """What the participant typed, as a code: upper case, without spaces or dashes."""
    code = unicodedata.normalize("NFKC", plain(raw)).upper()
    code = "".join(ch for ch in code if ch not in " -\t")
    if not code:
        raise InvalidInput("error.required", field="join_code")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        raise InvalidInput("error.code_format", length=CODE_LENGTH, never=NEVER_IN_CODES)
    return code


_BY_CODE = select(Workshop).where(Workshop.code == bindparam("code"))
# The join page shows the say the workshop gives, which may be its process's: one statement.
_BY_CODE_WITH_PROCESS = _BY_CODE.options(joinedload(Workshop.process, innerjoin=True))


def workshop_by_code(session: Session, raw: str | None, *, with_process: bool = False) -> Workshop:
    """The open workshop a join code names; closed workshops take no new participants.

    `with_process`: its process is loaded with it.
    """
    code = normalise_code(raw)
    workshop = session.scalar(_BY_CODE_WITH_PROCESS if with_process else _BY_CODE, {"code": code})
    if workshop is None:
        raise NotFound("error.code_unknown", code=code)
    if not accepts_participants(workshop.phase):
        raise WorkshopClosed("error.workshop_closed", title=workshop.title)
    return workshop
