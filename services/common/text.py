"""Validation of what users type: trimmed, normalised, bounded, free of control characters."""

from __future__ import annotations

import re
import unicodedata
from typing import Literal, overload

from services.common.errors import InvalidInput

# Bidirectional overrides can make text display differently from what it says; ordinary
# right-to-left writing needs none of them.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def plain(value: object) -> str:
    """Text from outside as both databases can store and compare it: one place for all of it.

    NFC; a lone surrogate (no keyboard types one, but a crafted request can send it, and
    UTF-8 cannot encode it) becomes U+FFFD; NUL, which PostgreSQL refuses in text, is
    dropped. For look-ups (codes, tokens, searches, usernames): what `clean_text` would
    refuse as input, a look-up simply does not find.
    """
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    if text.isascii():
        return text.replace("\x00", "")
    text = _SURROGATE.sub("\ufffd", text)
    return unicodedata.normalize("NFC", text).replace("\x00", "")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogate(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def clean_text(
    value: str | None,
    *,
    field: str,
    max_len: int,
    required: bool = True,
    multiline: bool = False,
) -> str:
    """`value` trimmed and NFC-normalised, or InvalidInput naming `field`."""
    text = value if isinstance(value, str) else ""
    if _has_surrogate(text):
        raise InvalidInput("error.control_characters", field=field)
    text = unicodedata.normalize("NFC", text).strip()
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    allowed = {"\n", "\t"} if multiline else set()
    for ch in text:
        if ch in allowed:
            continue
        # Cs: a lone surrogate, which no keyboard types and UTF-8 cannot store.
        if unicodedata.category(ch) in ("Cc", "Cs") or ch in _BIDI_CONTROLS:
            raise InvalidInput("error.control_characters", field=field)
    if not text:
        if required:
            raise InvalidInput("error.required", field=field)
        return ""
    if len(text) > max_len:
        raise InvalidInput("error.too_long", field=field, max=max_len, length=len(text))
    return text


@overload
def one_of(
    value: str | None, allowed: tuple[str, ...], *, field: str, required: Literal[True] = True
) -> str: ...
@overload
def one_of(value: str | None, allowed: tuple[str, ...], *, field: str, required: bool) -> str | None: ...
def one_of(value: str | None, allowed: tuple[str, ...], *, field: str, required: bool = True) -> str | None:
    """`value` if it is one of `allowed`; None if empty and optional; else InvalidInput."""
    if value in (None, ""):
        if required:
            raise InvalidInput("error.required", field=field)
        return None
    if value not in allowed:
        raise InvalidInput("error.not_a_choice", field=field)
    return value


EMAIL_MAX = 254
# Deliberately loose: one @, something on both sides, a dot in the domain, no spaces.
# Whether an address works shows when mail is sent; stricter rules refuse real ones.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def clean_email(value: str | None) -> str | None:
    """An e-mail address, trimmed; None for none; InvalidInput if it cannot be one."""
    text = unicodedata.normalize("NFC", (value or "")).strip()
    if not text:
        return None
    if len(text) > EMAIL_MAX or not _EMAIL.fullmatch(text):
        raise InvalidInput("error.email_address")
    return text
