"""How an idea and its support read in a table: where it was born, its dots and who gave them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from i18n import t
from services.action.catalogue import Candidate
from services.action.lineage import OriginIdea


def _dots_by_group(dots: Mapping[str, int]) -> str:
    """Dots per stakeholder group, the largest first: "Borger 8 · Frivillig 6"."""
    return " · ".join(f"{t(f'group.{g}')} {d}" for g, d in sorted(dots.items(), key=lambda kv: -kv[1]))


def support_columns(ideas: Sequence[Candidate | OriginIdea]) -> dict[str, list]:
    """The first columns of a table of ideas: the idea, its workshop and theme, and its support."""
    return {
        t("catalogue.idea"): [i.title for i in ideas],
        t("field.workshop"): [i.workshop_title for i in ideas],
        t("field.theme"): [i.theme for i in ideas],
        t("catalogue.dots"): [i.dots for i in ideas],
        t("catalogue.voters"): [i.voters for i in ideas],
        t("catalogue.by_group"): [_dots_by_group(i.dots_by_group) for i in ideas],
    }
