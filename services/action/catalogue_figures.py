"""The figures above a process's inspiration catalogue: what it holds and what came of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from services.action.catalogue import Candidate, Catalogue


@dataclass(frozen=True)
class CatalogueFigures:
    entries: int
    sections: int
    ideas: int  # the visible, surviving ideas of the process's workshops
    became_initiatives: int  # entries that at least one initiative came from


def catalogue_figures(book: Catalogue, ideas: Sequence[Candidate]) -> CatalogueFigures:
    """Counted from the catalogue and candidates the page has already read (no second query)."""
    return CatalogueFigures(
        entries=len(book.entries),
        sections=len(book.sections),
        ideas=len(ideas),
        became_initiatives=sum(1 for entry in book.entries if entry.initiatives),
    )
