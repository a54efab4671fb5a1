"""Showing user text literally inside Streamlit's Markdown (headings, captions, labels)."""

from __future__ import annotations

import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of
# them also defuses Streamlit's own syntax (:red[...], :material/icon:, $math$).
_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


def literal(text: str | None) -> str:
    """`text` as Markdown that renders exactly as typed: no bold, links, HTML or math."""
    lines = (text or "").split("\n")
    # Leading spaces would turn a line into a code block; a hard break keeps line breaks.
    return "  \n".join(_PUNCTUATION.sub(r"\\\1", line.strip()) for line in lines)
