"""Showing user text literally inside Streamlit's Markdown (headings, captions, labels)."""

from __future__ import annotations

import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of
# them also defuses Streamlit's own syntax (:red[...], :material/icon:, $math$).
_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")

# Escapes do not stop GFM's autolink literals: remark-gfm finds "https://…", "www.…" and
# "name@host.tld" in the text *after* escapes are resolved (checked in Chromium). An
# invisible WORD JOINER (U+2060, no line break either) splitting "://" and "www." and after
# "@" breaks the pattern: a typed address shows as typed but is never a live link. (A copy
# of it carries the invisible character; a link to a site nobody vetted is the worse harm.)
_WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)


def literal(text: str | None) -> str:
    """`text` as Markdown that renders exactly as typed: no bold, links, HTML or math."""
    lines = (text or "").split("\n")
    # Leading spaces would turn a line into a code block; a hard break keeps line breaks.
    return "  \n".join(_PUNCTUATION.sub(r"\\\1", _AUTOLINK.sub(_WORD_JOINER, line.strip())) for line in lines)


def own_address(url: str) -> str:
    """One of the app's own addresses (a join link) as Markdown, whole and copyable.

    It is not user text, so unlike `literal` it keeps no invisible joiners: a facilitator
    copies it to share, and a copy with a hidden character in "://" would be a dead link.
    """
    return _PUNCTUATION.sub(r"\\\1", url)
