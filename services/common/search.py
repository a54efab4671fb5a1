"""Free-text search in short lists (actors, activities, initiatives): case- and accent-tolerant.

Done in Python, not SQL: SQLite's lower() only folds ASCII, so "øst" would not find "Øst",
and these lists are hundreds of rows, not millions.
"""

from __future__ import annotations

from services.common.text import plain


def fold(text: str | None) -> str:
    """Lower case, NFC, whitespace collapsed: the form both sides are compared in."""
    return " ".join(plain(text).casefold().split())


def matches(query: str | None, *texts: str | None) -> bool:
    """True if every word of `query` occurs in one of `texts` (an empty query matches all)."""
    words = fold(query).split()
    haystack = "\n".join(fold(t) for t in texts)
    return all(word in haystack for word in words)
