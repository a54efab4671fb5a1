"""PDFs print what participants typed as typed: no markup applied, no live links made of it."""

from __future__ import annotations

import dataclasses
import io

from pypdf import PdfReader

from services.action import catalogue_export, curation
from services.admin.permissions import SYSTEM
from services.insight import summary, summary_pdf
from services.insight.bridging import RankedIdea
from tests.factories import make_idea, make_process, make_workshop
from tests.when import TODAY

# Short enough that neither PDF shortens them, so each must appear whole.
TYPED = ["<b>x</b>", "**fed**", "[a](http://evil.example)", "https://evil.example", "=1+1"]


def _read(data: bytes) -> tuple[str, list[str]]:
    """The text a reader extracts, and the target of every link annotation on any page."""
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    targets = []
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            action = ref.get_object().get("/A") or {}
            targets.append(str(action.get("/URI", action.get("/D", ""))))
    return text, targets


def test_the_catalogue_pdf_prints_hostile_titles_as_typed_and_links_none(session):
    process = make_process(session, title=TYPED[3])
    workshop = make_workshop(session, process_id=process.id, phase="results", themes=["Tema"])
    ideas = [make_idea(session, workshop, title=title, description=title) for title in TYPED]
    curation.add_ideas(session, process.id, [i.id for i in ideas], by_user_id=SYSTEM)
    curation.set_intro(session, process.id, " ".join(TYPED), by_user_id=SYSTEM)
    text, targets = _read(
        catalogue_export.catalogue_pdf(session, process.id, municipality="Kommune", today=TODAY)
    )
    for title in TYPED:
        assert title in text, title
    assert not any("evil" in target for target in targets), targets


def test_the_summary_pdf_prints_hostile_titles_as_typed_and_links_none(session):
    empty = summary.summary(session, today=TODAY)
    crafted = dataclasses.replace(
        empty,
        process_title=TYPED[3],
        top_ideas=tuple(
            RankedIdea(idea_id=n, title=title, workshop_title=title, dots=3, voters=2, groups=1, bridging=0.5)
            for n, title in enumerate(TYPED)
        ),
        key_initiatives=tuple(
            summary.KeyInitiative(n, title, "in_progress", 50, title, None) for n, title in enumerate(TYPED)
        ),
    )
    text, targets = _read(summary_pdf.render_pdf(crafted, municipality="Kommune"))
    for title in TYPED:
        assert title in text, title
    assert not any("evil" in target for target in targets), targets
