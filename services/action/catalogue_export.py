"""The inspiration catalogue as files: a print-ready PDF, an Excel workbook and a CSV file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session

import clock
from i18n import current_language, fmt_date, fmt_int, t, tn
from services.action.catalogue import Catalogue, Entry, catalogue
from services.common.pdf import Document, dated_source
from services.common.spreadsheet import to_csv, to_xlsx
from vocabulary import STAKEHOLDER_GROUPS

Progress = Callable[[float, str], None]


def _section_name(name: str) -> str:
    return name or t("catalogue.no_section")


def support_line(entry: Entry) -> str:
    """ "23 dots from 11 participants" — or that nobody voted (yet)."""
    if not entry.dots:
        return t("catalogue.no_votes")
    return t(
        "catalogue.support",
        dots=tn("count.dots", entry.dots),
        voters=tn("count.from_participants", entry.voters),
    )


def groups_line(entry: Entry) -> str:
    """Support by stakeholder group, largest first: "Citizen 8 · Volunteer 6 · …"."""
    parts = sorted(entry.dots_by_group.items(), key=lambda kv: (-kv[1], STAKEHOLDER_GROUPS.index(kv[0])))
    return " · ".join(f"{t(f'group.{g}')} {fmt_int(d)}" for g, d in parts)


# --- PDF ---------------------------------------------------------------------------------


def catalogue_pdf(
    session: Session,
    process_id: int,
    *,
    municipality: str,
    today: date | None = None,
    on_progress: Progress | None = None,
) -> bytes:
    """Cover, introduction, contents, one section per theme (each entry with its support), page numbers."""
    book = catalogue(session, process_id)
    return render_pdf(book, municipality=municipality, today=today, on_progress=on_progress)


def render_pdf(
    book: Catalogue,
    *,
    municipality: str,
    today: date | None = None,
    on_progress: Progress | None = None,
) -> bytes:
    report = on_progress or (lambda _share, _label: None)
    today = today or clock.today()
    entries = book.entries
    kicker = t("catalogue_pdf.kicker")
    doc = Document(
        title=f"{kicker}: {book.process_title}", source=dated_source(municipality, today), cover=True
    )
    report(0.02, t("catalogue_pdf.step_cover"))
    doc.cover_page(
        kicker=kicker,
        title=book.process_title,
        subtitle=t(
            "catalogue_pdf.subtitle",
            entries=tn("count.ideas", len(entries)),
            sections=tn("count.in_sections", len(book.sections)),
        ),
        lines=[municipality, fmt_date(today)],
    )

    doc.add_page()
    doc.heading(t("catalogue_pdf.introduction"))
    doc.paragraph(book.intro or book.process_description)
    if book.workshops:
        doc.ln(2)
        doc.paragraph(t("catalogue_pdf.from_workshops"), bold=True, size=10)
        for title in book.workshops:
            doc.paragraph(f"• {title}", size=10)
    doc.ln(2)
    doc.paragraph(t("catalogue_pdf.how_to_read"), muted=True, size=9.5)
    doc.ln(4)
    doc.heading(t("catalogue_pdf.contents"), 2, outline=False)
    doc.table_block(
        [t("catalogue.section"), t("catalogue_pdf.entries")],
        [(_section_name(s.name), fmt_int(len(s.entries))) for s in book.sections],
        col_widths=(5, 1),
    )

    number = 0
    total = max(len(entries), 1)
    for section in book.sections:
        doc.add_page()
        doc.heading(_section_name(section.name))
        for entry in section.entries:
            number += 1
            _entry(doc, number, entry)
            report(0.05 + 0.85 * number / total, t("catalogue_pdf.step_entry", n=number, total=len(entries)))
    if not entries:
        doc.paragraph(t("catalogue.empty"), muted=True)
    report(0.95, t("catalogue_pdf.step_finish"))
    data = doc.to_bytes()
    report(1.0, t("catalogue_pdf.step_done"))
    return data


def _entry(doc: Document, number: int, entry: Entry) -> None:
    # Keep a short entry on one page: title, a few lines and the support line.
    doc.keep_together(32)
    doc.heading(f"{number}. {entry.title}", 2, outline=False)
    doc.paragraph(entry.body)
    doc.paragraph(support_line(entry), size=9, bold=True)
    if entry.dots_by_group:
        doc.paragraph(t("catalogue_pdf.by_group", groups=groups_line(entry)), size=9, muted=True)
    if entry.idea_title and (entry.idea_title != entry.title or entry.idea_description != entry.body):
        doc.paragraph(
            t("catalogue_pdf.original", title=entry.idea_title, workshop=entry.workshop_title),
            size=9,
            muted=True,
        )
    elif entry.workshop_title:
        doc.paragraph(t("catalogue_pdf.from_workshop", workshop=entry.workshop_title), size=9, muted=True)
    if entry.initiatives:
        led = ", ".join(f"{r.title} ({t(f'status.{r.status}')})" for r in entry.initiatives)
        doc.paragraph(t("catalogue_pdf.became", initiatives=led), size=9)
    doc.rule()


# --- tables ------------------------------------------------------------------------------


def _headers() -> list[str]:
    return [
        t("catalogue.number"),
        t("catalogue.section"),
        t("field.title"),
        t("field.entry_text"),
        t("catalogue.dots"),
        t("catalogue.voters"),
        *[t("catalogue.dots_from", group=t(f"group.{g}")) for g in STAKEHOLDER_GROUPS],
        t("catalogue.original_title"),
        t("field.workshop"),
        t("catalogue.initiatives"),
    ]


def _rows(book: Catalogue) -> list[list]:
    rows = []
    for number, e in enumerate(book.entries, start=1):
        rows.append(
            [
                number,
                _section_name(e.section),
                e.title,
                e.body,
                e.dots,
                e.voters,
                *[e.dots_by_group.get(g, 0) for g in STAKEHOLDER_GROUPS],
                e.idea_title,
                e.workshop_title,
                "; ".join(f"{r.title} ({t(f'status.{r.status}')})" for r in e.initiatives),
            ]
        )
    return rows


def catalogue_csv(session: Session, process_id: int) -> bytes:
    """The entries as CSV in the current language's Excel convention, like its headers."""
    return to_csv(_headers(), _rows(catalogue(session, process_id)), language=current_language())


def catalogue_xlsx(session: Session, process_id: int) -> bytes:
    book = catalogue(session, process_id)
    intro = [[book.process_title, book.intro or book.process_description]]
    return to_xlsx(
        [
            (t("catalogue_pdf.kicker"), _headers(), _rows(book)),
            (t("catalogue_pdf.introduction"), [t("field.process"), t("field.catalogue_intro")], intro),
        ]
    )
