"""How strong a password must be where it matters most: the first administrator's.

Rules a person can follow from the message alone: long enough, not the username, not a
password printed in our own README, not one of the passwords every guessing list starts
with. A password that passes is hashed with bcrypt like any other (services.admin.users).
"""

from __future__ import annotations

import re
import unicodedata

from services.admin.users import validate_password
from services.common.errors import InvalidInput

ADMIN_PASSWORD_MIN_LENGTH = 12

# Printed in the README and on the demo's sign-in page, so known to everyone.
PUBLISHED_DEMO_PASSWORDS = frozenset(
    {"demo-admin-2026", "demo-facilitator-2026", "demo-leader-2026", "demo-politician-2026"}
)

# The heads of the public lists of leaked passwords that are long enough to pass the
# length rule, and the obvious local ones; compared without case, spaces, digits at the
# end or punctuation, so "Password2026!" is "password".
COMMON_STEMS = frozenset(
    {
        "password",
        "passw0rd",
        "adgangskode",
        "kodeord",
        "passord",
        "administrator",
        "admin",
        "qwertyuiop",
        "qwertyuiopå",
        "asdfghjkl",
        "asdfghjklæø",
        "zxcvbnm",
        "iloveyou",
        "letmein",
        "welcome",
        "velkommen",
        "sommer",
        "vinter",
        "foraar",
        "forår",
        "efterår",
        "høst",
        "samskab",
        "samskabelse",
        "kommune",
        "changeme",
        "secret",
        "hemmelig",
        "abcdefghijkl",
        "abcdefgh",
        "football",
        "fodbold",
        "dragon",
        "monkey",
        "sunshine",
        "princess",
        "trustno",
        "",
    }
)


def _stem(password: str) -> str:
    lowered = unicodedata.normalize("NFC", password).lower()
    letters = re.sub(r"[\W_]+", "", lowered)
    return letters.rstrip("0123456789")


def check_admin_password(password: str | None, *, username: str) -> str:
    """The password if it is strong enough for an administrator; else InvalidInput saying why."""
    password = validate_password(password)
    if len(password) < ADMIN_PASSWORD_MIN_LENGTH:
        raise InvalidInput("error.password_short", min=ADMIN_PASSWORD_MIN_LENGTH)
    lowered = password.lower()
    if username and username.lower() in lowered:
        raise InvalidInput("error.password_has_username")
    if password in PUBLISHED_DEMO_PASSWORDS or lowered.startswith("demo-"):
        raise InvalidInput("error.password_demo")
    # Only digits and signs leave an empty stem: a date or a PIN, guessed early.
    if _stem(password) in COMMON_STEMS or len(set(lowered)) <= 3:
        raise InvalidInput("error.password_common")
    return password
