"""How an idea's support reads in a table cell."""

from __future__ import annotations

from collections.abc import Mapping

from i18n import t


def dots_by_group(dots: Mapping[str, int]) -> str:
    """Dots per stakeholder group, the largest first: "Borger 8 · Frivillig 6"."""
    return " · ".join(f"{t(f'group.{g}')} {d}" for g, d in sorted(dots.items(), key=lambda kv: -kv[1]))
